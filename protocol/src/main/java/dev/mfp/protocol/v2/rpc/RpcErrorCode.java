package dev.mfp.protocol.v2.rpc;

import java.util.Objects;
import java.util.Optional;

/**
 * The JSON-RPC error codes of rpc.md §7.4 with their fixed {@code message} texts. The human-readable
 * text of a daemon error is never transmitted, only these.
 */
public enum RpcErrorCode {
    PARSE_ERROR(-32700, "Parse error", DaemonErrorKind.VALIDATION, true),
    INVALID_REQUEST(-32600, "Invalid Request", DaemonErrorKind.VALIDATION, true),
    METHOD_NOT_FOUND(-32601, "Method not found", DaemonErrorKind.NOT_FOUND, true),
    INVALID_PARAMS(-32602, "Invalid params", DaemonErrorKind.VALIDATION, true),
    INTERNAL_ERROR(-32603, "Internal error", DaemonErrorKind.INTERNAL, true),
    /** The kind is that of the domain error; it has no default. */
    DAEMON_ERROR(-32000, "Daemon error", null, false),
    PERMISSION_DENIED(-32001, "Permission denied", DaemonErrorKind.PERMISSION, true),
    PLUGIN_ERROR(-32005, "Plugin error", DaemonErrorKind.INTERNAL, false);

    private final int code;
    private final String message;
    private final DaemonErrorKind defaultKind;
    private final boolean kindFixed;

    RpcErrorCode(int code, String message, DaemonErrorKind defaultKind, boolean kindFixed) {
        this.code = code;
        this.message = message;
        this.defaultKind = defaultKind;
        this.kindFixed = kindFixed;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The {@code daemon_error_kind} this code is sent with; {@code null} for {@link #DAEMON_ERROR}. */
    public DaemonErrorKind defaultKind() {
        return defaultKind;
    }

    /** Whether §7.4 allows no other kind than {@link #defaultKind()} with this code. */
    public boolean kindFixed() {
        return kindFixed;
    }

    /** A domain error of kind permission is sent as -32001, every other domain error as -32000. */
    public static RpcErrorCode forDomainKind(DaemonErrorKind kind) {
        return Objects.requireNonNull(kind, "kind") == DaemonErrorKind.PERMISSION ? PERMISSION_DENIED : DAEMON_ERROR;
    }

    public static Optional<RpcErrorCode> byCode(int code) {
        for (RpcErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
