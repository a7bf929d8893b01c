package dev.mfp.protocol.model;

import java.util.List;
import java.util.Map;

/** models.md §3.11. */
public record InstanceReport(InstanceStatus status, InstanceConfig config, Map<String, String> properties,
        List<Player> players, InstancePerformanceCounter performanceCounter) {
}
