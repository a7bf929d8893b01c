package dev.mfp.protocol.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** A request as the client sends it: {@code {action, params, id}} (transport.md §6.1). */
public record ActionRequest(String action, JsonNode params, UUID id) {
}
