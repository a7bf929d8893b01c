package dev.mfp.daemon.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.ProtocolInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** The main token and HS256 subtokens (transport.md §4). */
public final class TokenService {
    private final byte[] mainToken;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;

    public TokenService(String mainToken, String secret, Clock clock) {
        this.mainToken = mainToken.getBytes(StandardCharsets.UTF_8);
        this.algorithm = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.verifier = JWT.require(algorithm)
                .withIssuer(ProtocolInfo.JWT_ISSUER)
                .withAudience(ProtocolInfo.JWT_AUDIENCE)
                .withClaimPresence("permissions")
                .acceptLeeway(0)
                .build();
    }

    /** Constant-time comparison with the main token. */
    public boolean isMainToken(String token) {
        return token != null && MessageDigest.isEqual(mainToken, token.getBytes(StandardCharsets.UTF_8));
    }

    /** Mints a subtoken; {@code permissions} must already be valid per the grammar. */
    public String mint(String permissions, long expiresSeconds) {
        Instant exp = clock.instant().plusSeconds(expiresSeconds);
        return JWT.create()
                .withIssuer(ProtocolInfo.JWT_ISSUER)
                .withAudience(ProtocolInfo.JWT_AUDIENCE)
                .withExpiresAt(exp)
                .withJWTId(UUID.randomUUID().toString())
                .withClaim("permissions", permissions)
                .sign(algorithm);
    }

    /** The grant of a main token or a valid, unexpired subtoken; null for anything else. */
    public Grant verify(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (isMainToken(token)) {
            return new Grant(Grant.MAIN_JTI, Permissions.ALL, null);
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return null;
        }
        Instant exp = jwt.getExpiresAtAsInstant();
        // Zero skew, millisecond precision: a token is dead from its exp second on.
        if (exp == null || !clock.instant().isBefore(exp)) {
            return null;
        }
        String perms = jwt.getClaim("permissions").asString();
        if (!Permissions.isValidList(perms)) {
            return null;
        }
        UUID jti;
        try {
            jti = jwt.getId() == null ? Grant.MAIN_JTI : UUID.fromString(jwt.getId());
        } catch (IllegalArgumentException e) {
            jti = Grant.MAIN_JTI;
        }
        return new Grant(jti, Permissions.parse(perms), exp);
    }
}
