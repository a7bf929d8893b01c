package dev.mfp.daemon.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.instance.process.RunAs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tunables of the instance feature, read from optional keys of the daemon's {@code config.json} (absent keys keep
 * the defaults; the spec is silent on all of them, see docs/protocol-notes.md, section "Instances").
 *
 * @param stopTimeout time a Minecraft server gets after {@code stop} before its process tree is killed
 * @param logHistoryLines size of the per-instance console ring
 * @param logHistoryBytes bound of the same ring in answer bytes (JSON form of its lines)
 * @param spawnCheck how long {@code start_instance} watches a new process for an immediate failing exit
 * @param downloadMaxBytes size limit of a source downloaded from a URL
 * @param downloadTimeout time limit of such a download
 * @param archiveMaxBytes total uncompressed size limit of an archive source
 * @param archiveMaxEntries entry count limit of an archive source
 * @param installerTimeout time limit of a Forge installer run or a post-process run
 * @param sourceAllowPrivate whether URL sources may be loopback/private/link-local addresses
 * @param sourceAllowedHosts hosts ({@code host} or {@code host:port}) exempt from that check
 * @param autoStartConcurrency instances of {@code auto_start} in {@code starting} at once (extensions.md §5)
 * @param readyTimeout after this long in {@code starting} an auto-started instance stops counting against that
 *     limit (decisions.md 8, {@code instance_ready_timeout_seconds})
 * @param runAs who servers and installers run as (config {@code instance_user}, resolved by {@link RunAs#configure})
 * @param shutdownPolicy what a graceful shutdown does with running servers (config {@code shutdown_policy},
 *     extensions.md §4)
 */
public record InstanceSettings(Duration stopTimeout, int logHistoryLines, long logHistoryBytes, Duration spawnCheck,
        long downloadMaxBytes,
        Duration downloadTimeout, long archiveMaxBytes, int archiveMaxEntries, Duration installerTimeout,
        boolean sourceAllowPrivate, List<String> sourceAllowedHosts, RunAs runAs, int autoStartConcurrency,
        Duration readyTimeout, ShutdownPolicy shutdownPolicy) {

    public InstanceSettings {
        shutdownPolicy = shutdownPolicy == null ? ShutdownPolicy.STOP : shutdownPolicy;
        sourceAllowedHosts = List.copyOf(sourceAllowedHosts);
        runAs = runAs == null ? RunAs.SELF : runAs;
    }

    /** The same tunables with game servers run as {@code r}. */
    public InstanceSettings withRunAs(RunAs r) {
        return new InstanceSettings(stopTimeout, logHistoryLines, logHistoryBytes, spawnCheck, downloadMaxBytes,
                downloadTimeout, archiveMaxBytes, archiveMaxEntries, installerTimeout, sourceAllowPrivate,
                sourceAllowedHosts, r, autoStartConcurrency, readyTimeout, shutdownPolicy);
    }

    /** The same tunables with another shutdown policy ({@code --detach}). */
    public InstanceSettings withShutdownPolicy(ShutdownPolicy p) {
        return new InstanceSettings(stopTimeout, logHistoryLines, logHistoryBytes, spawnCheck, downloadMaxBytes,
                downloadTimeout, archiveMaxBytes, archiveMaxEntries, installerTimeout, sourceAllowPrivate,
                sourceAllowedHosts, runAs, autoStartConcurrency, readyTimeout, p);
    }

    public static InstanceSettings defaults() {
        return new InstanceSettings(Duration.ofSeconds(30), 1000, 2L << 20, Duration.ofMillis(200), 1L << 30,
                Duration.ofMinutes(10), 8L << 30, 100_000, Duration.ofMinutes(30), false, List.of(), RunAs.SELF, 2,
                Duration.ofSeconds(120), ShutdownPolicy.STOP);
    }

    /**
     * Reads the {@code instance_*} keys of the loaded {@code config.json}; anything unusable keeps its default,
     * except {@code shutdown_policy}, which must be {@code "stop"} or {@code "detach"} (IllegalArgumentException).
     */
    public static InstanceSettings from(JsonNode n) {
        InstanceSettings d = defaults();
        if (n == null || !n.isObject()) {
            return d;
        }
        return new InstanceSettings(
                Duration.ofMillis(positive(n, "instance_stop_timeout_ms", d.stopTimeout.toMillis())),
                (int) Math.max(1000, positive(n, "instance_log_history_lines", d.logHistoryLines)),
                Math.max(256L << 10, positive(n, "instance_log_history_bytes", d.logHistoryBytes)),
                Duration.ofMillis(positive(n, "instance_spawn_check_ms", d.spawnCheck.toMillis())),
                positive(n, "instance_download_max_bytes", d.downloadMaxBytes),
                Duration.ofMillis(positive(n, "instance_download_timeout_ms", d.downloadTimeout.toMillis())),
                positive(n, "instance_archive_max_bytes", d.archiveMaxBytes),
                (int) positive(n, "instance_archive_max_entries", d.archiveMaxEntries),
                Duration.ofMillis(positive(n, "instance_installer_timeout_ms", d.installerTimeout.toMillis())),
                n.path("instance_source_allow_private").isBoolean() ? n.get("instance_source_allow_private").booleanValue()
                        : d.sourceAllowPrivate,
                strings(n.get("instance_source_allowed_hosts")), RunAs.SELF,
                (int) positive(n, "auto_start_concurrency", d.autoStartConcurrency),
                Duration.ofSeconds(positive(n, "instance_ready_timeout_seconds", d.readyTimeout.toSeconds())),
                shutdownPolicy(n.get("shutdown_policy")));
    }

    private static ShutdownPolicy shutdownPolicy(JsonNode v) {
        if (v == null || v.isNull()) {
            return ShutdownPolicy.STOP;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("config.json: shutdown_policy must be \"stop\" or \"detach\"");
        }
        return ShutdownPolicy.parse(v.asText());
    }

    private static List<String> strings(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(e -> {
                if (e.isTextual() && !e.asText().isBlank()) {
                    out.add(e.asText());
                }
            });
        }
        return out;
    }

    private static long positive(JsonNode n, String key, long dflt) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToLong() || v.asLong() <= 0) {
            return dflt;
        }
        return v.asLong();
    }
}
