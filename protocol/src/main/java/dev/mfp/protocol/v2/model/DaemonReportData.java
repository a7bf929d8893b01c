package dev.mfp.protocol.v2.model;

/** Data of {@code mcsl.event.daemon.report} (events.md §2, §4.2); {@code start_timestamp} in Unix ms. */
public record DaemonReportData(SystemInfo systemInfo, long startTimestamp) {
}
