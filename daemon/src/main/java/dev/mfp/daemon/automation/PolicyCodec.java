package dev.mfp.daemon.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.model.InstanceStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The policy document's JSON (automation.md §1): strict binding — unknown members, wrong types, a null scalar, an
 * unknown discriminator, an invalid status name are a {@link PolicyFormatException} ({@code -32602}); omitted members
 * take their defaults. Value ranges are left to {@link PolicyValidator}. On output every member is present.
 */
public final class PolicyCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyCodec() {
    }

    public static AutomationPolicySet readSet(JsonNode n) {
        Obj o = new Obj(n, "policy_set", Set.of("policies", "version"));
        List<AutomationPolicy> policies = new ArrayList<>();
        JsonNode arr = o.get("policies");
        if (arr != null) {
            if (!arr.isArray()) {
                throw new PolicyFormatException("policy_set.policies: expected an array");
            }
            int i = 0;
            for (JsonNode p : arr) {
                policies.add(p.isNull() ? null : readPolicy(p, "policy_set.policies[" + i + "]"));
                i++;
            }
        }
        return new AutomationPolicySet(policies, o.int64("version", 0));
    }

    static AutomationPolicy readPolicy(JsonNode n, String path) {
        Obj o = new Obj(n, path, Set.of("id", "name", "enabled", "trigger", "actions", "cooldown_seconds",
                "max_executions_per_day"));
        UUID id = o.uuid("id", false);
        JsonNode t = o.get("trigger");
        AutomationTrigger trigger = t == null || t.isNull() ? null : readTrigger(t, path + ".trigger");
        List<AutomationAction> actions = new ArrayList<>();
        JsonNode arr = o.get("actions");
        if (arr != null) {
            if (!arr.isArray()) {
                throw new PolicyFormatException(path + ".actions: expected an array");
            }
            int i = 0;
            for (JsonNode a : arr) {
                actions.add(a.isNull() ? null : readAction(a, path + ".actions[" + i + "]"));
                i++;
            }
        }
        // extensions.md §2: a schedule.cron policy defaults to no cooldown
        int cooldownDefault = trigger instanceof AutomationTrigger.ScheduleCron ? 0 : AutomationPolicy.DEFAULT_COOLDOWN;
        return new AutomationPolicy(id == null ? UUID.randomUUID() : id, o.string("name", ""), o.bool("enabled", true),
                trigger, actions, o.int32("cooldown_seconds", cooldownDefault),
                o.int32("max_executions_per_day", AutomationPolicy.DEFAULT_MAX_PER_DAY));
    }

    static AutomationTrigger readTrigger(JsonNode n, String path) {
        String type = type(n, path);
        return switch (type) {
            case AutomationTrigger.CrashLoop.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "instance_id", "max_crashes", "window_seconds"));
                yield new AutomationTrigger.CrashLoop(o.uuid("instance_id", true), o.int32("max_crashes", 3),
                        o.int32("window_seconds", 600));
            }
            case AutomationTrigger.UnexpectedExit.TYPE -> new AutomationTrigger.UnexpectedExit(
                    new Obj(n, path, Set.of("type", "instance_id")).uuid("instance_id", true));
            case AutomationTrigger.Unresponsive.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "instance_id", "silent_seconds"));
                yield new AutomationTrigger.Unresponsive(o.uuid("instance_id", true), o.number("silent_seconds", 300));
            }
            case AutomationTrigger.StatusDuration.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "instance_id", "status", "duration_seconds"));
                String s = o.string("status", "stopped");
                InstanceStatus status;
                try {
                    status = InstanceStatus.fromWire(s);
                } catch (RuntimeException e) {
                    status = null;
                }
                if (status == null) {
                    throw new PolicyFormatException(path + ".status: not an instance status");
                }
                yield new AutomationTrigger.StatusDuration(o.uuid("instance_id", true), status,
                        o.int32("duration_seconds", 300));
            }
            case AutomationTrigger.MetricSustained.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "metric", "instance_id", "threshold", "sustained_seconds"));
                yield new AutomationTrigger.MetricSustained(o.string("metric", "system_cpu"), o.uuid("instance_id", true),
                        o.number("threshold", 0), o.int32("sustained_seconds", 60));
            }
            case AutomationTrigger.ScheduleWindow.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "start_hour_utc", "start_minute_utc", "duration_minutes"));
                yield new AutomationTrigger.ScheduleWindow(o.int32("start_hour_utc", 0), o.int32("start_minute_utc", 0),
                        o.int32("duration_minutes", 60));
            }
            case AutomationTrigger.ScheduleCron.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "expression", "instance_id"));
                if (o.get("expression") == null) {
                    throw new PolicyFormatException(path + ".expression: missing required member");
                }
                yield new AutomationTrigger.ScheduleCron(o.string("expression", ""), o.uuid("instance_id", true));
            }
            default -> throw new PolicyFormatException(path + ".type: unknown trigger type " + type);
        };
    }

    static AutomationAction readAction(JsonNode n, String path) {
        String type = type(n, path);
        return switch (type) {
            case AutomationAction.Restart.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "instance_id", "backoff_base_seconds", "backoff_max_seconds"));
                yield new AutomationAction.Restart(o.uuid("instance_id", true), o.int32("backoff_base_seconds", 30),
                        o.int32("backoff_max_seconds", 1800));
            }
            case AutomationAction.Stop.TYPE -> new AutomationAction.Stop(
                    new Obj(n, path, Set.of("type", "instance_id")).uuid("instance_id", true));
            case AutomationAction.Suppress.MAINTENANCE, AutomationAction.Suppress.RESTART_SUPPRESSION -> {
                Obj o = new Obj(n, path, Set.of("type", "instance_id", "duration_seconds", "reason"));
                yield new AutomationAction.Suppress(type, o.uuid("instance_id", true), o.int32("duration_seconds", 1800),
                        o.string("reason", ""));
            }
            case AutomationAction.Notification.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "title", "message", "severity"));
                yield new AutomationAction.Notification(o.string("title", ""), o.string("message", ""),
                        o.string("severity", "Warning"));
            }
            case AutomationAction.AuditEntry.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "message", "severity"));
                yield new AutomationAction.AuditEntry(o.string("message", ""), o.string("severity", "Info"));
            }
            case AutomationAction.PlanConfirmation.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "summary", "deferred"));
                JsonNode d = o.get("deferred");
                yield new AutomationAction.PlanConfirmation(o.string("summary", ""),
                        d == null || d.isNull() ? null : readAction(d, path + ".deferred"));
            }
            case AutomationAction.BackupCreate.TYPE -> {
                Obj o = new Obj(n, path, Set.of("type", "instance_id", "live", "keep_last"));
                JsonNode k = o.get("keep_last");
                Integer keep = k == null || k.isNull() ? null : o.int32("keep_last", 0);
                yield new AutomationAction.BackupCreate(o.uuid("instance_id", true), o.bool("live", true), keep);
            }
            default -> throw new PolicyFormatException(path + ".type: unknown action type " + type);
        };
    }

    private static String type(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new PolicyFormatException(path + ": expected an object");
        }
        JsonNode t = n.get("type");
        if (t == null || !t.isTextual()) {
            throw new PolicyFormatException(path + ".type: missing or not a string");
        }
        return t.textValue();
    }

    // ---- output -----------------------------------------------------------------------------------------------

    public static ObjectNode write(AutomationPolicySet set) {
        ObjectNode o = NODES.objectNode();
        ArrayNode arr = o.putArray("policies");
        for (AutomationPolicy p : set.policies()) {
            if (p == null) {
                arr.addNull();
            } else {
                arr.add(write(p));
            }
        }
        o.put("version", set.version());
        return o;
    }

    public static ObjectNode write(AutomationPolicy p) {
        ObjectNode o = NODES.objectNode();
        o.put("id", p.id().toString());
        o.put("name", p.name());
        o.put("enabled", p.enabled());
        if (p.trigger() == null) {
            o.putNull("trigger");
        } else {
            o.set("trigger", write(p.trigger()));
        }
        ArrayNode arr = o.putArray("actions");
        for (AutomationAction a : p.actions()) {
            if (a == null) {
                arr.addNull();
            } else {
                arr.add(write(a));
            }
        }
        o.put("cooldown_seconds", p.cooldownSeconds());
        o.put("max_executions_per_day", p.maxExecutionsPerDay());
        return o;
    }

    public static ObjectNode write(AutomationTrigger t) {
        ObjectNode o = NODES.objectNode();
        o.put("type", t.type());
        if (t instanceof AutomationTrigger.CrashLoop c) {
            id(o, c.instanceId());
            o.put("max_crashes", c.maxCrashes());
            o.put("window_seconds", c.windowSeconds());
        } else if (t instanceof AutomationTrigger.UnexpectedExit u) {
            id(o, u.instanceId());
        } else if (t instanceof AutomationTrigger.Unresponsive u) {
            id(o, u.instanceId());
            o.put("silent_seconds", u.silentSeconds());
        } else if (t instanceof AutomationTrigger.StatusDuration s) {
            id(o, s.instanceId());
            o.put("status", s.status().wire());
            o.put("duration_seconds", s.durationSeconds());
        } else if (t instanceof AutomationTrigger.MetricSustained m) {
            o.put("metric", m.metric());
            id(o, m.instanceId());
            o.put("threshold", m.threshold());
            o.put("sustained_seconds", m.sustainedSeconds());
        } else if (t instanceof AutomationTrigger.ScheduleWindow w) {
            o.put("start_hour_utc", w.startHourUtc());
            o.put("start_minute_utc", w.startMinuteUtc());
            o.put("duration_minutes", w.durationMinutes());
        } else if (t instanceof AutomationTrigger.ScheduleCron c) {
            o.put("expression", c.expression());
            id(o, c.instanceId());
        }
        return o;
    }

    public static ObjectNode write(AutomationAction a) {
        ObjectNode o = NODES.objectNode();
        o.put("type", a.type());
        if (a instanceof AutomationAction.Restart r) {
            id(o, r.instanceId());
            o.put("backoff_base_seconds", r.backoffBaseSeconds());
            o.put("backoff_max_seconds", r.backoffMaxSeconds());
        } else if (a instanceof AutomationAction.Stop s) {
            id(o, s.instanceId());
        } else if (a instanceof AutomationAction.Suppress s) {
            id(o, s.instanceId());
            o.put("duration_seconds", s.durationSeconds());
            o.put("reason", s.reason());
        } else if (a instanceof AutomationAction.Notification n) {
            o.put("title", n.title());
            o.put("message", n.message());
            o.put("severity", n.severity());
        } else if (a instanceof AutomationAction.AuditEntry e) {
            o.put("message", e.message());
            o.put("severity", e.severity());
        } else if (a instanceof AutomationAction.PlanConfirmation p) {
            o.put("summary", p.summary());
            if (p.deferred() == null) {
                o.putNull("deferred");
            } else {
                o.set("deferred", write(p.deferred()));
            }
        } else if (a instanceof AutomationAction.BackupCreate b) {
            id(o, b.instanceId());
            o.put("live", b.live());
            if (b.keepLast() == null) {
                o.putNull("keep_last");
            } else {
                o.put("keep_last", b.keepLast().intValue());
            }
        }
        return o;
    }

    private static void id(ObjectNode o, UUID id) {
        o.put("instance_id", id == null ? null : id.toString());
    }

    /** A JSON object read member by member, with the allowed member names. */
    private static final class Obj {
        private final JsonNode node;
        private final String path;

        Obj(JsonNode node, String path, Set<String> allowed) {
            if (node == null || !node.isObject()) {
                throw new PolicyFormatException(path + ": expected an object");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw new PolicyFormatException(path + "." + name + ": unknown member");
                }
            }
            this.node = node;
            this.path = path;
        }

        JsonNode get(String name) {
            return node.get(name);
        }

        private JsonNode present(String name) {
            JsonNode v = node.get(name);
            if (v != null && v.isNull()) {
                throw new PolicyFormatException(path + "." + name + ": null is not allowed");
            }
            return v;
        }

        String string(String name, String dflt) {
            JsonNode v = present(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw new PolicyFormatException(path + "." + name + ": expected a string");
            }
            return v.textValue();
        }

        boolean bool(String name, boolean dflt) {
            JsonNode v = present(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw new PolicyFormatException(path + "." + name + ": expected true or false");
            }
            return v.booleanValue();
        }

        int int32(String name, int dflt) {
            JsonNode v = present(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new PolicyFormatException(path + "." + name + ": expected an int32");
            }
            return v.intValue();
        }

        long int64(String name, long dflt) {
            JsonNode v = present(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new PolicyFormatException(path + "." + name + ": expected an int64");
            }
            return v.longValue();
        }

        double number(String name, double dflt) {
            JsonNode v = present(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new PolicyFormatException(path + "." + name + ": expected a finite number");
            }
            return v.doubleValue();
        }

        /** {@code nullable}: JSON null is the absent id. */
        UUID uuid(String name, boolean nullable) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull() && nullable) {
                return null;
            }
            if (!v.isTextual() || !isUuid(v.textValue())) {
                throw new PolicyFormatException(path + "." + name + ": expected a uuid");
            }
            return UUID.fromString(v.textValue());
        }
    }

    static boolean isUuid(String s) {
        return s.length() == 36 && s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }
}
