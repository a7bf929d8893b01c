package dev.mfp.daemon.automation;

/** A policy document that does not bind (automation.md §1.3: {@code -32602}); the message names the member. */
public final class PolicyFormatException extends RuntimeException {
    public PolicyFormatException(String message) {
        super(message, null, false, false);
    }
}
