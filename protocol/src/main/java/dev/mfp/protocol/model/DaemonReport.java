package dev.mfp.protocol.model;

import java.util.List;

/** SystemInfo members plus {@code start_time_stamp} (epoch ms), flat on the wire (models.md §2.6). */
public record DaemonReport(SystemInfo.OsInfo os, SystemInfo.CpuInfo cpu, SystemInfo.MemInfo mem,
        SystemInfo.DriveInformation drive, List<SystemInfo.DriveInformation> drives, String daemonVersion,
        long startTimeStamp) {

    public static DaemonReport of(SystemInfo i, long startTimeStamp) {
        return new DaemonReport(i.os(), i.cpu(), i.mem(), i.drive(), i.drives(), i.daemonVersion(), startTimeStamp);
    }
}
