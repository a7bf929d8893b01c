package dev.mfp.daemon.event;

/** A connection as the event bus sees it. */
public interface EventSink {
    Subscriptions subscriptions();

    /** Whether this connection's grant holds the {@link dev.mfp.protocol.model.EventType#deliveryPermission()} of {@code type}. */
    boolean mayReceive(dev.mfp.protocol.model.EventType type);

    /** Queues an event frame; may drop it when the connection cannot keep up (see OutboundQueue). */
    void sendEvent(String text);
}
