package dev.mfp.daemon.files;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The wait of a transfer session's operation for the chunk, commit or read of the same session in progress (upload
 * and download cores). That one runs outside the session's monitor and notifies it when done.
 */
public final class SessionMonitor {
    private SessionMonitor() {
    }

    /**
     * Waits on {@code session}'s monitor, which the caller holds, while {@code busy}; when {@code refusal} gives an
     * error it is thrown instead of waiting. Not interruptible: the wait stands for the monitor the operation in
     * progress used to hold; an interrupt is kept for the caller.
     */
    public static void awaitIdle(Object session, BooleanSupplier busy, Supplier<RuntimeException> refusal) {
        boolean interrupted = false;
        try {
            while (busy.getAsBoolean()) {
                RuntimeException refused = refusal.get();
                if (refused != null) {
                    throw refused;
                }
                try {
                    session.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
