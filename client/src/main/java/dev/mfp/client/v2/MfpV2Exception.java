package dev.mfp.client.v2;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON-RPC error answer: its {@code code} and {@code data} ({@code daemon_error_code}, kind, correlation id). */
public final class MfpV2Exception extends RuntimeException {
    private final int code;
    private final JsonNode error;

    public MfpV2Exception(JsonNode error) {
        super(error.path("code").asInt() + " " + error.path("message").asText() + " "
                + error.path("data").path("daemon_error_code").asText(""));
        this.code = error.path("code").asInt();
        this.error = error;
    }

    public int code() {
        return code;
    }

    /** {@code error.data.daemon_error_code}, or null when the error has none. */
    public String daemonErrorCode() {
        JsonNode c = error.path("data").get("daemon_error_code");
        return c == null ? null : c.asText();
    }

    public String kind() {
        return error.path("data").path("daemon_error_kind").asText(null);
    }

    /** The whole {@code error} object. */
    public JsonNode error() {
        return error;
    }
}
