package dev.mfp.daemon.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@code monitoring} section of {@code config.json} (transport.md §1, decisions.md #1: a nested object): how
 * long and how much metrics history is kept (monitoring.md §4). A value outside its range refuses the start. The
 * sampling interval is not configurable (monitoring.md §1: 15 s).
 *
 * @param retentionDays segments last written longer ago are deleted (≥ 1, default 7)
 * @param maximumBytes the oldest segments are deleted while all together are larger (≥ 1024, default 256 MiB)
 */
public record MonitoringSettings(int retentionDays, long maximumBytes) {
    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final long DEFAULT_MAXIMUM_BYTES = 268_435_456L;

    public MonitoringSettings {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("monitoring.retention_days must be >= 1");
        }
        if (maximumBytes < 1024) {
            throw new IllegalArgumentException("monitoring.maximum_bytes must be >= 1024");
        }
    }

    public static MonitoringSettings defaults() {
        return new MonitoringSettings(DEFAULT_RETENTION_DAYS, DEFAULT_MAXIMUM_BYTES);
    }

    public static MonitoringSettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("monitoring");
        if (s == null || s.isNull()) {
            return defaults();
        }
        if (!s.isObject()) {
            throw new IOException("config.json: monitoring must be an object");
        }
        int days = DEFAULT_RETENTION_DAYS;
        JsonNode d = s.get("retention_days");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1) {
                throw new IOException("config.json: monitoring.retention_days must be an int32 >= 1");
            }
            days = d.intValue();
        }
        long bytes = DEFAULT_MAXIMUM_BYTES;
        JsonNode b = s.get("maximum_bytes");
        if (b != null && !b.isNull()) {
            if (!b.isIntegralNumber() || !b.canConvertToLong() || b.longValue() < 1024) {
                throw new IOException("config.json: monitoring.maximum_bytes must be an int64 >= 1024");
            }
            bytes = b.longValue();
        }
        return new MonitoringSettings(days, bytes);
    }
}
