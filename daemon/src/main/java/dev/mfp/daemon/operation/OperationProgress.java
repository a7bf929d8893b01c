package dev.mfp.daemon.operation;

/**
 * The advisory {@code progress} of an operation (operations.md §2, §3.1). Every member but {@code indeterminate}
 * may be null.
 */
public record OperationProgress(boolean indeterminate, Double completed, Double total, String unit,
        Long bytesTransferred, Long bytesTotal, Double rate) {
    /** At acceptance: indeterminate, everything else null. */
    public static final OperationProgress INDETERMINATE = new OperationProgress(true, null, null, null, null, null,
            null);

    /** A weighted aggregate ({@code unit: "weight"}, total 1). */
    public static OperationProgress weight(double fraction) {
        return new OperationProgress(false, clamp(fraction), 1.0, "weight", null, null, null);
    }

    /** A simple executor's step count ({@code unit: "steps"}, completed 0 or 1, total 1). */
    public static OperationProgress steps(double completed) {
        return new OperationProgress(false, clamp(completed), 1.0, "steps", null, null, null);
    }

    public OperationProgress withBytes(Long transferred, Long total) {
        return new OperationProgress(indeterminate, completed, this.total, unit, transferred, total, rate);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
