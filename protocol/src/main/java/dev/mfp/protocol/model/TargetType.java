package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

/** See models.md §3. Lenient on input (snake_case, any case, PascalCase); unknown → 11001. */
public enum TargetType {
    JAR, SCRIPT, EXECUTABLE;

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }

    @JsonCreator
    public static TargetType fromWire(String value) {
        TargetType t = WireEnums.parse(TargetType.class, value);
        if (t == null) {
            throw new IllegalArgumentException("unknown target type '" + value + "'");
        }
        return t;
    }
}
