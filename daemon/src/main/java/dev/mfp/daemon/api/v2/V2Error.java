package dev.mfp.daemon.api.v2;

/**
 * A v2 domain error: its {@code daemon_error_code} (rpc.md §8) and kind. Kind {@link ErrorKind#PERMISSION} is sent
 * as {@code -32001}, every other as {@code -32000}; the text is for the log only, never for the wire.
 */
public final class V2Error extends RuntimeException {
    private final String code;
    private final ErrorKind kind;

    public V2Error(String code, ErrorKind kind, String detail) {
        super(code + (detail == null ? "" : ": " + detail), null, false, false);
        this.code = code;
        this.kind = kind;
    }

    public V2Error(String code, ErrorKind kind) {
        this(code, kind, null);
    }

    public String code() {
        return code;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static V2Error notFound(String code) {
        return new V2Error(code, ErrorKind.NOT_FOUND);
    }

    public static V2Error validation(String code) {
        return new V2Error(code, ErrorKind.VALIDATION);
    }

    public static V2Error conflict(String code) {
        return new V2Error(code, ErrorKind.CONFLICT);
    }
}
