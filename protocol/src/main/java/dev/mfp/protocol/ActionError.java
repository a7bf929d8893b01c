package dev.mfp.protocol;

/**
 * A failed action as a value: the spec code plus a short human detail. Thrown by handlers and mapped
 * to the wire in exactly one place (the dispatcher). Carries no stack trace: it is an answer, not a bug.
 */
public final class ActionError extends RuntimeException {
    private final RetCode code;
    private final String detail;

    public ActionError(RetCode code, String detail) {
        super(code.message(detail), null, false, false);
        if (code == RetCode.OK) {
            throw new IllegalArgumentException("OK is not an error");
        }
        this.code = code;
        this.detail = detail;
    }

    public ActionError(RetCode code) {
        this(code, null);
    }

    public RetCode code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    /** The wire {@code message}. */
    public String wireMessage() {
        return code.message(detail);
    }

    public static ActionError badParam(String detail) {
        return new ActionError(RetCode.BAD_PARAM, detail);
    }

    public static ActionError badFormat(String detail) {
        return new ActionError(RetCode.BAD_FORMAT, detail);
    }
}
