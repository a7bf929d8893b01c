package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Policy documents and audit look-ups for the automation tests. */
final class AutomationFixtures {
    private AutomationFixtures() {
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        }
        return o;
    }

    /** A policy with a fresh id, cooldown 0. */
    static ObjectNode policy(String name, ObjectNode trigger, ObjectNode... actions) {
        ObjectNode p = obj("id", UUID.randomUUID().toString(), "name", name, "cooldown_seconds", 0);
        p.set("trigger", trigger);
        ArrayNode a = p.putArray("actions");
        for (ObjectNode x : actions) {
            a.add(x);
        }
        return p;
    }

    static ObjectNode set(long version, ObjectNode... policies) {
        ObjectNode s = obj("version", version);
        ArrayNode a = s.putArray("policies");
        for (ObjectNode p : policies) {
            a.add(p);
        }
        return s;
    }

    static long version(MfpV2Client c) {
        return c.call("mcsl.automation.get").get("policy_set").get("version").asLong();
    }

    /** Applies exactly these policies on top of the current version; returns the new version. */
    static long apply(MfpV2Client c, ObjectNode... policies) {
        return c.call("mcsl.automation.apply", Map.of("policy_set", set(version(c), policies))).get("version")
                .asLong();
    }

    static String id(ObjectNode policy) {
        return policy.get("id").asText();
    }

    /** A trigger that fires on every tick: a daily window of the whole day. */
    static ObjectNode always() {
        return obj("type", "schedule.window", "start_hour_utc", 0, "start_minute_utc", 0, "duration_minutes", 1440);
    }

    static ObjectNode auditAction(String message) {
        return obj("type", "audit.record", "message", message);
    }

    /** The automation's audit records (newest first) with {@code permission}. */
    static List<JsonNode> records(MfpV2Client c, String permission) {
        List<JsonNode> out = new ArrayList<>();
        c.call("mcsl.audit.query", Map.of("method", "automation.execute", "principal", "daemon-automation",
                "maximum_records", 500)).get("records").forEach(r -> {
                    if (permission.equals(r.get("permission").asText())) {
                        out.add(r);
                    }
                });
        return out;
    }

    static List<JsonNode> records(MfpV2Client c, String permission, String detail) {
        return records(c, permission).stream().filter(r -> detail.equals(r.path("detail").asText())).toList();
    }
}
