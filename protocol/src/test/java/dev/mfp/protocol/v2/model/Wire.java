package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.TargetType;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers: what Json.mapper() writes, read back as a tree. */
final class Wire {
    static final UUID ID = UUID.fromString("5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81");

    private Wire() {
    }

    static String text(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(Object value) {
        return parse(text(value));
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static InstanceConfig v1Config() {
        return new InstanceConfig("Survival", "server.jar", InstanceType.MC_PAPER, TargetType.JAR, ID, "1.21.4",
                "utf-8", "gbk", "java", List.of("-Xmx4G", "-Xms1G"), Map.of("JAVA_HOME", "{JAVA_HOME}"),
                List.of(parse("{\"id\":\"11111111-1111-1111-1111-111111111111\",\"name\":\"r\",\"triggers\":[]}")),
                true, 30);
    }
}
