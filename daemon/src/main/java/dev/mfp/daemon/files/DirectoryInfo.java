package dev.mfp.daemon.files;

/** Metadata of a directory: times in Unix seconds. */
public record DirectoryInfo(long creationTime, boolean hidden, long lastAccessTime, long lastWriteTime) {
}
