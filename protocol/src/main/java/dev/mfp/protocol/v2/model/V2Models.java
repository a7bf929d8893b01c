package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mfp.protocol.model.DirectoryInformation;
import dev.mfp.protocol.model.FileInformation;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstancePerformanceCounter;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.JavaInfo;
import dev.mfp.protocol.model.Player;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The v1 → v2 DTO reshaping of README.md §5 and models.md §2.2, §3, and the reverse for the configuration a v2
 * client sends. Facts v1 records do not carry (console mode, process id, ready timeout, absolute working
 * directory) are parameters.
 */
public final class V2Models {
    private V2Models() {
    }

    /** models.md §2.2: {@code arch} → {@code architecture}, KiB and byte members renamed. */
    public static SystemInfo systemInfo(dev.mfp.protocol.model.SystemInfo v1) {
        var os = v1.os();
        var cpu = v1.cpu();
        return new SystemInfo(new SystemInfo.OsInfo(os.name(), os.arch()),
                new SystemInfo.CpuInfo(cpu.vendor(), cpu.name(), cpu.count(), cpu.usage(), cpu.coreCount(),
                        cpu.threadCount()),
                new SystemInfo.MemInfo(v1.mem().total(), v1.mem().free()), drive(v1.drive()),
                v1.drives().stream().map(V2Models::drive).toList(), v1.daemonVersion());
    }

    private static SystemInfo.DriveInfo drive(dev.mfp.protocol.model.SystemInfo.DriveInformation d) {
        return new SystemInfo.DriveInfo(d.driveFormat(), d.total(), d.free(), d.name());
    }

    /** events.md §4.2, README.md §5.2: {@code {system_info, start_timestamp}} instead of the flat v1 report. */
    public static DaemonReportData daemonReport(dev.mfp.protocol.model.SystemInfo v1, long startTimestamp) {
        return new DaemonReportData(systemInfo(v1), startTimestamp);
    }

    public static JavaRuntime javaRuntime(JavaInfo v1) {
        return new JavaRuntime(v1.path(), v1.version(), v1.architecture());
    }

    /** methods.md §3.5: v1 {@code java_list} → {@code items}. */
    public static JavaList javaList(List<JavaInfo> v1) {
        return new JavaList(v1.stream().map(V2Models::javaRuntime).toList());
    }

    /**
     * models.md §3.1: {@code uuid} → {@code instance_id}, {@code mc_version} → {@code version}, {@code env} →
     * {@code environment_variables}; {@code console_mode} is given (normally {@link InstanceConfig#consoleModeOrDefault()}).
     */
    public static InstanceConfiguration configuration(InstanceConfig v1, ConsoleMode consoleMode) {
        return new InstanceConfiguration(v1.uuid(), v1.name(), v1.target(), v1.instanceType(), v1.targetType(),
                v1.mcVersion(), v1.inputEncoding(), v1.outputEncoding(), v1.javaPath(), v1.arguments(), v1.env(),
                JsonNodeFactory.instance.arrayNode().addAll(v1.eventRules()), consoleMode);
    }

    /** {@link #toV1(InstanceConfiguration, InstanceConfig)} for a new instance (no previous configuration). */
    public static InstanceConfig toV1(InstanceConfiguration v2) {
        return toV1(v2, null);
    }

    /**
     * The v1 record of a v2 configuration (models.md §3.1 "On-disk mapping"), {@code console_mode} included
     * (stored only when it is {@code pty}, see {@link InstanceConfig}). The auto-start members (extensions.md §5), which v2 does not carry, are
     * taken from {@code previous} (defaults when null). An {@code event_rules} that is not a JSON array is an
     * IllegalArgumentException (decisions.md 10: the caller answers {@code instance.create_failed}).
     */
    public static InstanceConfig toV1(InstanceConfiguration v2, InstanceConfig previous) {
        JsonNode rules = v2.eventRules();
        if (rules == null || !rules.isArray()) {
            throw new IllegalArgumentException("event_rules must be an array");
        }
        List<JsonNode> list = new ArrayList<>(rules.size());
        rules.forEach(list::add);
        return new InstanceConfig(v2.name(), v2.target(), v2.instanceType(), v2.targetType(), v2.instanceId(),
                v2.version(), v2.inputEncoding(), v2.outputEncoding(), v2.javaPath(), v2.arguments(),
                v2.environmentVariables(), list, previous == null ? null : previous.autoStart(),
                previous == null ? null : previous.autoStartDelaySeconds(), v2.consoleModeOrDefault());
    }

    /**
     * models.md §3.3, README.md §5.1 row 30: {@code memory} → {@code memory_bytes}, {@code config} reshaped, plus
     * {@code process_id} (null without a process) and {@code ready_timed_out}.
     */
    public static InstanceReport report(dev.mfp.protocol.model.InstanceReport v1, ConsoleMode consoleMode,
            Long processId, boolean readyTimedOut) {
        return new InstanceReport(v1.status(), configuration(v1.config(), consoleMode),
                v1.properties() == null ? Map.of() : v1.properties(),
                v1.players() == null ? List.of() : v1.players().stream().map(V2Models::player).toList(),
                performance(v1.performanceCounter()), processId == null ? null : Math.toIntExact(processId),
                readyTimedOut);
    }

