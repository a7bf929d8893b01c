package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

/** See models.md §3. Lenient on input (snake_case, any case, PascalCase); unknown → 11001. */
public enum InstanceFactoryMirror {
    NONE, BMCL_API;

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }

    @JsonCreator
    public static InstanceFactoryMirror fromWire(String value) {
        InstanceFactoryMirror t = WireEnums.parse(InstanceFactoryMirror.class, value);
        if (t == null) {
            throw new IllegalArgumentException("unknown mirror '" + value + "'");
        }
        return t;
    }
}
