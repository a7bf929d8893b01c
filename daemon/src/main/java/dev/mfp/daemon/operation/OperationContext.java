package dev.mfp.daemon.operation;

/** What a running executor may do with its operation (operations.md §3.1, §3.2). */
public interface OperationContext {
    java.util.UUID operationId();

    /** Publishes a new stage (persisted at once); must be a running stage. */
    void stage(OperationStage stage);

    /** Publishes new progress (persisted at most every 200 ms). */
    void progress(OperationProgress progress);

    /** True once a cancel was requested (and the commit point not yet passed). */
    boolean cancelRequested();

    /** Throws {@link OperationCancelledException} if a cancel was requested before the commit point. */
    default void checkCancelled() {
        if (cancelRequested()) {
            throw new OperationCancelledException();
        }
    }

    /**
     * The point of no return (§3.2): throws if a cancel was already requested, otherwise later cancel requests
     * no longer change the outcome.
     */
    void commitPoint();
}
