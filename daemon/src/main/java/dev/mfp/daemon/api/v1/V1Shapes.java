package dev.mfp.daemon.api.v1;

import dev.mfp.daemon.files.DirectoryInfo;
import dev.mfp.daemon.files.DirectoryListing;
import dev.mfp.daemon.files.FileInfo;
import dev.mfp.daemon.host.HostInfo;
import dev.mfp.daemon.host.JavaInstall;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.daemon.instance.report.InstanceReport;
import dev.mfp.daemon.instance.report.ProcessUsage;
import dev.mfp.daemon.instance.slp.OnlinePlayer;
import dev.mfp.protocol.model.DaemonReport;
import dev.mfp.protocol.model.DirectoryEntry;
import dev.mfp.protocol.model.DirectoryInformation;
import dev.mfp.protocol.model.DirectoryMetadata;
import dev.mfp.protocol.model.FileInformation;
import dev.mfp.protocol.model.FileMetadata;
import dev.mfp.protocol.model.InstancePerformanceCounter;
import dev.mfp.protocol.model.JavaInfo;
import dev.mfp.protocol.model.Player;
import dev.mfp.protocol.model.SystemInfo;
import java.util.List;

/** The core's values in the v1 wire records of models.md. */
public final class V1Shapes {
    private V1Shapes() {
    }

    /** models.md §2. */
    public static SystemInfo systemInfo(HostInfo h) {
        HostInfo.Cpu cpu = h.cpu();
        return new SystemInfo(new SystemInfo.OsInfo(h.os().name(), h.os().arch()),
                new SystemInfo.CpuInfo(cpu.vendor(), cpu.name(), cpu.count(), cpu.usagePercent(), cpu.coreCount(),
                        cpu.threadCount()),
                new SystemInfo.MemInfo(h.memory().totalKib(), h.memory().freeKib()), drive(h.drive()),
                h.drives().stream().map(V1Shapes::drive).toList(), h.daemonVersion());
    }

    private static SystemInfo.DriveInformation drive(HostInfo.Drive d) {
        return new SystemInfo.DriveInformation(d.format(), d.totalBytes(), d.freeBytes(), d.mount());
    }

    /** models.md §2.6: the system information, flat, with the start time (epoch ms). */
    public static DaemonReport daemonReport(HostInfo h, long startTimeStamp) {
        return DaemonReport.of(systemInfo(h), startTimeStamp);
    }

    /** models.md §1.6. */
    public static List<JavaInfo> javaList(List<JavaInstall> installs) {
        return installs.stream().map(j -> new JavaInfo(j.path(), j.version(), j.architecture())).toList();
    }

    /** models.md §1.1. */
    public static FileMetadata fileMetadata(FileInfo f) {
        return new FileMetadata(f.creationTime(), f.hidden(), f.lastAccessTime(), f.lastWriteTime(), f.readOnly(),
                f.size());
    }

    /** models.md §1.5. */
    public static DirectoryEntry directoryEntry(DirectoryListing l) {
        return new DirectoryEntry(l.parent(),
                l.files().stream().map(f -> new FileInformation(f.name(), fileMetadata(f.info()))).toList(),
                l.directories().stream().map(d -> new DirectoryInformation(d.name(), directoryMetadata(d.info())))
                        .toList());
    }

    private static DirectoryMetadata directoryMetadata(DirectoryInfo d) {
        return new DirectoryMetadata(d.creationTime(), d.hidden(), d.lastAccessTime(), d.lastWriteTime());
    }

    /** models.md §3.11. */
    public static dev.mfp.protocol.model.InstanceReport report(InstanceReport r) {
        return new dev.mfp.protocol.model.InstanceReport(r.status(), ConfigDocument.document(r.config()),
                r.properties(), r.players().stream().map(V1Shapes::player).toList(), performance(r.usage()));
    }

    private static Player player(OnlinePlayer p) {
        return new Player(p.name(), p.uuid());
    }

    private static InstancePerformanceCounter performance(ProcessUsage u) {
        return new InstancePerformanceCounter(u.cpuPercent(), u.memoryBytes());
    }
}
