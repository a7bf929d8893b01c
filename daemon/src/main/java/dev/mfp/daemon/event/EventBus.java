package dev.mfp.daemon.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.EventType;
import dev.mfp.protocol.model.InstanceLogData;
import dev.mfp.protocol.model.InstanceLogMeta;
import dev.mfp.protocol.wire.EventPacket;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans events out to the connections whose subscriptions accept them. An event is serialized at most once,
 * and only if some connection wants it. Publishing never blocks: each sink has its own bounded queue.
 */
public final class EventBus {
    private final Set<EventSink> sinks = ConcurrentHashMap.newKeySet();

    public void register(EventSink sink) {
        sinks.add(sink);
    }

    public void unregister(EventSink sink) {
        sinks.remove(sink);
    }

    public boolean hasSubscribers(EventType type) {
        for (EventSink s : sinks) {
            if (s.subscriptions().isSubscribed(type)) {
                return true;
            }
        }
        return false;
    }

    public void publishInstanceLog(UUID instanceId, String line) {
        publish(EventType.INSTANCE_LOG, instanceId, new InstanceLogMeta(instanceId), new InstanceLogData(line));
    }

    /**
     * @param metaKey the filter key (instance id) or null for meta-less events
     * @param meta the {@code meta} object put on the wire (null for meta-less events)
     */
    public void publish(EventType type, UUID metaKey, Object meta, Object data) {
        String text = null;
        for (EventSink s : sinks) {
            if (s.subscriptions().accepts(type, metaKey) && s.mayReceive(type)) {
                if (text == null) {
                    text = serialize(new EventPacket(type.wire(), meta, data, System.currentTimeMillis()));
                }
                s.sendEvent(text);
            }
        }
    }

    private static String serialize(EventPacket packet) {
        try {
            return Json.mapper().writeValueAsString(packet);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
    }
}
