package dev.mfp.daemon.files.upload;

import java.nio.file.Path;
import java.util.UUID;

/**
 * One open upload (files-and-instances.md §3.1): the staging file beside the target and the byte ranges received
 * so far. An idle session holds no descriptor: each chunk re-opens the target's directory from the root without
 * following links (it must still be the directory identified by {@code directoryKey}) and the staging file in it.
 * All mutable state is guarded by the session's monitor, which also serializes chunks of one session.
 */
final class UploadSession {
    final UUID id;
    final UUID connection;
    final Path target;
    final Path staging;
    /** The identity of the target's directory when the session was opened (null where the platform has none). */
    final Object directoryKey;
    final long size;
    final String sha1;
    final long timeoutMillis;
    final ChunkEncoding encoding;
    final long createdNanos = System.nanoTime();
    final RangeSet received = new RangeSet();
    long lastActivityNanos = createdNanos;
    boolean closed;
    /** Survives its connection (extensions.md §6). */
    final boolean resumable;
    /**
     * SHA-1 of {@code [0, hashedTo)} of the staging file, computed while the chunks arrive (in order from memory,
     * a part that arrived early is read back once the gap before it is filled). Null when no sha1 was requested
     * or when a chunk rewrote already hashed bytes: completion then hashes the whole file again.
     */
    java.security.MessageDigest digest;
    long hashedTo;

    UploadSession(UUID id, UUID connection, Path target, Path staging, Object directoryKey, long size, String sha1,
            long timeoutMillis, ChunkEncoding encoding, boolean resumable) {
        this.id = id;
        this.connection = connection;
        this.target = target;
        this.staging = staging;
        this.directoryKey = directoryKey;
        this.size = size;
        this.sha1 = sha1;
        this.timeoutMillis = timeoutMillis;
        this.encoding = encoding;
        this.resumable = resumable;
        if (sha1 != null) {
            try {
                this.digest = java.security.MessageDigest.getInstance("SHA-1");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    String stagingName() {
        return staging.getFileName().toString();
    }

    String targetName() {
        return target.getFileName().toString();
    }
}
