package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.daemon.files.FileFault;
import dev.mfp.daemon.files.FileFault.Reason;
import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.RootFs.Directory;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.files.StrictPaths;
import dev.mfp.daemon.files.upload.UploadSessions.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The v2 uploads (transfer.md §4) on {@link UploadSessions}: strictly sequential chunks and an explicit commit. A
 * session is owned by one connection and lives a fixed time from its open; the running SHA-256 of the accepted bytes
 * is compared at {@link #close}, which flushes the staging file and renames it over the target (replacing a file
 * there). A chunk, close or cancel that meets another one of the session in progress is refused, never queued.
 */
public final class SequentialUploads {
    public static final int MAX_CHUNK = 1 << 20;
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

    private final StrictPaths paths;
    private final ReservedPaths reserved;
    private final Clock clock;
    private final Duration lifetime;
    private final UploadSessions<SequentialUpload> sessions;

    /** @param slots open sessions per connection and in all (each holds a pre-allocated staging file) */
    public SequentialUploads(StrictPaths paths, FileUsage usage, SessionSlots slots) {
        this(paths, usage, slots, Clock.systemUTC(), LIFETIME);
    }

    public SequentialUploads(StrictPaths paths, FileUsage usage, SessionSlots slots, Clock clock, Duration lifetime) {
        this.paths = paths;
        this.reserved = paths.fs().reserved();
        this.clock = clock;
        this.lifetime = lifetime;
        this.sessions = new UploadSessions<>(paths.fs(), usage, slots);
    }

    /** A new session. */
    public record Opened(UUID sessionId, int maxChunkSize, Instant expiresAt) {
    }

    /** Opens a session for {@code connection}, in the order of checks of transfer.md §4.1. */
    public Opened open(String clientPath, long length, String sha256, UUID connection) {
        if (sessions.stopping()) {
            throw new FileFault(Reason.STOPPED, "the file subsystem is stopping");
        }
        if (length < 0) {
            throw new FileFault(Reason.LENGTH_INVALID, "negative length");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new FileFault(Reason.HASH_INVALID, "sha256 must be 64 hex characters");
        }
        Path target = paths.resolve(clientPath);
        if (paths.isRoot(target)) {
            throw new FileFault(Reason.PATH_INVALID, "the daemon root cannot be an upload target");
        }
        BasicFileAttributes existing = FileIo.lstat(target);
        if (existing != null && existing.isDirectory()) {
            throw new FileFault(Reason.STORAGE, "the target is a directory");
        }
        if (!reserved.allowsWrite(target)) {
            throw new FileFault(Reason.RESERVED, "the target belongs to the daemon");
        }
        SequentialUpload s = new SequentialUpload(UUID.randomUUID(), connection, target, length,
                sha256.toLowerCase(Locale.ROOT), clock.instant().plus(lifetime));
        sessions.open(s);
        return new Opened(s.id, MAX_CHUNK, s.expiresAt);
    }

    /**
     * Writes one chunk at {@code offset} (the checks of transfer.md §4.3, rows 1–9); returns normally when the bytes
     * are in the staging file. A {@link FileFault} says why not; for the terminal rows the session has ended.
     */
    public void chunk(UUID id, UUID connection, long offset, ByteBuffer payload) {
        SequentialUpload s = owned(id, connection);
        int len = payload.remaining();
        sessions.chunk(s, offset, payload, () -> {
            if (len > MAX_CHUNK) {
                sessions.abort(s, "chunk too large");
                throw new FileFault(Reason.CHUNK_TOO_LARGE, "chunk larger than " + MAX_CHUNK);
            }
            if (offset != s.received) {
                sessions.abort(s, "offset " + offset + " is not the expected " + s.received);
                throw new FileFault(Reason.CHUNK_OFFSET_INVALID, "expected offset " + s.received);
            }
            if (offset + len > s.size) {
                sessions.abort(s, "chunk beyond the length");
                throw new FileFault(Reason.CHUNK_OFFSET_INVALID, "chunk ends beyond the length " + s.size);
            }
        });
    }

