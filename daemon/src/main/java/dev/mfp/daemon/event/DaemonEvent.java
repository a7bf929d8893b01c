package dev.mfp.daemon.event;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * One published event: its daemon-wide sequence number (from 1, one per publication), the time of publication
 * (epoch ms), its type, the instance it concerns (null for daemon-wide events) and its data.
 *
 * <p>A front end renders an event once for all its connections: {@link #rendered} keeps one rendering per front end
 * (there are two), so a line seen by a hundred v1 connections is serialized once.
 */
public final class DaemonEvent {
    private final long sequence;
    private final long timestamp;
    private final DaemonEventType type;
    private final UUID instanceId;
    private final Object data;
    private Object key1;
    private Object value1;
    private Object key2;
    private Object value2;

    DaemonEvent(long sequence, long timestamp, DaemonEventType type, UUID instanceId, Object data) {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.type = type;
        this.instanceId = instanceId;
        this.data = data;
    }

    public long sequence() {
        return sequence;
    }

    public long timestamp() {
        return timestamp;
    }

    public DaemonEventType type() {
        return type;
    }

    public UUID instanceId() {
        return instanceId;
    }

    public Object data() {
        return data;
    }

    /** The rendering of this event by the front end identified by {@code key}, made on first request. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T rendered(Object key, Supplier<T> render) {
        if (key1 == key) {
            return (T) value1;
        }
        if (key2 == key) {
            return (T) value2;
        }
        T value = render.get();
        if (key1 == null) {
            key1 = key;
            value1 = value;
        } else if (key2 == null) {
            key2 = key;
            value2 = value;
        }
        return value;
    }
}
