package dev.mfp.daemon.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Daemon-wide transport bounds, from optional {@code config.json} keys (defaults suit the launcher's 256 MiB heap).
 * Per-connection bounds are constants of {@link Connection} and {@link DaemonServer}.
 *
 * @param maxOutboundBytes bytes queued for sending on all connections together ({@code max_outbound_bytes})
 * @param maxUnfinishedMessageBytes bytes held for WebSocket messages still being received, all connections together
 *     ({@code max_unfinished_message_bytes})
 * @param maxPendingConnections connections not (yet) an authenticated WebSocket, from all addresses
 *     ({@code max_pending_connections})
 * @param maxPendingPerAddress the same from one remote address ({@code max_pending_connections_per_address})
 * @param httpRequestTimeoutMs time a connection has for each HTTP exchange (request, upgrade), and to stay idle
 *     between two ({@code http_request_timeout_ms})
 */
public record TransportLimits(long maxOutboundBytes, long maxUnfinishedMessageBytes, int maxPendingConnections,
        int maxPendingPerAddress, long httpRequestTimeoutMs) {
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_UNFINISHED_MESSAGE_BYTES = 48L << 20;
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 16;
    public static final long DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 10_000;

    public static TransportLimits defaults() {
        return new TransportLimits(DEFAULT_MAX_OUTBOUND_BYTES, DEFAULT_MAX_UNFINISHED_MESSAGE_BYTES,
                DEFAULT_MAX_PENDING_CONNECTIONS, DEFAULT_MAX_PENDING_PER_ADDRESS, DEFAULT_HTTP_REQUEST_TIMEOUT_MS);
    }

    /** Reads the optional keys; a key that is present must be a positive integer. */
    public static TransportLimits fromConfig(JsonNode tree) throws IOException {
        return new TransportLimits(positive(tree, "max_outbound_bytes", DEFAULT_MAX_OUTBOUND_BYTES),
                positive(tree, "max_unfinished_message_bytes", DEFAULT_MAX_UNFINISHED_MESSAGE_BYTES),
                (int) Math.min(Integer.MAX_VALUE,
                        positive(tree, "max_pending_connections", DEFAULT_MAX_PENDING_CONNECTIONS)),
                (int) Math.min(Integer.MAX_VALUE,
                        positive(tree, "max_pending_connections_per_address", DEFAULT_MAX_PENDING_PER_ADDRESS)),
                positive(tree, "http_request_timeout_ms", DEFAULT_HTTP_REQUEST_TIMEOUT_MS));
    }

    private static long positive(JsonNode tree, String key, long fallback) throws IOException {
        JsonNode v = tree == null ? null : tree.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
            throw new IOException("config.json: " + key + " must be a positive integer");
        }
        return v.asLong();
    }
}
