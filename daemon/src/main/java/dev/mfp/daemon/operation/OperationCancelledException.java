package dev.mfp.daemon.operation;

/** Thrown by {@link OperationContext#checkCancelled()}: the operation ends as {@code cancelled}. */
public final class OperationCancelledException extends RuntimeException {
    public OperationCancelledException() {
        super("The operation was cancelled.", null, false, false);
    }
}
