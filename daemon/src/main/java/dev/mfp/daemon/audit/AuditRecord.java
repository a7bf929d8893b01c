package dev.mfp.daemon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.time.Instant;
import java.util.UUID;

/**
 * One audit record (audit.md §2), as it is stored (one JSON line) and answered by {@code mcsl.audit.query}: every
 * member, snake_case, {@code null} where it has no value. {@code timestamp} is set by {@link AuditLog} when the record
 * is written. A {@code target} longer than {@link #MAX_TARGET} characters and a {@code detail} longer than
 * {@link #MAX_DETAIL} are cut, so that a line stays small.
 */
public record AuditRecord(Instant timestamp, String principal, String pluginId, String method, String permission,
        String target, UUID planId, String planHash, UUID operationId, boolean succeeded, String errorCode,
        String confirmedBy, String detail) {
    public static final int MAX_TARGET = 4096;
    public static final int MAX_DETAIL = 1024;
    /** The principal of a call whose connection has no subject (audit.md §2). */
    public static final String UNKNOWN_PRINCIPAL = "(unknown)";

    public AuditRecord {
        principal = principal == null || principal.isEmpty() ? UNKNOWN_PRINCIPAL : principal;
        target = cut(target, MAX_TARGET);
        detail = cut(detail, MAX_DETAIL);
    }

    /** A call of a front-end method: the other members (plugin, plan, operation, confirmer, detail) are null. */
    public static AuditRecord call(String principal, String method, String target, String errorCode) {
        return new AuditRecord(null, principal, null, method, method, target, null, null, null, errorCode == null,
                errorCode, null, null);
    }

    /** The same record with {@code operation_id} (audit.md §2.1: from cancel requests and results carrying one). */
    public AuditRecord withOperationId(UUID id) {
        return new AuditRecord(timestamp, principal, pluginId, method, permission, target, planId, planHash, id,
                succeeded, errorCode, confirmedBy, detail);
    }

    /** The same record with the plan members (audit.md §2.1). */
    public AuditRecord withPlan(UUID plan, String hash, String confirmer) {
        return new AuditRecord(timestamp, principal, pluginId, method, permission, target, plan, hash, operationId,
                succeeded, errorCode, confirmer, detail);
    }

    AuditRecord at(Instant t) {
        return new AuditRecord(t, principal, pluginId, method, permission, target, planId, planHash, operationId,
                succeeded, errorCode, confirmedBy, detail);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("timestamp", timestamp == null ? null : V2Times.format(timestamp));
        o.put("principal", principal);
        o.put("plugin_id", pluginId);
        o.put("method", method);
        o.put("permission", permission);
        o.put("target", target);
        o.put("plan_id", planId == null ? null : planId.toString());
        o.put("plan_hash", planHash);
        o.put("operation_id", operationId == null ? null : operationId.toString());
        o.put("succeeded", succeeded);
        o.put("error_code", errorCode);
        o.put("confirmed_by", confirmedBy);
        o.put("detail", detail);
        return o;
    }

    /** A stored line read back; {@link IllegalArgumentException} when it is not a record (a damaged line). */
    static AuditRecord fromJson(JsonNode o) {
        if (o == null || !o.isObject() || !o.path("succeeded").isBoolean() || !o.path("timestamp").isTextual()
                || !o.path("method").isTextual()) {
            throw new IllegalArgumentException("not an audit record");
        }
        try {
            return new AuditRecord(DateTimes.parseInstant(o.get("timestamp").textValue()), text(o, "principal"),
                    text(o, "plugin_id"), text(o, "method"), text(o, "permission"), text(o, "target"),
                    uuid(o, "plan_id"), text(o, "plan_hash"), uuid(o, "operation_id"),
                    o.get("succeeded").booleanValue(), text(o, "error_code"), text(o, "confirmed_by"),
                    text(o, "detail"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an audit record", e);
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    private static UUID uuid(JsonNode o, String name) {
        String s = text(o, name);
        return s == null ? null : UUID.fromString(s);
    }

    private static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
