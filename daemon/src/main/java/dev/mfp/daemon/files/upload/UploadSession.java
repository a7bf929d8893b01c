package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.files.AnchoredDir;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One open upload (files-and-instances.md §3.1): the staging file beside the target, kept open in a no-follow
 * handle on the target's directory, and the byte ranges received so far. All mutable state is guarded by the
 * session's monitor, which also serializes chunks of one session.
 */
final class UploadSession {
    final UUID id;
    final UUID connection;
    final Path target;
    final Path staging;
    final AnchoredDir dir;
    final FileChannel channel;
    final long size;
    final String sha1;
    final long timeoutMillis;
    final ChunkEncoding encoding;
    final long createdNanos = System.nanoTime();
    final RangeSet received = new RangeSet();
    long lastActivityNanos = createdNanos;
    boolean closed;
    /**
     * SHA-1 of {@code [0, hashedTo)} of the staging file, computed while the chunks arrive (in order from memory,
     * a part that arrived early is read back once the gap before it is filled). Null when no sha1 was requested
     * or when a chunk rewrote already hashed bytes: completion then hashes the whole file again.
     */
    java.security.MessageDigest digest;
    long hashedTo;

    UploadSession(UUID id, UUID connection, Path target, Path staging, AnchoredDir dir, FileChannel channel, long size,
            String sha1, long timeoutMillis, ChunkEncoding encoding) {
        this.id = id;
        this.connection = connection;
        this.target = target;
        this.staging = staging;
        this.dir = dir;
        this.channel = channel;
        this.size = size;
        this.sha1 = sha1;
        this.timeoutMillis = timeoutMillis;
        this.encoding = encoding;
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
