package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.api.v2.V2Shapes;
import dev.mfp.daemon.auth.SecuritySettings;
import dev.mfp.daemon.auth.TokenService;
import dev.mfp.daemon.host.JavaScanner;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.protocol.v2.V2Permissions;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Daemon, system and auth methods (methods.md §3). */
public final class SystemMethods {
    static final RpcObjectType TOKEN_ISSUE = RpcObjectType.of(required("subject", RpcType.STRING),
            required("audience", RpcType.STRING), required("permissions", RpcType.arrayOf(RpcType.STRING)),
            required("ttl_seconds", RpcType.INT32));

    private SystemMethods() {
    }

    public static void register(V2Methods m, SystemInfoService systemInfo, JavaScanner java, TokenService tokens,
            SecuritySettings security) {
        m.onInline("mcsl.daemon.ping", RpcObjectType.EMPTY,
                (p, s) -> new dev.mfp.protocol.wire.PingResult(System.currentTimeMillis()))
                .onInline("mcsl.auth.permissions.get", RpcObjectType.EMPTY,
                        (p, s) -> Map.of("permissions", s.grant().v2().patterns()))
                .on("mcsl.system.info.get", RpcObjectType.EMPTY, (p, s) -> {
                    try {
                        return V2Shapes.systemInfo(systemInfo.get());
                    } catch (RuntimeException e) {
                        throw new V2Error("system.info_unavailable", DaemonErrorKind.INTERNAL, e.toString());
                    }
                })
                .on("mcsl.java.list", RpcObjectType.EMPTY, (p, s) -> {
                    try {
                        return V2Shapes.javaList(java.list());
                    } catch (RuntimeException e) {
                        throw new V2Error("system.java_unavailable", DaemonErrorKind.INTERNAL, e.toString());
                    }
                })
                .on("mcsl.auth.token.issue", TOKEN_ISSUE, (p, s) -> issue(p, s, tokens, security));
    }

    /** The checks of methods.md §3.2, in its order. */
    static Object issue(ObjectNode p, V2Session s, TokenService tokens, SecuritySettings security) {
        if (!security.allowMainTokenIssue()) {
            throw new V2Error("auth.token_issue.disabled", DaemonErrorKind.PERMISSION);
        }
        if (!s.isMainToken()) {
            throw new V2Error("auth.token_issue.main_token_only", DaemonErrorKind.PERMISSION);
        }
        String subject = p.get("subject").textValue();
        if (subject.isBlank()) {
            throw V2Error.validation("auth.token_issue.subject_required");
        }
        if (TokenService.isReservedSubject(subject)) {
            throw V2Error.validation("auth.token_issue.subject_reserved");
        }
        String audience = p.get("audience").textValue();
        if (!isAbsoluteUri(audience)) {
            throw V2Error.validation("auth.token_issue.audience_invalid");
        }
        int ttl = p.get("ttl_seconds").intValue();
        if (ttl <= 0) {
            throw V2Error.validation("auth.token_issue.ttl_invalid");
        }
        if (ttl > security.effectiveMaxTtl()) {
            throw V2Error.validation("auth.token_issue.ttl_exceeded");
        }
        List<String> permissions = new ArrayList<>();
        for (JsonNode n : p.get("permissions")) {
            permissions.add(n.textValue());
        }
        if (permissions.isEmpty()) {
            throw V2Error.validation("auth.token_issue.permissions_required");
        }
        for (String perm : permissions) {
            if (!V2Permissions.isIssuable(perm)) {
                throw V2Error.validation("auth.token_issue.permission_invalid");
            }
            if (!s.grant().v2().coversPattern(perm)) {
                throw new V2Error("auth.token_issue.permission_subset", DaemonErrorKind.PERMISSION);
            }
        }
        TokenService.Issued issued = tokens.issue(subject, audience, permissions, ttl);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("token", issued.token());
        result.put("subject", subject);
        result.put("audience", audience);
        result.put("permissions", permissions);
        result.put("expires_at", V2Times.format(issued.expiresAt()));
        result.put("token_id", issued.tokenId());
        return result;
    }

    private static boolean isAbsoluteUri(String s) {
        if (s.isBlank()) {
            return false;
        }
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
