package dev.mfp.daemon.transport;

import dev.mfp.daemon.auth.Grant;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One connection as a front end sees it, whatever carries it: who it is, its per-feature state and clean-up hooks,
 * its ordered outbound queue and its reading. {@link Connection} is the WebSocket one.
 */
public interface Channel {
    Grant grant();

    UUID connectionId();

    /** False once the connection is closing. */
    boolean isOpen();

    <T> T attachment(Class<T> key, Supplier<T> factory);

    /** Runs once when the connection ends. */
    void onClose(Runnable hook);

    /** Queues a response; {@code onSent} runs once it has left (or failed to leave) the queue. */
    void sendResponse(String text, Runnable onSent);

    /**
     * Queues an event's text frame, UTF-8 encoded: one array for every connection the event goes to, never changed;
     * false when it was dropped (v1: the connection cannot keep up).
     */
    boolean sendEvent(byte[] utf8);

    /** Queues a binary message, preceded by {@code text} when not null; {@code onSent} may be null. */
    void sendBinary(String text, ByteBuffer payload, Runnable onSent);

    /** Stops reading frames until {@link #resumeReading()}. */
    void holdReading();

    void resumeReading();

    void close(int code, String reason);
}
