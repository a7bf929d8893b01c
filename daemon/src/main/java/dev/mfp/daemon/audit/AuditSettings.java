package dev.mfp.daemon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@code audit} section of {@code config.json} (transport.md §1, decisions.md #1: a nested object): how long
 * and how much history is kept (audit.md §4). A value outside its range refuses the start.
 *
 * @param retentionDays segments last written longer ago are deleted (≥ 1, default 30)
 * @param maximumBytes the oldest segments are deleted while all of them together are larger (≥ 1024, default 64 MiB)
 */
public record AuditSettings(int retentionDays, long maximumBytes) {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final long DEFAULT_MAXIMUM_BYTES = 67_108_864L;

    public AuditSettings {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("audit.retention_days must be >= 1");
        }
        if (maximumBytes < 1024) {
            throw new IllegalArgumentException("audit.maximum_bytes must be >= 1024");
        }
    }

    public static AuditSettings defaults() {
        return new AuditSettings(DEFAULT_RETENTION_DAYS, DEFAULT_MAXIMUM_BYTES);
    }

    public static AuditSettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("audit");
        if (s == null || s.isNull()) {
            return defaults();
        }
        if (!s.isObject()) {
            throw new IOException("config.json: audit must be an object");
        }
        int days = DEFAULT_RETENTION_DAYS;
        JsonNode d = s.get("retention_days");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1) {
                throw new IOException("config.json: audit.retention_days must be an int32 >= 1");
            }
            days = d.intValue();
        }
        long bytes = DEFAULT_MAXIMUM_BYTES;
        JsonNode b = s.get("maximum_bytes");
        if (b != null && !b.isNull()) {
            if (!b.isIntegralNumber() || !b.canConvertToLong() || b.longValue() < 1024) {
                throw new IOException("config.json: audit.maximum_bytes must be an int64 >= 1024");
            }
            bytes = b.longValue();
        }
        return new AuditSettings(days, bytes);
    }
}
