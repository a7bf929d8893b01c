package dev.mfp.daemon.instance.report;

import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.McVersion;
import dev.mfp.daemon.instance.slp.OnlinePlayer;
import dev.mfp.daemon.instance.slp.ServerListPing;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.protocol.model.InstanceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds an {@link InstanceReport} (files-and-instances.md §5.6). */
public final class ReportBuilder {
    public static final Duration PING_TIMEOUT = Duration.ofMillis(1500);

    private final ProcessSampler sampler = new ProcessSampler();

    /** The process-tree sampler (2 s cache per pid) behind the reports, shared with the monitoring sampler. */
    public ProcessSampler processes() {
        return sampler;
    }

    public InstanceReport build(Instance instance) {
        InstanceStatus status = instance.status();
        InstanceSpec config = instance.config();
        boolean mc = config.instanceType().minecraft();
        Map<String, String> properties = mc
                ? instance.properties().get(status == InstanceStatus.STOPPED || status == InstanceStatus.CRASHED)
                : Map.of();
        List<OnlinePlayer> players = List.of();
        if (mc && status == InstanceStatus.RUNNING && supportsPing(config.mcVersion())) {
            players = ServerListPing.players("127.0.0.1", instance.properties().port(), PING_TIMEOUT);
        }
        Optional<ProcessHandle> p = instance.process();
        ProcessUsage usage = ProcessUsage.NONE;
        if (p.isPresent()) {
            try {
                usage = sampler.sample(p.get());
            } catch (RuntimeException e) {
                usage = ProcessUsage.NONE;
            }
        }
        return new InstanceReport(status, config, properties, players, usage);
    }

    /** Server List Ping exists from Minecraft 1.7 on; an empty (unknown) version is pinged too. */
    public static boolean supportsPing(String mcVersion) {
        if (mcVersion == null || mcVersion.isBlank()) {
            return true;
        }
        McVersion v = McVersion.parse(mcVersion);
        return v != null && v.atLeast("1.7");
    }
}
