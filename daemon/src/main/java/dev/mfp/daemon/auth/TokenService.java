package dev.mfp.daemon.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Claim;
import dev.mfp.protocol.Permissions;
import dev.mfp.protocol.ProtocolInfo;
import dev.mfp.protocol.v2.V2PermissionSet;
import dev.mfp.protocol.v2.V2Permissions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The main token and the HS256 JWTs of both protocols: v1 subtokens (v1 transport.md §4) and v2 tokens (v2
 * transport.md §4.3), signed with the one secret but verified under each path's own claim rules.
 */
public final class TokenService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenService.class);
    private final byte[] mainToken;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final JWTVerifier v2Verifier;
    private final Clock clock;

    public TokenService(String mainToken, String secret, Clock clock) {
        this(mainToken, secret, clock, SecuritySettings.DEFAULT_CANONICAL_URI);
    }

    public TokenService(String mainToken, String secret, Clock clock, String canonicalUri) {
        this.mainToken = mainToken.getBytes(StandardCharsets.UTF_8);
        this.algorithm = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.verifier = JWT.require(algorithm)
                .withIssuer(ProtocolInfo.JWT_ISSUER)
                .withAudience(ProtocolInfo.JWT_AUDIENCE)
                .withClaimPresence("permissions")
                .acceptLeeway(0)
                .build();
        this.v2Verifier = JWT.require(algorithm)
                .withIssuer(ProtocolInfo.JWT_ISSUER)
                .withAnyOfAudience(ProtocolInfo.JWT_AUDIENCE, canonicalUri)
                .withClaimPresence("permissions")
                .withClaimPresence("exp")
                .acceptLeeway(0)
                .build();
    }

    private static final Grant MAIN = new Grant(Grant.MAIN_JTI, Permissions.ALL, null, Grant.MAIN_SUBJECT,
            V2PermissionSet.ALL, true);

    /** A JWT that {@code rules} accept and whose {@code exp} is still ahead; null otherwise. */
    private DecodedJWT live(String token, JWTVerifier rules) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        DecodedJWT jwt;
        try {
            jwt = rules.verify(token);
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return null;
        }
        Instant exp = jwt.getExpiresAtAsInstant();
        // Zero skew, millisecond precision: a token is dead from its exp second on.
        return exp == null || !clock.instant().isBefore(exp) ? null : jwt;
    }

    /** Constant-time comparison with the main token. */
    public boolean isMainToken(String token) {
        return token != null && MessageDigest.isEqual(mainToken, token.getBytes(StandardCharsets.UTF_8));
    }

    /** Mints a subtoken; {@code permissions} must already be valid per the grammar. */
    public String mint(String permissions, long expiresSeconds) {
        Instant exp = clock.instant().plusSeconds(expiresSeconds);
        UUID jti = UUID.randomUUID();
        String token = JWT.create()
                .withIssuer(ProtocolInfo.JWT_ISSUER)
                .withAudience(ProtocolInfo.JWT_AUDIENCE)
                .withExpiresAt(exp)
                .withJWTId(jti.toString())
                .withSubject("token:" + jti)
                .withClaim("permissions", permissions)
                .sign(algorithm);
        LOG.info("subtoken {} minted with the main token: permissions={} expires in {} s", jti, permissions,
                expiresSeconds);
        return token;
    }

    /** A v2 token as {@code mcsl.auth.token.issue} makes it (v2 transport.md §4.4); checks are the caller's. */
    public Issued issue(String subject, String audience, List<String> permissions, int ttlSeconds) {
        Instant now = clock.instant();
        Instant exp = now.plusSeconds(ttlSeconds);
        String jti = UUID.randomUUID().toString().replace("-", "");
        String token = JWT.create()
                .withSubject(subject)
                .withJWTId(jti)
                .withClaim("permissions", String.join(",", permissions))
                .withIssuer(ProtocolInfo.JWT_ISSUER)
                .withAudience(audience)
                .withNotBefore(now)
                .withExpiresAt(exp)
                .sign(algorithm);
        LOG.info("token {} issued to subject {} for audience {}: permissions={} expires in {} s", jti, subject,
                audience, String.join(",", permissions), ttlSeconds);
        return new Issued(token, jti, Instant.ofEpochSecond(exp.getEpochSecond()));
    }

    /** An issued v2 token, its id ({@code jti}, 32 hex) and its expiry (whole seconds, as in the token). */
    public record Issued(String token, String tokenId, Instant expiresAt) {
    }

    /**
     * The grant of the main token or of a JWT valid on {@code /api/v2}; null (401) for anything else. The checks
     * the spec allows after the upgrade (all-zero {@code jti}, reserved {@code sub}) are made here, before it.
     */
    public Grant verifyV2(String token) {
        if (isMainToken(token)) {
            return MAIN;
        }
        DecodedJWT jwt = live(token, v2Verifier);
        if (jwt == null) {
            return null;
        }
        Instant now = clock.instant();
        Instant exp = jwt.getExpiresAtAsInstant();
        Instant nbf = jwt.getNotBeforeAsInstant();
        if (nbf != null && now.isBefore(nbf)) {
            return null;
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isEmpty() || isReservedSubject(subject)) {
            return null;
        }
        UUID jti = parseJti(jwt.getId());
        if (jti == null || jti.equals(Grant.MAIN_JTI)) {
            return null;
        }
        Claim claim = jwt.getClaim("permissions");
        String perms = claim.isMissing() || claim.isNull() ? null : claim.asString();
        List<String> patterns = perms == null ? null : V2Permissions.parseClaim(perms);
        if (patterns == null) {
            return null;
        }
        Permissions v1 = Permissions.isValidList(perms) ? Permissions.parse(perms) : Permissions.NONE;
        return new Grant(jti, v1, exp, subject, V2PermissionSet.of(patterns), false);
    }

    /** {@code *}, {@code daemon-main} and anything starting with {@code plugin:} (v2 transport.md §3.2). */
    public static boolean isReservedSubject(String subject) {
        return subject.equals("*") || subject.equals(Grant.MAIN_SUBJECT) || subject.startsWith("plugin:");
    }

    /** A hyphenated or 32-hex UUID; null otherwise. */
    static UUID parseJti(String id) {
        if (id == null) {
            return null;
        }
        String s = id;
        if (s.length() == 32 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            s = s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16) + "-" + s.substring(16, 20)
                    + "-" + s.substring(20);
        }
        if (s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The grant of a main token or a valid, unexpired subtoken; null for anything else. */
    public Grant verify(String token) {
        if (isMainToken(token)) {
            return MAIN;
        }
        DecodedJWT jwt = live(token, verifier);
        if (jwt == null) {
            return null;
        }
        Instant exp = jwt.getExpiresAtAsInstant();
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
        String subject = jwt.getSubject() != null ? jwt.getSubject() : "token:" + jti;
        return new Grant(jti, Permissions.parse(perms), exp, subject, V2PermissionSet.NONE, false);
    }
}
