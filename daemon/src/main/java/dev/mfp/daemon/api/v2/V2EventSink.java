package dev.mfp.daemon.api.v2;

import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.event.DaemonEvent;
import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.DaemonReportData;
import dev.mfp.daemon.event.EventSubscriber;
import dev.mfp.daemon.event.NotificationData;
import dev.mfp.daemon.api.v2.methods.InstanceMethods;
import dev.mfp.daemon.instance.InstanceCatalog;
import dev.mfp.protocol.v2.model.CatalogChangedData;
import dev.mfp.protocol.v2.model.EventParams;
import dev.mfp.protocol.v2.model.InstanceLogData;
import dev.mfp.protocol.v2.model.InstanceMeta;
import dev.mfp.protocol.v2.model.NotificationMeta;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One v2 connection's subscriptions (events.md §3) and their delivery: a key is an event and a canonical meta, or
 * the event alone (all metas); an event is sent once if either key is held, and only to grants that
 * client-compat.md §4 names for it.
 */
final class V2EventSink implements EventSubscriber {
    /** The key of v2's rendering of an event, shared by all v2 connections. */
    private static final Object RENDERING = new Object();
    /** Most subscription keys one connection may hold (the v1 bound of hardening item 12). */
    static final int MAX_KEYS = 1024;

    /** A subscription: the event and the canonical meta (null = every meta). */
    record Key(V2Event event, Object meta) {
    }

    private final Set<Key> keys = ConcurrentHashMap.newKeySet();
    /** Keys held per event, so that {@link #wants} is cheap; written under this object's lock. */
    private final int[] perEvent = new int[V2Event.values().length];
    private final boolean[] receivable = new boolean[V2Event.values().length];
    private final Consumer<byte[]> send;

    /** {@code send} queues an event's frame (UTF-8, shared by every v2 connection the event goes to). */
    V2EventSink(Grant grant, Consumer<byte[]> send) {
        this.send = send;
        for (V2Event e : V2Event.values()) {
            receivable[e.ordinal()] = e.deliverableTo(grant.v2());
        }
    }

    /** False when the connection already holds {@link #MAX_KEYS} other keys. */
    synchronized boolean subscribe(Key key) {
        if (keys.contains(key)) {
            return true;
        }
        if (keys.size() >= MAX_KEYS) {
            return false;
        }
        keys.add(key);
        perEvent[key.event().ordinal()]++;
        return true;
    }

    synchronized void unsubscribe(Key key) {
        if (keys.remove(key)) {
            perEvent[key.event().ordinal()]--;
        }
    }

    synchronized void clear() {
        keys.clear();
        java.util.Arrays.fill(perEvent, 0);
    }

    @Override
    public boolean wants(DaemonEventType type) {
        V2Event e = V2Event.of(type);
        if (e == null || !receivable[e.ordinal()]) {
            return false;
        }
        synchronized (this) {
            return perEvent[e.ordinal()] > 0;
        }
    }

    @Override
    public void onEvent(DaemonEvent event) {
        V2Event e = V2Event.of(event.type());
        if (e == null || !receivable[e.ordinal()]) {
            return;
        }
        if (event.type() == DaemonEventType.INSTANCE_LOG && ((String) event.data()).isBlank()) {
            return; // events.md §4.1: blank lines are not published on v2 (v1 has every line)
        }
        Object meta = meta(event);
        if (meta == null && e.metaRequired()) {
            return;
        }
        if (!keys.contains(new Key(e, null)) && (meta == null || !keys.contains(new Key(e, meta)))) {
            return;
        }
        send.accept(event.rendered(RENDERING, () -> render(e, event, meta)));
    }

    private static Object meta(DaemonEvent event) {
        return switch (event.type()) {
            case INSTANCE_LOG, INSTANCE_DAEMON_LOG -> new InstanceMeta(event.instanceId());
            case NOTIFICATION -> {
                NotificationData n = (NotificationData) event.data();
                if (event.instanceId() == null || n.ruleId() == null || isZero(event.instanceId())
                        || isZero(n.ruleId())) {
                    yield null; // events.md §4.4: never published with an empty id
                }
                yield new NotificationMeta(event.instanceId(), n.ruleId());
            }
            default -> null;
        };
    }

    private static boolean isZero(UUID id) {
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0;
    }

    private static byte[] render(V2Event e, DaemonEvent event, Object meta) {
        Object data = switch (event.type()) {
            case INSTANCE_LOG, INSTANCE_DAEMON_LOG -> new InstanceLogData((String) event.data());
            case DAEMON_REPORT -> {
                DaemonReportData d = (DaemonReportData) event.data();
                yield V2Shapes.daemonReport(d.host(), d.startTimestamp());
            }
            case NOTIFICATION -> {
                NotificationData n = (NotificationData) event.data();
                yield new dev.mfp.protocol.v2.model.NotificationData(n.title(), n.message(), n.severity());
            }
            case INSTANCE_CATALOG_CHANGED -> {
                InstanceCatalog.Change c = (InstanceCatalog.Change) event.data();
                yield c.snapshot() == null ? CatalogChangedData.remove(c.version(), c.instanceId())
                        : CatalogChangedData.upsert(c.version(), InstanceMethods.item(c.snapshot()));
            }
        };
        return V2Responses.notification(e.wireName(), new EventParams(event.sequence(), event.timestamp(), meta,
                data)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
