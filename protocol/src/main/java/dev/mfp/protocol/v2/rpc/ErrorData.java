package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the {@code error.data} object of rpc.md §7.5 for one error code. {@link #toJson()} checks the
 * §7.4 presence rules, so a dispatcher bug (a {@code daemon_error_code} on {@code -32602}, an owner on
 * {@code -32600}, …) fails loudly instead of reaching a client.
 */
public final class ErrorData {
    /** {@code execution_owner.id} of built-in methods. */
    public static final String DAEMON_OWNER_ID = "mcsl.daemon";

    private final RpcErrorCode code;
    private DaemonErrorKind kind;
    private String daemonErrorCode;
    private String correlationId = freshCorrelationId();
    private JsonNode details;
    private Identity executionOwner;
    private Identity originPlugin;

    private ErrorData(RpcErrorCode code) {
        this.code = code;
        this.kind = code.defaultKind();
    }

    public static ErrorData of(RpcErrorCode code) {
        return new ErrorData(Objects.requireNonNull(code, "code"));
    }

    /** A domain error: {@code -32001} for kind permission, {@code -32000} otherwise. */
    public static ErrorData domain(String daemonErrorCode, DaemonErrorKind kind) {
        return of(RpcErrorCode.forDomainKind(kind)).kind(kind).daemonErrorCode(daemonErrorCode);
    }

    /** 32 lower-case hex digits, a UUID without hyphens. */
    public static String freshCorrelationId() {
        UUID u = UUID.randomUUID();
        return hex16(u.getMostSignificantBits()) + hex16(u.getLeastSignificantBits());
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    public ErrorData kind(DaemonErrorKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        return this;
    }

    public ErrorData daemonErrorCode(String daemonErrorCode) {
        this.daemonErrorCode = requireNonEmpty(daemonErrorCode, "daemonErrorCode");
        return this;
    }

    /** Replaces the fresh id, e.g. with the one already written to the log for a {@code -32603}. */
    public ErrorData correlationId(String correlationId) {
        if (correlationId == null || !correlationId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("correlation id must be 32 lower-case hex digits");
        }
        this.correlationId = correlationId;
        return this;
    }

    /** Structured detail of a domain error; {@code null} leaves the member out (it is never written as null). */
    public ErrorData details(JsonNode details) {
        this.details = details == null || details.isNull() ? null : details;
        return this;
    }

    public ErrorData executionOwner(String id, String version) {
        this.executionOwner = new Identity(id, version);
        return this;
    }

    public ErrorData originPlugin(String id, String version) {
        this.originPlugin = new Identity(id, version);
        return this;
    }

    public RpcErrorCode code() {
        return code;
    }

    public DaemonErrorKind kind() {
        return kind;
    }

    public String correlationId() {
        return correlationId;
    }

    /**
     * Members in the order {@code daemon_error_code}, {@code daemon_error_kind}, {@code correlation_id},
     * {@code details}, {@code origin_plugin}, {@code execution_owner}.
     *
     * @throws IllegalStateException when the members contradict §7.4 for {@link #code()}
     */
    public ObjectNode toJson() {
        check();
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        if (daemonErrorCode != null) {
            d.put("daemon_error_code", daemonErrorCode);
        }
        d.put("daemon_error_kind", kind.wire());
        d.put("correlation_id", correlationId);
        if (details != null) {
            d.set("details", details);
        }
        if (originPlugin != null) {
            d.set("origin_plugin", originPlugin.toJson());
        }
        if (executionOwner != null) {
            d.set("execution_owner", executionOwner.toJson());
        }
        return d;
    }

    private void check() {
        if (kind == null) {
            throw new IllegalStateException(code + " needs the kind of the domain error");
        }
        if (code.kindFixed() && kind != code.defaultKind()) {
            throw new IllegalStateException(code + " is always sent with kind " + code.defaultKind().wire());
        }
        if (code == RpcErrorCode.DAEMON_ERROR && kind == DaemonErrorKind.PERMISSION) {
            throw new IllegalStateException("a domain error of kind permission is -32001");
        }
        boolean preCatalog = code == RpcErrorCode.PARSE_ERROR || code == RpcErrorCode.INVALID_REQUEST
                || code == RpcErrorCode.METHOD_NOT_FOUND;
        boolean needsCode = code == RpcErrorCode.DAEMON_ERROR || code == RpcErrorCode.PERMISSION_DENIED
                || code == RpcErrorCode.PLUGIN_ERROR;
        if (needsCode != (daemonErrorCode != null)) {
            throw new IllegalStateException(code + (needsCode ? " needs" : " has no") + " daemon_error_code");
        }
        if (preCatalog == (executionOwner != null)) {
            throw new IllegalStateException(code + (preCatalog ? " has no" : " needs") + " execution_owner");
        }
        if ((code == RpcErrorCode.PLUGIN_ERROR) != (originPlugin != null)) {
            throw new IllegalStateException("origin_plugin is present exactly for -32005");
        }
    }

    private static String requireNonEmpty(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must be a non-empty string");
        }
        return s;
    }

    private record Identity(String id, String version) {
        Identity {
            requireNonEmpty(id, "id");
            requireNonEmpty(version, "version");
        }

        ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("id", id).put("version", version);
        }
    }
}
