package dev.mfp.daemon.files;

/** Metadata of a file: times in Unix seconds, size in bytes. */
public record FileInfo(long creationTime, boolean hidden, long lastAccessTime, long lastWriteTime, boolean readOnly,
        long size) {
}
