package dev.mfp.daemon.api.v1;

import dev.mfp.daemon.api.v1.events.Subscriptions;
import dev.mfp.protocol.Permissions;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/** What a handler may know about the connection a request came from. */
public interface RequestContext {
    UUID connectionId();

    /** The token's {@code jti}; the zero UUID for the main token. */
    UUID jti();

    Permissions permissions();

    /** Null for the main token (never expires). */
    Instant expiresAt();

    /** The connection's v1 event filters. */
    default Subscriptions subscriptions() {
        return attachment(Subscriptions.class, Subscriptions::new);
    }

    /** Registers clean-up to run once when the connection closes (e.g. cancel its uploads). */
    void onClose(Runnable hook);

    /** Per-connection state of a feature, created on first use (e.g. the connection's open download sessions). */
    <T> T attachment(Class<T> key, Supplier<T> factory);

    /** Sends a raw text frame on this connection (used for binary-upload acknowledgements). */
    void sendText(String text);
}
