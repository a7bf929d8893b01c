package dev.mfp.daemon.api.v2;

import dev.mfp.protocol.v2.rpc.DaemonErrorKind;

/**
 * A v2 domain error: its {@code daemon_error_code} (rpc.md §8) and kind. Kind {@link DaemonErrorKind#PERMISSION} is sent
 * as {@code -32001}, every other as {@code -32000}; the text is for the log only, never for the wire.
 */
public final class V2Error extends RuntimeException {
    private final String code;
    private final DaemonErrorKind kind;

    public V2Error(String code, DaemonErrorKind kind, String detail) {
        super(code + (detail == null ? "" : ": " + detail), null, false, false);
        this.code = code;
        this.kind = kind;
    }

    public V2Error(String code, DaemonErrorKind kind) {
        this(code, kind, null);
    }

    public String code() {
        return code;
    }

    public DaemonErrorKind kind() {
        return kind;
    }

    public static V2Error notFound(String code) {
        return new V2Error(code, DaemonErrorKind.NOT_FOUND);
    }

    public static V2Error validation(String code) {
        return new V2Error(code, DaemonErrorKind.VALIDATION);
    }

    public static V2Error conflict(String code) {
        return new V2Error(code, DaemonErrorKind.CONFLICT);
    }
}
