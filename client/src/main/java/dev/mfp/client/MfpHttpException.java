package dev.mfp.client;

/** A non-2xx answer from one of the daemon's HTTP endpoints. */
public final class MfpHttpException extends RuntimeException {
    private final int status;

    public MfpHttpException(int status, String what) {
        super(what + ": HTTP " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
