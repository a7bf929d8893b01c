package dev.mfp.protocol.v2.rpc;

/** The {@code error.data.daemon_error_kind} values of rpc.md §7.5. */
public enum DaemonErrorKind {
    VALIDATION("validation"),
    NOT_FOUND("not_found"),
    CONFLICT("conflict"),
    PERMISSION("permission"),
    STORAGE("storage"),
    TRANSPORT("transport"),
    INTERNAL("internal");

    private final String wire;

    DaemonErrorKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
