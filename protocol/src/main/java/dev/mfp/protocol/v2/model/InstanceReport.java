package dev.mfp.protocol.v2.model;

import dev.mfp.protocol.model.InstanceStatus;
import java.util.List;
import java.util.Map;

/**
 * Result of {@code mcsl.instance.report.get} and each value of {@code report.list} (models.md §3.3,
 * instances.md §4.1). {@code process_id} (int32) is null without a process; {@code ready_timed_out} is
 * instances.md §7.4.
 */
public record InstanceReport(InstanceStatus status, InstanceConfiguration config, Map<String, String> properties,
        List<InstancePlayer> players, InstancePerformance performanceCounter, Integer processId,
        boolean readyTimedOut) {
}
