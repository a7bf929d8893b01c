package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/** {@code meta} of a file (transfer.md §2.1): times as UTC {@code date-time}, {@code size} in bytes. */
public record FileMetadata(@JsonSerialize(using = V2DateTimeSerializer.class) Instant creationTime, boolean hidden,
        @JsonSerialize(using = V2DateTimeSerializer.class) Instant lastAccessTime,
        @JsonSerialize(using = V2DateTimeSerializer.class) Instant lastWriteTime, boolean readOnly, long size) {
}
