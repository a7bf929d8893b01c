package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

/** See models.md §3. Lenient on input (snake_case, any case, PascalCase); unknown → 11001. */
public enum InstanceStatus {
    STARTING, RUNNING, STOPPING, STOPPED, CRASHED;

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }

    @JsonCreator
    public static InstanceStatus fromWire(String value) {
        InstanceStatus t = WireEnums.parse(InstanceStatus.class, value);
        if (t == null) {
            throw new IllegalArgumentException("unknown instance status '" + value + "'");
        }
        return t;
    }
}
