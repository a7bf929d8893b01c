package dev.mfp.protocol.model;

/** models.md §1.1: times in Unix seconds, size in bytes. */
public record FileMetadata(long creationTime, boolean hidden, long lastAccessTime, long lastWriteTime, boolean readOnly,
        long size) {
}
