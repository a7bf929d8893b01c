package dev.mfp.daemon.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One record of the metrics history (monitoring.md §2.1), the same on disk (one JSON line, snake_case) and on the
 * wire. All members are always written, nullable ones as {@code null}.
 */
public record MonitoringSample(Instant timestamp, boolean gap, double systemCpuPercent, long memoryUsedKilobytes,
        long memoryTotalKilobytes, List<InstanceSample> instances, Long diskTotalBytes, Long diskFreeBytes,
        List<InstanceEvent> events, Integer droppedEvents) {

    /** monitoring.md §2.2. */
    public record InstanceSample(UUID instanceId, String name, InstanceStatus status, double cpuPercent,
            long memoryBytes, Double silentSeconds) {
    }

    /** monitoring.md §2.3: {@code kind} is {@code status_changed} or {@code ready_timeout}. */
    public record InstanceEvent(UUID instanceId, String kind, InstanceStatus status, InstanceStatus previousStatus,
            Instant at) {
        public static final String STATUS_CHANGED = "status_changed";
        public static final String READY_TIMEOUT = "ready_timeout";
    }

    public MonitoringSample {
        instances = List.copyOf(instances);
        events = events == null ? null : List.copyOf(events);
    }

    /** A gap record (monitoring.md §1.1) at {@code t}. */
    public static MonitoringSample gap(Instant t) {
        return new MonitoringSample(t, true, 0, 0, 0, List.of(), null, null, null, null);
    }

    public MonitoringSample withEvents(List<InstanceEvent> e, Integer dropped) {
        return new MonitoringSample(timestamp, gap, systemCpuPercent, memoryUsedKilobytes, memoryTotalKilobytes,
                instances, diskTotalBytes, diskFreeBytes, e, dropped);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("timestamp", V2Times.format(timestamp));
        o.put("gap", gap);
        o.put("system_cpu_percent", systemCpuPercent);
        o.put("memory_used_kilobytes", memoryUsedKilobytes);
        o.put("memory_total_kilobytes", memoryTotalKilobytes);
        ArrayNode is = o.putArray("instances");
        for (InstanceSample i : instances) {
            ObjectNode n = is.addObject();
            n.put("instance_id", i.instanceId().toString());
            n.put("name", i.name());
            n.put("status", i.status().wire());
            n.put("cpu_percent", i.cpuPercent());
            n.put("memory_bytes", i.memoryBytes());
            if (i.silentSeconds() == null) {
                n.putNull("silent_seconds");
            } else {
                n.put("silent_seconds", i.silentSeconds().doubleValue());
            }
        }
        putLong(o, "disk_total_bytes", diskTotalBytes);
        putLong(o, "disk_free_bytes", diskFreeBytes);
        if (events == null) {
            o.putNull("events");
        } else {
            ArrayNode es = o.putArray("events");
            for (InstanceEvent e : events) {
                ObjectNode n = es.addObject();
                n.put("instance_id", e.instanceId().toString());
                n.put("kind", e.kind());
                n.put("status", e.status().wire());
                n.put("previous_status", e.previousStatus() == null ? null : e.previousStatus().wire());
                n.put("at", e.at() == null ? null : V2Times.format(e.at()));
            }
        }
        if (droppedEvents == null) {
            o.putNull("dropped_events");
        } else {
            o.put("dropped_events", droppedEvents.intValue());
        }
        return o;
    }

    private static void putLong(ObjectNode o, String name, Long v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, v.longValue());
        }
    }

    /** Reads a stored line back; throws IllegalArgumentException (or NullPointerException) on a damaged one. */
    public static MonitoringSample fromJson(JsonNode n) {
        List<InstanceSample> instances = new ArrayList<>();
        for (JsonNode i : array(n, "instances")) {
            JsonNode silent = i.get("silent_seconds");
            instances.add(new InstanceSample(UUID.fromString(text(i, "instance_id")), text(i, "name"),
                    InstanceStatus.fromWire(text(i, "status")), i.path("cpu_percent").asDouble(),
                    i.path("memory_bytes").asLong(), silent == null || silent.isNull() ? null : silent.asDouble()));
        }
        List<InstanceEvent> events = null;
        JsonNode es = n.get("events");
        if (es != null && !es.isNull()) {
            events = new ArrayList<>();
            for (JsonNode e : array(n, "events")) {
                String prev = e.path("previous_status").textValue();
                String at = e.path("at").textValue();
                events.add(new InstanceEvent(UUID.fromString(text(e, "instance_id")), text(e, "kind"),
                        InstanceStatus.fromWire(text(e, "status")), prev == null ? null : InstanceStatus.fromWire(prev),
                        at == null ? null : DateTimes.parseInstant(at)));
            }
        }
        JsonNode de = n.get("dropped_events");
        return new MonitoringSample(DateTimes.parseInstant(text(n, "timestamp")), n.path("gap").asBoolean(),
                n.path("system_cpu_percent").asDouble(), n.path("memory_used_kilobytes").asLong(),
                n.path("memory_total_kilobytes").asLong(), instances, nullableLong(n, "disk_total_bytes"),
                nullableLong(n, "disk_free_bytes"), events, de == null || de.isNull() ? null : de.intValue());
    }

    private static Iterable<JsonNode> array(JsonNode n, String name) {
        JsonNode a = n.get(name);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        return a;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return v.textValue();
    }

    private static Long nullableLong(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asLong();
    }
}
