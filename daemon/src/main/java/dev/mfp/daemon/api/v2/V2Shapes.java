package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.host.HostInfo;
import dev.mfp.daemon.host.JavaInstall;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.report.InstanceReport;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.daemon.instance.slp.OnlinePlayer;
import dev.mfp.protocol.v2.model.DaemonReportData;
import dev.mfp.protocol.v2.model.InstanceConfiguration;
import dev.mfp.protocol.v2.model.InstancePerformance;
import dev.mfp.protocol.v2.model.InstancePlayer;
import dev.mfp.protocol.v2.model.JavaList;
import dev.mfp.protocol.v2.model.JavaRuntime;
import dev.mfp.protocol.v2.model.SystemInfo;
import dev.mfp.protocol.v2.model.V2Models;
import java.util.ArrayList;
import java.util.List;

/** The core's values in the v2 wire records of models.md (v2). */
public final class V2Shapes {
    private V2Shapes() {
    }

    /** models.md §2.1. */
    public static SystemInfo systemInfo(HostInfo h) {
        HostInfo.Cpu cpu = h.cpu();
        return new SystemInfo(new SystemInfo.OsInfo(h.os().name(), h.os().arch()),
                new SystemInfo.CpuInfo(cpu.vendor(), cpu.name(), cpu.count(), cpu.usagePercent(), cpu.coreCount(),
                        cpu.threadCount()),
                new SystemInfo.MemInfo(h.memory().totalKib(), h.memory().freeKib()), drive(h.drive()),
                h.drives().stream().map(V2Shapes::drive).toList(), h.daemonVersion());
    }

    private static SystemInfo.DriveInfo drive(HostInfo.Drive d) {
        return new SystemInfo.DriveInfo(d.format(), d.totalBytes(), d.freeBytes(), d.mount());
    }

    /** events.md §4.2: {@code {system_info, start_timestamp}}. */
    public static DaemonReportData daemonReport(HostInfo h, long startTimestamp) {
        return new DaemonReportData(systemInfo(h), startTimestamp);
    }

    /** methods.md §3.5. */
    public static JavaList javaList(List<JavaInstall> installs) {
        return new JavaList(installs.stream().map(j -> new JavaRuntime(j.path(), j.version(), j.architecture()))
                .toList());
    }

    /** models.md §3.1: the configuration, mapped from its on-disk document as that section says. */
    public static InstanceConfiguration configuration(InstanceSpec spec) {
        return V2Models.configuration(ConfigDocument.document(spec), spec.consoleMode());
    }

    /** A JSON array of rules as the client sent it (the caller checked that it is an array), each kept verbatim. */
    public static List<RuleDocument> rules(JsonNode array) {
        List<RuleDocument> out = new ArrayList<>(array.size());
        array.forEach(r -> out.add(RuleDocument.of(r)));
        return out;
    }

    /**
     * models.md §3.3, with the facts the report does not carry: process id (null without a process) and
     * {@code ready_timed_out}.
     */
    public static dev.mfp.protocol.v2.model.InstanceReport report(InstanceReport r, Long processId,
            boolean readyTimedOut) {
        return new dev.mfp.protocol.v2.model.InstanceReport(r.status(), configuration(r.config()), r.properties(), r.players().stream().map(V2Shapes::player).toList(),
                new InstancePerformance(r.usage().cpuPercent(), r.usage().memoryBytes()),
                processId == null ? null : Math.toIntExact(processId), readyTimedOut);
    }

    private static InstancePlayer player(OnlinePlayer p) {
        return new InstancePlayer(p.name(), p.uuid());
    }
}