    /**
     * Commits: every byte must have arrived ({@link Reason#UPLOAD_INCOMPLETE} keeps the session), the hash must match
     * ({@link Reason#HASH_MISMATCH} ends it), then the staging file is flushed and renamed over the target.
     */
    public void close(UUID id, UUID connection) {
        SequentialUpload s = owned(id, connection);
        sessions.commit(s, () -> {
            if (s.received < s.size) {
                throw new FileFault(Reason.UPLOAD_INCOMPLETE, s.received + " of " + s.size + " bytes received");
            }
        });
    }

    /** Deletes the staging file and ends the session; the target is untouched. */
    public void cancel(UUID id, UUID connection) {
        sessions.cancel(owned(id, connection));
    }

    /** Ends the session if {@code connection} owns it (an unreadable chunk header); nothing is reported. */
    public void terminate(UUID id, UUID connection) {
        SequentialUpload s = sessions.find(id);
        if (s != null && s.connection.equals(connection)) {
            sessions.endOrAbandon(s, "invalid chunk header");
        }
    }

    /** Ends every session of a closed connection. */
    public void connectionClosed(UUID connection) {
        sessions.connectionClosed(connection);
    }

    /** Ends every session whose target lies at or below {@code dir} (another feature deletes that tree). */
    public void cancelUnder(Path dir) {
        sessions.cancelUnder(dir);
    }

    /** Ends the sessions past their lifetime. */
    public void sweep() {
        sessions.sweep();
    }

    /** Shutdown: refuses new sessions and ends every open one. */
    public void closeAll() {
        sessions.closeAll();
    }

    public int activeSessions() {
        return sessions.activeSessions();
    }

    private SequentialUpload owned(UUID id, UUID connection) {
        SequentialUpload s = sessions.find(id);
        if (s == null || !s.connection.equals(connection)) {
            throw notFound();
        }
        return s;
    }

    private static FileFault notFound() {
        return new FileFault(Reason.SESSION_NOT_FOUND, "no such upload session");
    }

    /** A v2 session: the bytes accepted so far (always a prefix) and their running SHA-256. */
    private final class SequentialUpload extends UploadSession {
        final String sha256;
        final Instant expiresAt;
        final MessageDigest digest = sha256Digest();
        long received;

        SequentialUpload(UUID id, UUID connection, Path target, long length, String sha256, Instant expiresAt) {
            super(id, connection, target, length);
            this.sha256 = sha256;
            this.expiresAt = expiresAt;
        }

        @Override
        void written(FileChannel ch, long offset, ByteBuffer data) {
            received += data.remaining();
            digest.update(data.duplicate());
        }

        @Override
        Progress progress() {
            return new Progress(false, received);
        }

        @Override
        void verify(FileChannel ch) {
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new FileFault(Reason.HASH_MISMATCH, "SHA-256 of the upload is " + actual);
            }
        }

        @Override
        void beforeReplace(Directory dir) {
            BasicFileAttributes t = dir.attributes(targetName());
            if (t != null && !t.isRegularFile()) {
                throw new FileFault(Reason.STORAGE, "the target is no longer a file");
            }
        }

        @Override
        boolean expired() {
            return !clock.instant().isBefore(expiresAt);
        }

        @Override
        boolean expiresOnAccess() {
            return true;
        }

        @Override
        RuntimeException notFound() {
            return SequentialUploads.notFound();
        }

        @Override
        RuntimeException busy() {
            return activity == Activity.WRITING
                    ? new FileFault(Reason.CHUNK_IN_FLIGHT, "a chunk is being written")
                    : new FileFault(Reason.SESSION_BUSY, "the session is being closed");
        }

        @Override
        RuntimeException noSlot(SessionSlots slots) {
            return new FileFault(Reason.UPLOAD_LIMIT, "at most " + slots.perConnection() + " upload sessions per"
                    + " connection and " + slots.total() + " in all");
        }

        @Override
        RuntimeException targetBusy() {
            return new FileFault(Reason.UPLOAD_ACTIVE, "another upload targets the path");
        }

        @Override
        RuntimeException directoriesFailed(DaemonError e) {
            return e.kind() == Failure.FILE_ACCESS_FAILED
                    ? new FileFault(Reason.PATH_INVALID, "a link appeared below the root")
                    : new FileFault(Reason.STORAGE, "a parent directory cannot be created");
        }

        @Override
        RuntimeException io(IOException e, Step step) {
            return FileFault.io(e, step.what);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
