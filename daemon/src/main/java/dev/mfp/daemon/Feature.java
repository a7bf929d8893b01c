package dev.mfp.daemon;

import dev.mfp.daemon.action.ActionRegistry;
import dev.mfp.daemon.transport.BinaryMessageHandler;

/**
 * A part of the daemon (files, instances, …) that contributes action handlers and has a lifecycle.
 * Features are created with the {@link DaemonContext}, registered before the server starts, started
 * after it, and closed in reverse order at shutdown.
 */
public interface Feature extends AutoCloseable {
    void register(ActionRegistry registry);

    /** The feature that consumes binary WebSocket frames, if this is it. */
    default BinaryMessageHandler binaryHandler() {
        return null;
    }

    default void start() throws Exception {
    }

    @Override
    default void close() {
    }
}
