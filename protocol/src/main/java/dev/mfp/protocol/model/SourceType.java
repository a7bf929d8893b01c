package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

/** See models.md §3. Lenient on input (snake_case, any case, PascalCase); unknown → 11001. */
public enum SourceType {
    NONE, ARCHIVE, CORE, SCRIPT;

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }

    @JsonCreator
    public static SourceType fromWire(String value) {
        SourceType t = WireEnums.parse(SourceType.class, value);
        if (t == null) {
            throw new IllegalArgumentException("unknown source type '" + value + "'");
        }
        return t;
    }
}
