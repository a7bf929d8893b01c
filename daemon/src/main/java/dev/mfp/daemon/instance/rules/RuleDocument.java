package dev.mfp.daemon.instance.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * One automation rule as a client saved it (models.md §4.4): its compact JSON text, kept verbatim so that it reads
 * back as it was written (members the daemon does not know included). Immutable, unlike the tree it came from;
 * {@link RuleParser} gives its typed reading.
 */
public record RuleDocument(String json) {
    public RuleDocument {
        Objects.requireNonNull(json, "json");
    }

    public static RuleDocument of(JsonNode rule) {
        try {
            return new RuleDocument(Json.mapper().writeValueAsString(rule));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<RuleDocument> ofAll(List<JsonNode> rules) {
        return rules.stream().map(RuleDocument::of).toList();
    }

    /** A fresh tree of the document (the caller may change it). */
    public JsonNode tree() {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> trees(List<RuleDocument> rules) {
        return rules.stream().map(RuleDocument::tree).toList();
    }
}
