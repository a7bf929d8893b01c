package dev.mfp.daemon.auth;

import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.v2.V2PermissionSet;
import java.time.Instant;
import java.util.UUID;

/**
 * What a verified token grants: its id, expiry (null = never), subject, whether it is the main token, and its
 * permissions read under each protocol's grammar (v1 nodes for {@code /api/v1}, v2 patterns for {@code /api/v2};
 * a token is only accepted on a path whose rules it meets, so the other reading may be empty).
 */
public record Grant(UUID jti, Permissions permissions, Instant expiresAt, String subject, V2PermissionSet v2,
        boolean main) {
    public static final UUID MAIN_JTI = new UUID(0L, 0L);
    /** The subject of main-token connections (v2 transport.md §3.3). */
    public static final String MAIN_SUBJECT = "daemon-main";
}
