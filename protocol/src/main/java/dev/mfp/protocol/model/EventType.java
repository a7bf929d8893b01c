package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

public enum EventType {
    INSTANCE_LOG,
    DAEMON_REPORT;

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }

    @JsonCreator
    public static EventType fromWire(String value) {
        EventType t = WireEnums.parse(EventType.class, value);
        if (t == null) {
            throw new IllegalArgumentException("unknown event type '" + value + "'");
        }
        return t;
    }
}
