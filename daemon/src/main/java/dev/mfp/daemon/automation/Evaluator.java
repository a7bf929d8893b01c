package dev.mfp.daemon.automation;

import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.monitoring.MonitoringHistory;
import dev.mfp.daemon.monitoring.MonitoringSample;
import dev.mfp.protocol.model.InstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether a trigger fires now (automation.md §1.3), read-only over the current facts: the instances, the crash and
 * status memory, the monitoring history. {@code schedule.cron} is not evaluated here (it fires at its instants).
 */
final class Evaluator {
    /** A trigger that fired, with its first target (null: it names no instance). */
    record Firing(UUID target) {
    }

    private final InstanceManager instances;
    private final MonitoringHistory history;
    private final Duration sampleInterval;
    private final InstanceFacts facts;

    Evaluator(InstanceManager instances, MonitoringHistory history, Duration sampleInterval, InstanceFacts facts) {
        this.instances = instances;
        this.history = history;
        this.sampleInterval = sampleInterval;
        this.facts = facts;
    }

    /** The instances by id (sorted), with their statuses now. */
    Map<UUID, InstanceStatus> statuses() {
        List<Instance> all = new ArrayList<>(instances.all());
        all.sort(Comparator.comparing(i -> i.id().toString()));
        Map<UUID, InstanceStatus> out = new LinkedHashMap<>();
        all.forEach(i -> out.put(i.id(), i.status()));
        return out;
    }

    /** The firing of {@code p}'s trigger at {@code now}, or null; {@code previousTick} bounds "since the last tick". */
    Firing evaluate(AutomationPolicy p, Map<UUID, InstanceStatus> statuses, Instant previousTick, Instant now) {
        AutomationTrigger t = p.trigger();
        List<UUID> candidates = t.instanceId() != null ? List.of(t.instanceId()) : List.copyOf(statuses.keySet());
        if (t instanceof AutomationTrigger.CrashLoop c) {
            for (UUID id : candidates) {
                if (facts.unconsumedCrashes(p.id(), id, Duration.ofSeconds(c.windowSeconds()), now) >= c.maxCrashes()) {
                    return new Firing(id);
                }
            }
            return null;
        }
        if (t instanceof AutomationTrigger.UnexpectedExit) {
            List<UUID> crashed = facts.crashedBetween(candidates, previousTick, now);
            return crashed.isEmpty() ? null : new Firing(crashed.get(0));
        }
        if (t instanceof AutomationTrigger.Unresponsive u) {
            MonitoringSample latest = history.latest();
            if (latest == null) {
                return null;
            }
            for (UUID id : candidates) {
                for (MonitoringSample.InstanceSample s : latest.instances()) {
                    if (s.instanceId().equals(id) && s.status() == InstanceStatus.RUNNING
                            && statuses.get(id) == InstanceStatus.RUNNING && s.silentSeconds() != null
                            && s.silentSeconds() >= u.silentSeconds()) {
                        return new Firing(id);
                    }
                }
            }
            return null;
        }
        if (t instanceof AutomationTrigger.StatusDuration sd) {
            for (UUID id : candidates) {
                Instant since = facts.inStatusSince(id, sd.status());
                if (since != null && !now.isBefore(since.plusSeconds(sd.durationSeconds()))) {
                    return new Firing(id);
                }
            }
            return null;
        }
        if (t instanceof AutomationTrigger.MetricSustained m) {
            return sustained(m, candidates, now);
        }
        if (t instanceof AutomationTrigger.ScheduleWindow w) {
            ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
            int minute = utc.getHour() * 60 + utc.getMinute();
            int start = w.startHourUtc() * 60 + w.startMinuteUtc();
            return Math.floorMod(minute - start, 1440) < w.durationMinutes() ? new Firing(null) : null;
        }
        return null;
    }

    /**
     * The metric stayed ≥ threshold in every sample of the window, and the retained samples cover the whole window
     * (the oldest one is at most one sampling interval after its start, no gap record in it).
     */
    private Firing sustained(AutomationTrigger.MetricSustained m, List<UUID> candidates, Instant now) {
        Instant from = now.minusSeconds(m.sustainedSeconds());
        List<MonitoringSample> samples = history.query(from, now, 100_000).samples();
        if (samples.isEmpty() || samples.stream().anyMatch(MonitoringSample::gap)) {
            return null;
        }
        Duration slack = sampleInterval.plus(sampleInterval.dividedBy(2)).plusSeconds(1);
        if (samples.get(0).timestamp().isAfter(from.plus(slack))) {
            return null;
        }
        if (!m.perInstance()) {
            for (MonitoringSample s : samples) {
                if (!(systemValue(m.metric(), s) >= m.threshold())) {
                    return null;
                }
            }
            return new Firing(m.instanceId());
        }
        for (UUID id : candidates) {
            boolean all = true;
            for (MonitoringSample s : samples) {
                Double v = instanceValue(m.metric(), s, id);
                if (v == null || v < m.threshold()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return new Firing(id);
            }
        }
        return null;
    }

    static double systemValue(String metric, MonitoringSample s) {
        switch (metric) {
            case "system_cpu":
                return s.systemCpuPercent();
            case "system_memory_percent":
                return s.memoryTotalKilobytes() <= 0 ? Double.NaN
                        : 100.0 * s.memoryUsedKilobytes() / s.memoryTotalKilobytes();
            case "system_disk_percent":
                if (s.diskTotalBytes() == null || s.diskFreeBytes() == null || s.diskTotalBytes() <= 0) {
                    return Double.NaN;
                }
                return 100.0 * (s.diskTotalBytes() - s.diskFreeBytes()) / s.diskTotalBytes();
            default:
                return Double.NaN;
        }
    }

    static Double instanceValue(String metric, MonitoringSample s, UUID id) {
        for (MonitoringSample.InstanceSample i : s.instances()) {
            if (i.instanceId().equals(id)) {
                return metric.equals("instance_cpu") ? i.cpuPercent() : (double) i.memoryBytes();
            }
        }
        return null;
    }
}
