package dev.mfp.daemon.auth;

import dev.mfp.protocol.Permissions;
import java.time.Instant;
import java.util.UUID;

/** What a verified token grants: its id, permissions and expiry (null = never). */
public record Grant(UUID jti, Permissions permissions, Instant expiresAt) {
    public static final UUID MAIN_JTI = new UUID(0L, 0L);
}
