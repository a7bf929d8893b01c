package dev.mfp.daemon.api.v1.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mfp.daemon.api.v1.V1Shapes;
import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.event.DaemonEvent;
import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.DaemonReportData;
import dev.mfp.daemon.event.EventSubscriber;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.DaemonReport;
import dev.mfp.protocol.model.EventType;
import dev.mfp.protocol.model.InstanceLogData;
import dev.mfp.protocol.model.InstanceLogMeta;
import dev.mfp.protocol.wire.EventPacket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One v1 connection on the core's event stream: renders {@code instance_log} and {@code daemon_report} (v1
 * events.md) for the connection's subscriptions and grant, and ignores the event types v1 does not have.
 */
public final class V1EventSink implements EventSubscriber {
    /** The key of v1's rendering of an event, shared by all v1 connections. */
    private static final Object RENDERING = new Object();

    private final Subscriptions subscriptions;
    private final boolean[] receivable = new boolean[EventType.values().length];
    private final Predicate<byte[]> send;
    private final Consumer<String> dropped;

    /**
     * {@code send} queues an event frame (UTF-8, shared by every v1 connection the event goes to) and answers false
     * when it dropped it (the connection cannot keep up); {@code dropped} is then told the event's wire name.
     */
    public V1EventSink(Subscriptions subscriptions, Grant grant, Predicate<byte[]> send, Consumer<String> dropped) {
        this.subscriptions = subscriptions;
        this.send = send;
        this.dropped = dropped;
        for (EventType t : EventType.values()) {
            receivable[t.ordinal()] = t.deliveryPermission() == null
                    || grant.permissions().allows(t.deliveryPermission());
        }
    }

    private static EventType v1Type(DaemonEventType type) {
        return switch (type) {
            case INSTANCE_LOG -> EventType.INSTANCE_LOG;
            case DAEMON_REPORT -> EventType.DAEMON_REPORT;
            default -> null;
        };
    }

    @Override
    public boolean wants(DaemonEventType type) {
        EventType t = v1Type(type);
        return t != null && subscriptions.isSubscribed(t);
    }

    @Override
    public void onEvent(DaemonEvent event) {
        EventType t = v1Type(event.type());
        if (t == null || !receivable[t.ordinal()] || !subscriptions.accepts(t, event.instanceId())) {
            return;
        }
        if (!send.test(event.rendered(RENDERING, () -> render(t, event)))) {
            dropped.accept(t.wire());
        }
    }

    private static byte[] render(EventType t, DaemonEvent event) {
        EventPacket packet = switch (t) {
            case INSTANCE_LOG -> new EventPacket(t.wire(), new InstanceLogMeta(event.instanceId()),
                    new InstanceLogData((String) event.data()), event.timestamp());
            case DAEMON_REPORT -> {
                DaemonReportData d = (DaemonReportData) event.data();
                yield new EventPacket(t.wire(), null, new ReportData(V1Shapes.daemonReport(d.host(),
                        d.startTimestamp())), event.timestamp());
            }
        };
        try {
            // through a String, as before: a lone surrogate in a line becomes '?' instead of failing the encoder
            return Json.mapper().writeValueAsString(packet).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serializable", e);
        }
    }

    /** {@code {"report": DaemonReport}}. */
    record ReportData(DaemonReport report) {
    }
}
