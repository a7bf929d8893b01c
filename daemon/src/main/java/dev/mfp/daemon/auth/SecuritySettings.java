package dev.mfp.daemon.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@code security} section of {@code config.json} (v2 transport.md §1, decisions.md #1: a nested object).
 *
 * @param allowMainTokenIssue whether {@code mcsl.auth.token.issue} is enabled
 * @param maxTokenTtlSeconds upper bound of an issued token's lifetime; values below 1 count as 1
 * @param apiCanonicalUri the audience accepted on {@code /api/v2} besides the issuer name
 */
public record SecuritySettings(boolean allowMainTokenIssue, int maxTokenTtlSeconds, String apiCanonicalUri) {
    public static final String DEFAULT_CANONICAL_URI = "mcsl://daemon/api/v2";
    public static final int DEFAULT_MAX_TTL = 2_592_000;

    public static SecuritySettings defaults() {
        return new SecuritySettings(true, DEFAULT_MAX_TTL, DEFAULT_CANONICAL_URI);
    }

    public static SecuritySettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("security");
        if (s == null || s.isNull()) {
            return defaults();
        }
        if (!s.isObject()) {
            throw new IOException("config.json: security must be an object");
        }
        boolean allow = true;
        JsonNode a = s.get("allow_main_token_issue");
        if (a != null && !a.isNull()) {
            if (!a.isBoolean()) {
                throw new IOException("config.json: security.allow_main_token_issue must be a boolean");
            }
            allow = a.booleanValue();
        }
        int ttl = DEFAULT_MAX_TTL;
        JsonNode t = s.get("max_token_ttl_seconds");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToInt()) {
                throw new IOException("config.json: security.max_token_ttl_seconds must be an int32");
            }
            ttl = t.intValue();
        }
        String uri = DEFAULT_CANONICAL_URI;
        JsonNode u = s.get("api_canonical_uri");
        if (u != null && !u.isNull()) {
            if (!u.isTextual()) {
                throw new IOException("config.json: security.api_canonical_uri must be a string");
            }
            if (!u.textValue().isBlank()) {
                uri = u.textValue();
            }
        }
        return new SecuritySettings(allow, ttl, uri);
    }

    /** {@code max(1, max_token_ttl_seconds)}. */
    public int effectiveMaxTtl() {
        return Math.max(1, maxTokenTtlSeconds);
    }
}
