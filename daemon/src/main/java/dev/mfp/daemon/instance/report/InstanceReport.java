package dev.mfp.daemon.instance.report;

import dev.mfp.daemon.instance.slp.OnlinePlayer;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.protocol.model.InstanceStatus;
import java.util.List;
import java.util.Map;

/** An instance now: status, configuration, parsed {@code server.properties}, players online and process usage. */
public record InstanceReport(InstanceStatus status, InstanceSpec config, Map<String, String> properties,
        List<OnlinePlayer> players, ProcessUsage usage) {
}
