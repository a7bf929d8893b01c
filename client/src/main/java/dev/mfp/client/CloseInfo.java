package dev.mfp.client;

/** How the daemon closed the WebSocket. */
public record CloseInfo(int code, String reason) {
}
