package dev.mfp.daemon.plan;

import dev.mfp.protocol.v2.rpc.DaemonErrorKind;

/** A plan kernel error (provisioning.md §2.4): its {@code daemon_error_code} and kind. */
public final class PlanError extends RuntimeException {
    private final String code;
    private final DaemonErrorKind kind;

    public PlanError(String code, DaemonErrorKind kind) {
        super(code, null, false, false);
        this.code = code;
        this.kind = kind;
    }

    public String code() {
        return code;
    }

    public DaemonErrorKind kind() {
        return kind;
    }
}
