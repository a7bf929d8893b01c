package dev.mfp.daemon.transport;

import dev.mfp.daemon.auth.Grant;
import java.util.List;
import java.util.function.Function;

/**
 * One WebSocket path and the protocol served there: the paths it answers (exact matches), how it verifies the
 * {@code token} query parameter before the upgrade (null = 401), its front end and connection settings, and its
 * name ({@code v1}, {@code v2}: the {@code api} label of the connection metrics).
 */
public record Endpoint(List<String> paths, Function<String, Grant> verifier, FrontEnd frontEnd,
        ConnectionSettings settings, String api) {
    /** Named after the last segment of its first path ({@code /api/v2} → {@code v2}). */
    public Endpoint(List<String> paths, Function<String, Grant> verifier, FrontEnd frontEnd,
            ConnectionSettings settings) {
        this(paths, verifier, frontEnd, settings, nameOf(paths.get(0)));
    }

    private static String nameOf(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
