package dev.mfp.daemon.metrics;

/**
 * Where a front end's dispatcher counts one answered request ({@code mfp_requests_total} and
 * {@code mfp_request_duration_seconds} of its {@code api}).
 */
@FunctionalInterface
public interface RequestMetrics {
    /** Counts nothing (metrics off, or a dispatcher built without them). */
    RequestMetrics NONE = (method, ok, startNanos) -> { };

    /**
     * A request answered now.
     *
     * @param method the v1 action or v2 method name; null when the request named none the daemon knows (counted as
     *     {@code unknown}, so that a client cannot create series at will)
     * @param ok whether the answer is a success
     * @param startNanos {@link System#nanoTime()} when the daemon began with it
     */
    void observe(String method, boolean ok, long startNanos);
}
