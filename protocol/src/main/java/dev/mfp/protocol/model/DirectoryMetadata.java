package dev.mfp.protocol.model;

/** models.md §1.2: times in Unix seconds. */
public record DirectoryMetadata(long creationTime, boolean hidden, long lastAccessTime, long lastWriteTime) {
}
