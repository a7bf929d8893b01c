package dev.mfp.daemon.event;

/** A connection as the event bus sees it. */
public interface EventSink {
    Subscriptions subscriptions();

    /** Queues an event frame; may drop it when the connection cannot keep up (see OutboundQueue). */
    void sendEvent(String text);
}
