package dev.mfp.daemon;

/**
 * A part of the core (files, instances, …) with a lifecycle: created with the {@link DaemonContext}, its services
 * wired into the front ends ({@code api.v1.V1Actions}) before the server starts, started after it, and closed in
 * reverse order at shutdown. A feature knows no front end.
 */
public interface Feature extends AutoCloseable {
    default void start() throws Exception {
    }

    @Override
    default void close() {
    }
}
