package dev.mfp.daemon.transport;

import dev.mfp.daemon.auth.Grant;
import java.util.List;
import java.util.function.Function;

/**
 * One WebSocket path and the protocol served there: the paths it answers (exact matches), how it verifies the
 * {@code token} query parameter before the upgrade (null = 401), and its front end and connection settings.
 */
public record Endpoint(List<String> paths, Function<String, Grant> verifier, FrontEnd frontEnd,
        ConnectionSettings settings) {
}
