package dev.mfp.daemon.event;

import dev.mfp.protocol.model.SystemInfo;

/** The periodic report: the host's facts now and when the daemon started (epoch ms). */
public record DaemonReportData(SystemInfo systemInfo, long startTimestamp) {
}
