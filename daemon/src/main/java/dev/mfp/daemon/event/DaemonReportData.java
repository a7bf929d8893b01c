package dev.mfp.daemon.event;

import dev.mfp.daemon.host.HostInfo;

/** The periodic report: the host's facts now and when the daemon started (epoch ms). */
public record DaemonReportData(HostInfo host, long startTimestamp) {
}
