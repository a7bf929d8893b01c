package dev.mfp.daemon.automation;

import dev.mfp.protocol.v2.rpc.DaemonErrorKind;

/** A domain error of the automation methods (automation.md §3, §6): its {@code daemon_error_code} and kind. */
public final class AutomationError extends RuntimeException {
    private final String code;
    private final DaemonErrorKind kind;

    public AutomationError(String code, DaemonErrorKind kind, String message) {
        super(message, null, false, false);
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
