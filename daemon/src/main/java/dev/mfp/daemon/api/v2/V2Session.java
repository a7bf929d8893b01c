package dev.mfp.daemon.api.v2;

import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.transport.Channel;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One v2 connection as methods see it: who it is (subject, main token, grants), its event subscriptions, its
 * per-feature session tables ({@link #attachment}) and its clean-up hooks.
 */
public final class V2Session {
    private final Channel connection;
    private final V2EventSink events;

    V2Session(Channel connection, V2EventSink events) {
        this.connection = connection;
        this.events = events;
    }

    public Grant grant() {
        return connection.grant();
    }

    public String subject() {
        return connection.grant().subject();
    }

    public boolean isMainToken() {
        return connection.grant().main();
    }

    public UUID connectionId() {
        return connection.connectionId();
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    V2EventSink events() {
        return events;
    }

    /** Per-connection state of a feature (its upload sessions, …), created on first use. */
    public <T> T attachment(Class<T> key, Supplier<T> factory) {
        return connection.attachment(key, factory);
    }

    /** Runs once when the connection ends (transport.md §7). */
    public void onClose(Runnable hook) {
        connection.onClose(hook);
    }

    /** Queues a notification that is not an event (an upload acknowledgement). */
    public void notify(String text) {
        connection.sendResponse(text, () -> { });
    }

    /** Queues a binary frame. */
    public void sendBinary(ByteBuffer frame) {
        connection.sendBinary(null, frame, null);
    }

    /** Aborts the connection (1011, transport.md §5). */
    public void abort() {
        connection.close(V2FrontEnd.ABORT_CODE, V2FrontEnd.ABORT_REASON);
    }

    Channel channel() {
        return connection;
    }
}
