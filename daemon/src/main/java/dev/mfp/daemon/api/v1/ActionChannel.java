package dev.mfp.daemon.api.v1;

/** The dispatcher's view of a connection: the request context plus response delivery and the in-flight bound. */
public interface ActionChannel extends RequestContext {
    /** Takes one in-flight slot; false when the connection's bound is reached (answered 10005). */
    boolean tryAcquireSlot();

    /** Returns a slot taken by {@link #tryAcquireSlot()}. */
    void releaseSlot();

    /** False once the connection is closing: work for it is not started any more. */
    default boolean isOpen() {
        return true;
    }

    /** Queues a response frame; {@code onSent} runs once it has left (or failed to leave) the queue. */
    void sendResponse(String text, Runnable onSent);
}
