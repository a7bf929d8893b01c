package dev.mfp.protocol.v2.model;

import java.util.Map;
import java.util.UUID;

/** Result of {@code mcsl.instance.report.list} (instances.md §4.1): one report per registered instance. */
public record InstanceReportList(Map<UUID, InstanceReport> reports) {
}