    public static InstancePlayer player(Player v1) {
        return new InstancePlayer(v1.name(), v1.uuid());
    }

    public static InstancePerformance performance(InstancePerformanceCounter v1) {
        return v1 == null ? new InstancePerformance(0.0, 0L) : new InstancePerformance(v1.cpu(), v1.memory());
    }

    /**
     * instances.md §4.3. {@code can_edit} and {@code edit_blocked_reason} follow from {@code status};
     * {@code workingDirectory} must be absolute (v1 sent it root-relative).
     */
    public static InstanceSettings settings(InstanceConfig config, ConsoleMode consoleMode, InstanceStatus status,
            Path workingDirectory, boolean currentTargetExists,
            dev.mfp.protocol.model.InstanceInstallMetadata installMetadata) {
        if (!workingDirectory.isAbsolute()) {
            throw new IllegalArgumentException("working_directory must be absolute: " + workingDirectory);
        }
        String reason = editBlockedReason(status);
        return new InstanceSettings(configuration(config, consoleMode), workingDirectory.toString(),
                currentTargetExists, reason == null, reason, installMetadata(installMetadata));
    }

    /** instances.md §4.3: null for {@code stopped}/{@code crashed}, else {@code "Instance is <PascalCase status>"}. */
    public static String editBlockedReason(InstanceStatus status) {
        if (status == InstanceStatus.STOPPED || status == InstanceStatus.CRASHED) {
            return null;
        }
        String w = status.wire();
        return "Instance is " + Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /**
     * models.md §3.4; null stays null. The v1 {@code installed_at} (ISO-8601 with offset) is re-written as a
     * UTC {@code date-time}; an unparsable one is an IllegalArgumentException (the caller answers
     * {@code instance.install_metadata.read_failed}).
     */
    public static InstallMetadata installMetadata(dev.mfp.protocol.model.InstanceInstallMetadata v1) {
        if (v1 == null) {
            return null;
        }
        Instant at;
        try {
            at = v1.installedAt() == null ? null : OffsetDateTime.parse(v1.installedAt()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("installed_at '" + v1.installedAt() + "' is not a date-time", e);
        }
        return new InstallMetadata(v1.installerKind(), v1.installerSourcePath(), v1.generatedPaths(),
                v1.resolvedLaunchTarget(), at);
    }

    /** instances.md §5.1: the rules as stored, with the instance id. */
    public static EventRulesResult eventRules(InstanceConfig v1) {
        return new EventRulesResult(v1.uuid(), v1.eventRules());
    }

    /** instances.md §6.1. */
    public static CatalogItem catalogItem(InstanceConfig config, InstanceStatus status, boolean readyTimedOut) {
        return new CatalogItem(config.uuid(), config.name(), config.instanceType(), config.mcVersion(), status,
                readyTimedOut);
    }

    /** transfer.md §2.1: v1 Unix seconds → {@code date-time}. */
    public static FileMetadata fileMetadata(dev.mfp.protocol.model.FileMetadata v1) {
        return new FileMetadata(seconds(v1.creationTime()), v1.hidden(), seconds(v1.lastAccessTime()),
                seconds(v1.lastWriteTime()), v1.readOnly(), v1.size());
    }

    public static DirectoryMetadata directoryMetadata(dev.mfp.protocol.model.DirectoryMetadata v1) {
        return new DirectoryMetadata(seconds(v1.creationTime()), v1.hidden(), seconds(v1.lastAccessTime()),
                seconds(v1.lastWriteTime()));
    }

    public static FileInfo fileInfo(dev.mfp.protocol.model.FileMetadata v1) {
        return new FileInfo(fileMetadata(v1));
    }

    public static FileEntry fileEntry(FileInformation v1) {
        return new FileEntry(v1.name(), fileMetadata(v1.meta()));
    }

    public static DirectoryEntry directoryEntry(DirectoryInformation v1) {
        return new DirectoryEntry(v1.name(), directoryMetadata(v1.meta()));
    }

    /**
     * transfer.md §2.2. The v1 listing's {@code parent} is null for the root and {@code ""} for a direct child of
     * the root; v2 makes both null and keeps every other parent (root-relative, {@code /}-separated).
     */
    public static DirectoryInfo directoryInfo(dev.mfp.protocol.model.DirectoryEntry v1) {
        String parent = v1.parent() == null || v1.parent().isEmpty() ? null : v1.parent();
        return new DirectoryInfo(parent, v1.files().stream().map(V2Models::fileEntry).toList(),
                v1.directories().stream().map(V2Models::directoryEntry).toList());
    }

    private static Instant seconds(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds);
    }
}
