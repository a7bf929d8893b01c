package dev.mfp.client;

import java.net.http.WebSocketHandshakeException;

/** The WebSocket could not be opened; {@link #httpStatus()} tells what the upgrade request was answered. */
public final class MfpConnectException extends RuntimeException {
    public MfpConnectException(Throwable cause) {
        super("cannot connect: " + cause, cause);
    }

    /** The HTTP status of a refused upgrade (401 for a bad token), or -1 when it never got that far. */
    public int httpStatus() {
        return getCause() instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
    }
}
