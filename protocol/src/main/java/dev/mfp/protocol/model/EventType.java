package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

public enum EventType {
    /** Console lines carry secrets: delivered only to grants of {@code get_instance_log_history}'s node (events.md §3). */
    INSTANCE_LOG("mcsl.daemon.instance.log"),
    DAEMON_REPORT(null);

    private final String deliveryPermission;

    EventType(String deliveryPermission) {
        this.deliveryPermission = deliveryPermission;
    }

    /** The permission a connection needs to receive events of this type; null when none is needed. */
    public String deliveryPermission() {
        return deliveryPermission;
    }

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
