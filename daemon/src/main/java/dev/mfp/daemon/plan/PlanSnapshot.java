package dev.mfp.daemon.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A ProvisioningPlanSnapshot (provisioning.md §2.1); every plan method answers one. */
public record PlanSnapshot(UUID planId, String planHash, String kind, Status status, String riskClass,
        List<String> requiredPermissions, boolean requiresConfirmation, String creatorPrincipal, Instant createdAt,
        Instant expiresAt, List<Unresolved> unresolved, String provider, String instanceName,
        String minecraftVersion, String source, String mirror, String javaPath, String idempotencyKey,
        ObjectNode payload, String confirmedBy, Instant confirmedAt) {

    public enum Status {
        READY, BLOCKED, EXECUTING, CONSUMED, EXPIRED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinal() {
            return this == CONSUMED || this == EXPIRED;
        }
    }

    public record Unresolved(String code, String message, String field) {
    }

    /** §2.2: blocked iff unresolved facts, or a non-routine / confirmation-requiring plan not yet confirmed. */
    public Status derivedStatus() {
        boolean needsConfirmation = !"routine".equals(riskClass) || requiresConfirmation;
        return !unresolved.isEmpty() || needsConfirmation && confirmedBy == null ? Status.BLOCKED : Status.READY;
    }

    public PlanSnapshot withStatus(Status s) {
        return new PlanSnapshot(planId, planHash, kind, s, riskClass, requiredPermissions, requiresConfirmation,
                creatorPrincipal, createdAt, expiresAt, unresolved, provider, instanceName, minecraftVersion, source,
                mirror, javaPath, idempotencyKey, payload, confirmedBy, confirmedAt);
    }

    public PlanSnapshot confirmed(String by, Instant at) {
        PlanSnapshot p = new PlanSnapshot(planId, planHash, kind, status, riskClass, requiredPermissions,
                requiresConfirmation, creatorPrincipal, createdAt, expiresAt, unresolved, provider, instanceName,
                minecraftVersion, source, mirror, javaPath, idempotencyKey, payload, by, at);
        return p.withStatus(p.derivedStatus());
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("plan_id", planId.toString());
        o.put("plan_hash", planHash);
        o.put("kind", kind);
        o.put("status", status.wire());
        o.put("risk_class", riskClass);
        ArrayNode perms = o.putArray("required_permissions");
        requiredPermissions.forEach(perms::add);
        o.put("requires_confirmation", requiresConfirmation);
        o.put("creator_principal", creatorPrincipal);
        o.put("created_at", V2Times.format(createdAt));
        o.put("expires_at", V2Times.format(expiresAt));
        ArrayNode un = o.putArray("unresolved");
        unresolved.forEach(u -> un.addObject().put("code", u.code()).put("message", u.message())
                .put("field", u.field()));
        o.put("provider", provider);
        o.put("instance_name", instanceName);
        o.put("minecraft_version", minecraftVersion);
        o.put("source", source);
        o.put("mirror", mirror);
        o.put("java_path", javaPath);
        o.put("idempotency_key", idempotencyKey);
        o.set("payload", payload.deepCopy());
        o.put("confirmed_by", confirmedBy);
        o.put("confirmed_at", confirmedAt == null ? null : V2Times.format(confirmedAt));
        return o;
    }

    public static PlanSnapshot fromJson(JsonNode o) {
        List<String> perms = new ArrayList<>();
        o.get("required_permissions").forEach(n -> perms.add(n.asText()));
        List<Unresolved> un = new ArrayList<>();
        o.get("unresolved").forEach(n -> un.add(new Unresolved(n.get("code").asText(), n.get("message").asText(),
                str(n, "field"))));
        return new PlanSnapshot(UUID.fromString(o.get("plan_id").asText()), o.get("plan_hash").asText(),
                o.get("kind").asText(), Status.valueOf(o.get("status").asText().toUpperCase(Locale.ROOT)),
                o.get("risk_class").asText(), List.copyOf(perms), o.get("requires_confirmation").asBoolean(),
                o.get("creator_principal").asText(), DateTimes.parseInstant(o.get("created_at").asText()),
                DateTimes.parseInstant(o.get("expires_at").asText()), List.copyOf(un), o.get("provider").asText(),
                o.get("instance_name").asText(), o.get("minecraft_version").asText(), str(o, "source"),
                o.get("mirror").asText(), str(o, "java_path"), str(o, "idempotency_key"),
                (ObjectNode) o.get("payload"), str(o, "confirmed_by"),
                str(o, "confirmed_at") == null ? null : DateTimes.parseInstant(str(o, "confirmed_at")));
    }

    private static String str(JsonNode o, String m) {
        JsonNode v = o.get(m);
        return v == null || v.isNull() ? null : v.asText();
    }
}
