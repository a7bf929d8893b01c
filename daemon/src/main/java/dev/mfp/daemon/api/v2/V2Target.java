package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.v2.model.InstanceConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an audited call acted on (audit.md §1, §2.1) — the one derivation behind both the audit record's
 * {@code target} and the INFO line of {@link V2ActionLog}.
 *
 * @param value the record's {@code target}: an instance id, a path, {@code "<source> -> <destination>"}, a session
 *              id, the requested subject, a policy id, an instance name, or null
 * @param named the request (or result) members it was read from, in order, with what else names the change
 *              ({@code new_name} of a rename) — what the log line prints as {@code name=value}; never a token,
 *              command text, file bytes or rule bodies
 */
record V2Target(String value, Map<String, String> named) {
    static final V2Target NONE = new V2Target(null, Map.of());

    /** Exactly the 33 audited built-in methods of audit.md §1 (the ones not built yet simply never occur). */
    static final Set<String> AUDITED = Set.of("mcsl.auth.token.issue", "mcsl.automation.apply",
            "mcsl.automation.enable", "mcsl.automation.intent.confirm", "mcsl.automation.intent.execute",
            "mcsl.backup.create", "mcsl.backup.prune", "mcsl.backup.restore.plan", "mcsl.backup.restore.confirm",
            "mcsl.backup.restore.execute", "mcsl.directory.copy", "mcsl.directory.create", "mcsl.directory.delete",
            "mcsl.directory.move", "mcsl.directory.rename", "mcsl.file.copy", "mcsl.file.delete", "mcsl.file.move",
            "mcsl.file.rename", "mcsl.file.upload.open", "mcsl.file.upload.close", "mcsl.instance.command.send",
            "mcsl.instance.console.open", "mcsl.instance.create", "mcsl.instance.event-rules.update",
            "mcsl.instance.halt", "mcsl.instance.remove", "mcsl.instance.settings.update", "mcsl.instance.start",
            "mcsl.instance.stop", "mcsl.operation.cancel", "mcsl.provisioning.resolve",
            "mcsl.provisioning.execute");

    static boolean isAudited(String method) {
        return AUDITED.contains(method);
    }

    /**
     * The target of a call of {@code method} with bound {@code params}; {@code result} is the method's result on
     * success (a {@link V2Reply} already unwrapped) and null on failure.
     */
    static V2Target of(String method, ObjectNode params, Object result) {
        return switch (method) {
            case "mcsl.instance.start", "mcsl.instance.stop", "mcsl.instance.halt", "mcsl.instance.remove",
                    "mcsl.instance.command.send", "mcsl.instance.console.open", "mcsl.instance.settings.update",
                    "mcsl.instance.event-rules.update", "mcsl.backup.create", "mcsl.backup.restore.plan" ->
                    single(params, "instance_id");
            case "mcsl.instance.create" -> created(result);
            case "mcsl.directory.create", "mcsl.directory.delete", "mcsl.file.delete", "mcsl.file.upload.open" ->
                    single(params, "path");
            case "mcsl.file.rename", "mcsl.directory.rename" -> {
                V2Target t = single(params, "path");
                String newName = text(params, "new_name");
                if (newName != null) {
                    Map<String, String> named = new LinkedHashMap<>(t.named);
                    named.put("new_name", newName);
                    t = new V2Target(t.value, named);
                }
                yield t;
            }
            case "mcsl.file.move", "mcsl.file.copy", "mcsl.directory.move", "mcsl.directory.copy" -> {
                String source = text(params, "source_path");
                String destination = text(params, "destination_path");
                Map<String, String> named = new LinkedHashMap<>();
                named.put("source_path", source);
                named.put("destination_path", destination);
                yield new V2Target(source + " -> " + destination, named);
            }
            case "mcsl.file.upload.close" -> single(params, "session_id");
            case "mcsl.auth.token.issue" -> single(params, "subject");
            case "mcsl.automation.enable" -> single(params, "policy_id");
            case "mcsl.provisioning.resolve" -> single(params, "instance_name");
            default -> NONE;
        };
    }

    /**
     * audit.md §2.1: {@code operation_id} from the request ({@code operation.cancel}) or from a result that carries
     * one ({@code backup.create}); null otherwise.
     */
    static java.util.UUID operationId(ObjectNode params, Object result) {
        String v = text(params, "operation_id");
        if (v == null && result instanceof Map<?, ?> m && m.get("operation_id") instanceof String s) {
            v = s;
        }
        try {
            return v == null ? null : java.util.UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** audit.md §2.1: {@code plan_id} from the request, or from a plan snapshot / execute result. */
    static java.util.UUID planId(ObjectNode params, Object result) {
        String v = member(params, result, "plan_id");
        try {
            return v == null ? null : java.util.UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A string member of the request, else of the result (a JSON object or a map); null if neither has it. */
    static String member(ObjectNode params, Object result, String name) {
        String v = text(params, name);
        if (v == null && result instanceof ObjectNode o && o.get(name) != null && o.get(name).isTextual()) {
            v = o.get(name).textValue();
        }
        if (v == null && result instanceof Map<?, ?> m && m.get(name) instanceof String s) {
            v = s;
        }
        return v;
    }

    /** The members as the log prints them: {@code name=value}, space-separated. */
    String describe() {
        StringBuilder b = new StringBuilder();
        named.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    private static V2Target single(ObjectNode params, String member) {
        String v = text(params, member);
        return v == null ? NONE : new V2Target(v, Map.of(member, v));
    }

    /** instances.md §2: a used id is replaced, so the target is the id of the created instance, from the result. */
    private static V2Target created(Object result) {
        if (result instanceof Map<?, ?> m && m.get("config") instanceof InstanceConfiguration c
                && c.instanceId() != null) {
            String id = c.instanceId().toString();
            return new V2Target(id, Map.of("instance_id", id));
        }
        return NONE;
    }

    private static String text(ObjectNode params, String member) {
        JsonNode v = params == null ? null : params.get(member);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
