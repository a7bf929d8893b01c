package dev.mfp.daemon.operation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@code operations} section of {@code config.json} (transport.md §1; decisions.md #1: a nested object).
 *
 * @param retentionDays terminal records completed longer ago are dropped (≥ 1, default 7)
 * @param maximumBytes the oldest terminal records are dropped while the encoded index is larger (≥ 2, default 256 MiB)
 */
public record OperationSettings(int retentionDays, long maximumBytes) {
    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final long DEFAULT_MAXIMUM_BYTES = 268_435_456L;

    public OperationSettings {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("operations.retention_days must be >= 1");
        }
        if (maximumBytes < 2) {
            throw new IllegalArgumentException("operations.maximum_bytes must be >= 2");
        }
    }

    public static OperationSettings defaults() {
        return new OperationSettings(DEFAULT_RETENTION_DAYS, DEFAULT_MAXIMUM_BYTES);
    }

    public static OperationSettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("operations");
        if (s == null || s.isNull()) {
            return defaults();
        }
        if (!s.isObject()) {
            throw new IOException("config.json: operations must be an object");
        }
        JsonNode d = s.get("retention_days");
        int days = DEFAULT_RETENTION_DAYS;
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1) {
                throw new IOException("config.json: operations.retention_days must be an int32 >= 1");
            }
            days = d.intValue();
        }
        JsonNode b = s.get("maximum_bytes");
        long bytes = DEFAULT_MAXIMUM_BYTES;
        if (b != null && !b.isNull()) {
            if (!b.isIntegralNumber() || !b.canConvertToLong() || b.longValue() < 2) {
                throw new IOException("config.json: operations.maximum_bytes must be an int64 >= 2");
            }
            bytes = b.longValue();
        }
        return new OperationSettings(days, bytes);
    }
}
