package dev.mfp.daemon.operation;

import java.util.Locale;

/** {@code stage} of an OperationSnapshot (operations.md §2). */
public enum OperationStage {
    QUEUED, RESOLVING, DOWNLOADING, VERIFYING, EXTRACTING, INSTALLING, CONFIGURING, FINALIZING,
    SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    /** The stages a running operation may report: every non-terminal stage except {@code queued}. */
    public boolean runningStage() {
        return switch (this) {
            case RESOLVING, DOWNLOADING, VERIFYING, EXTRACTING, INSTALLING, CONFIGURING, FINALIZING -> true;
            default -> false;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationStage fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
