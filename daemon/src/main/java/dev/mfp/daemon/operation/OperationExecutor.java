package dev.mfp.daemon.operation;

/** The work behind an operation (operations.md §3): returns the {@code result_reference} on success. */
@FunctionalInterface
public interface OperationExecutor {
    /**
     * @return the non-empty result reference
     * @throws OperationError a domain failure ({@code failed} with its code and message)
     * @throws OperationCancelledException cancellation observed before the commit point ({@code cancelled})
     * @throws Exception anything else: {@code failed} with {@code operation.failed}
     */
    String run(OperationContext context) throws Exception;
}
