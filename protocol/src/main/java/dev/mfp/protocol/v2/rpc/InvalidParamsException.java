package dev.mfp.protocol.v2.rpc;

/**
 * Params do not bind to the request type: answered with {@code -32602}. The reason names the member
 * for the log; it is not sent ({@code -32602} carries no detail). No stack trace: it is control flow.
 */
public final class InvalidParamsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidParamsException(String why) {
        super(why, null, false, false);
    }
}
