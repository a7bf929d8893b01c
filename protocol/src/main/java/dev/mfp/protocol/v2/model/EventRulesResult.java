package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** Result of {@code mcsl.instance.event-rules.get} (instances.md §5.1): the v1 EventRule JSON, verbatim. */
public record EventRulesResult(UUID instanceId, List<JsonNode> rules) {
}
