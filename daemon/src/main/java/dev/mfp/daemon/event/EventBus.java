package dev.mfp.daemon.event;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The core's one event stream (v2 events.md §5): every publication gets the next daemon-wide sequence number and
 * reaches the subscribers in that order, whether or not any of them takes it. Publishing never blocks: subscribers
 * only queue.
 */
public final class EventBus {
    private final Set<EventSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private long sequence;

    public void register(EventSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unregister(EventSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public boolean hasSubscribers(DaemonEventType type) {
        for (EventSubscriber s : subscribers) {
            if (s.wants(type)) {
                return true;
            }
        }
        return false;
    }

    public void publishInstanceLog(UUID instanceId, String line) {
        publish(DaemonEventType.INSTANCE_LOG, instanceId, line);
    }

    public void publish(DaemonEventType type, UUID instanceId, Object data) {
        synchronized (this) {
            DaemonEvent event = new DaemonEvent(++sequence, System.currentTimeMillis(), type, instanceId, data);
            for (EventSubscriber s : subscribers) {
                if (s.wants(type)) {
                    s.onEvent(event);
                }
            }
        }
    }
}
