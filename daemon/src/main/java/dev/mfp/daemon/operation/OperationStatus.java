package dev.mfp.daemon.operation;

import java.util.Locale;

/** {@code status} of an OperationSnapshot (operations.md §2). */
public enum OperationStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
