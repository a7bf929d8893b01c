package dev.mfp.daemon.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@code backups} section of {@code config.json} (transport.md §1; decisions.md #1: a nested object): the
 * retention caps of backups.md §5, each ≥ 1.
 */
public record BackupSettings(int retentionDays, int maximumCount, long maximumBytes) {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final int DEFAULT_MAXIMUM_COUNT = 16;
    public static final long DEFAULT_MAXIMUM_BYTES = 8_589_934_592L;

    public BackupSettings {
        if (retentionDays < 1 || maximumCount < 1 || maximumBytes < 1) {
            throw new IllegalArgumentException("backups.* values must be >= 1");
        }
    }

    public static BackupSettings defaults() {
        return new BackupSettings(DEFAULT_RETENTION_DAYS, DEFAULT_MAXIMUM_COUNT, DEFAULT_MAXIMUM_BYTES);
    }

    /** extensions.md §1: how long a live backup waits for the save-complete line. */
    public static final java.time.Duration DEFAULT_LIVE_SAVE_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** {@code backups.live_save_timeout_seconds} (optional, ≥ 1, default 60). */
    public static java.time.Duration liveSaveTimeout(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("backups");
        if (s == null || !s.isObject() || !s.has("live_save_timeout_seconds")) {
            return DEFAULT_LIVE_SAVE_TIMEOUT;
        }
        return java.time.Duration.ofSeconds(value(s, "live_save_timeout_seconds", 60, true));
    }

    public static BackupSettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("backups");
        if (s == null || s.isNull()) {
            return defaults();
        }
        if (!s.isObject()) {
            throw new IOException("config.json: backups must be an object");
        }
        int days = (int) value(s, "retention_days", DEFAULT_RETENTION_DAYS, true);
        int count = (int) value(s, "maximum_count", DEFAULT_MAXIMUM_COUNT, true);
        long bytes = value(s, "maximum_bytes", DEFAULT_MAXIMUM_BYTES, false);
        return new BackupSettings(days, count, bytes);
    }

    private static long value(JsonNode s, String member, long dflt, boolean int32) throws IOException {
        JsonNode v = s.get(member);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || (int32 ? !v.canConvertToInt() : !v.canConvertToLong()) || v.longValue() < 1) {
            throw new IOException("config.json: backups." + member + " must be an " + (int32 ? "int32" : "int64")
                    + " >= 1");
        }
        return v.longValue();
    }
}
