package dev.mfp.protocol.v2.model;

/** Result of {@code mcsl.file.info.get} (transfer.md §3). */
public record FileInfo(FileMetadata meta) {
}
