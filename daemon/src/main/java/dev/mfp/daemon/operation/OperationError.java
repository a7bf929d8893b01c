package dev.mfp.daemon.operation;

import dev.mfp.protocol.v2.rpc.DaemonErrorKind;

/**
 * A domain error: thrown by an executor it fails the operation with {@code error_code} = {@link #code()} and
 * {@code error_message} = {@link #getMessage()} (operations.md §3); thrown by the coordinator it is an admission or
 * persistence failure ({@code operation.persist_failed}, {@code operation.coordinator_stopped}, …) that the front end
 * answers with.
 */
public final class OperationError extends RuntimeException {
    private final String code;
    private final DaemonErrorKind kind;

    public OperationError(String code, DaemonErrorKind kind, String message) {
        super(message, null, false, false);
        this.code = code;
        this.kind = kind;
    }

    public OperationError(String code, DaemonErrorKind kind, String message, Throwable cause) {
        super(message, cause, false, false);
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
