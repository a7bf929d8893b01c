package dev.mfp.client;

import com.fasterxml.jackson.databind.JsonNode;

/** One pushed event: {@code {event, meta, data, time}}. */
public record MfpEvent(String event, JsonNode meta, JsonNode data, long time) {
}
