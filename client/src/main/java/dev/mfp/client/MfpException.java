package dev.mfp.client;

import dev.mfp.protocol.RetCode;

/** An action answered with an error: carries the wire retcode and message. */
public final class MfpException extends RuntimeException {
    private final int code;

    public MfpException(int code, String message) {
        super(code + " " + message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The known code, or null for one this client does not know. */
    public RetCode retCode() {
        return RetCode.ofCode(code);
    }
}
