package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileFault;
import dev.mfp.daemon.files.FileFault.Reason;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.RootFs.Directory;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.files.StrictPaths;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads with strictly sequential chunks and an explicit commit (the v2 upload sessions). A session is owned by one
 * connection; its bytes go to the staging file {@code .<name>.<session hex>.upload.tmp} beside the target, created
 * exclusively and pre-allocated to the declared length; the running SHA-256 of the accepted bytes is compared at
 * {@link #close}, which flushes the staging file and renames it over the target (replacing a file there). Every
 * terminal failure, a cancel, the owner's disconnect, expiry and shutdown delete the staging file.
 *
 * <p>The targets are reserved in the shared {@link FileUsage}, so an upload of the other front end to the same path
 * is refused (and the other front end's operations see the target as busy). Chunks of one session are written one
 * at a time; a chunk, close or cancel that meets another one in progress is refused, never queued.
 */
public final class SequentialUploads {
    public static final int MAX_CHUNK = 1 << 20;
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
    private static final Logger LOG = LoggerFactory.getLogger(SequentialUploads.class);

    private final StrictPaths paths;
    private final RootFs fs;
    private final FileUsage usage;
    private final ReservedPaths reserved;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
    /** Open sessions per connection and in all (each holds a pre-allocated staging file). */
    private final SessionSlots slots;
    private volatile boolean stopping;

    public SequentialUploads(StrictPaths paths, FileUsage usage, SessionSlots slots) {
        this(paths, usage, slots, Clock.systemUTC(), LIFETIME);
    }

    public SequentialUploads(StrictPaths paths, FileUsage usage, SessionSlots slots, Clock clock, Duration lifetime) {
        this.slots = slots;
        this.paths = paths;
        this.fs = paths.fs();
        this.usage = usage;
        this.reserved = fs.reserved();
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new session. */
    public record Opened(UUID sessionId, int maxChunkSize, Instant expiresAt) {
    }

    private static final class Session {
        final UUID id;
        final UUID connection;
        final Path target;
        final Path staging;
        final Object directoryKey;
        final long length;
        final String sha256;
        final Instant expiresAt;
        final int maxChunk = MAX_CHUNK;
        final MessageDigest digest = sha256Digest();
        long received;
        boolean writing;
        boolean closing;
        boolean ended;
        /** The owner went away while a chunk or close was in progress: end the session when it is done. */
        boolean abandoned;

        Session(UUID id, UUID connection, Path target, Path staging, Object directoryKey, long length, String sha256,
                Instant expiresAt) {
            this.id = id;
            this.connection = connection;
            this.target = target;
            this.staging = staging;
            this.directoryKey = directoryKey;
            this.length = length;
            this.sha256 = sha256;
            this.expiresAt = expiresAt;
        }

        String stagingName() {
            return staging.getFileName().toString();
        }
    }

    /** Opens a session for {@code connection}, in the order of checks of transfer.md §4.1. */
    public Opened open(String clientPath, long length, String sha256, UUID connection) {
        if (stopping) {
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
        UUID id = UUID.randomUUID();
        Path staging = target.resolveSibling(UploadManager.stagingName(target.getFileName().toString(), id));
        if (!slots.tryAcquire(connection)) {
            throw new FileFault(Reason.UPLOAD_LIMIT, "at most " + slots.perConnection() + " upload sessions per"
                    + " connection and " + slots.total() + " in all");
        }
        if (!usage.reserveUpload(target, staging)) {
            slots.release(connection);
            throw new FileFault(Reason.UPLOAD_ACTIVE, "another upload targets the path");
        }
        boolean opened = false;
        boolean created = false;
        Directory dir = null;
        try {
            try {
                dir = fs.createDirectories(target.getParent());
            } catch (DaemonError e) {
                throw e.kind() == Failure.FILE_ACCESS_FAILED
                        ? new FileFault(Reason.PATH_INVALID, "a link appeared below the root")
                        : new FileFault(Reason.STORAGE, "a parent directory cannot be created");
            }
            try (SeekableByteChannel ch = dir.createStaging(staging.getFileName().toString())) {
                created = true;
                if (length > 0) {
                    ch.position(length - 1);
                    ch.write(ByteBuffer.wrap(new byte[1])); // pre-allocate the declared length
                }
            }
            Session s = new Session(id, connection, target, staging, dir.key(), length,
                    sha256.toLowerCase(Locale.ROOT), clock.instant().plus(lifetime));
            sessions.put(id, s);
            opened = true;
            return new Opened(id, s.maxChunk, s.expiresAt);
        } catch (IOException e) {
            throw FileFault.io(e, "create the staging file");
        } finally {
            if (!opened) {
                if (created) {
                    dir.deleteQuietly(staging.getFileName().toString());
                }
                usage.releaseUpload(target, staging);
                slots.release(connection);
            }
            FileIo.closeQuietly(dir);
        }
    }

    /**
     * Writes one chunk at {@code offset} (the checks of transfer.md §4.3, rows 1–9); returns normally when the bytes
     * are in the staging file. A {@link FileFault} says why not; for the terminal rows the session has ended.
     */
    public void chunk(UUID id, UUID connection, long offset, ByteBuffer payload) {
        Session s = owned(id, connection);
        int len = payload.remaining();
        synchronized (s) {
            if (s.ended) {
                throw notFound();
            }
            if (s.writing) {
                throw new FileFault(Reason.CHUNK_IN_FLIGHT, "a chunk is being written");
            }
            if (s.closing) {
                throw new FileFault(Reason.SESSION_BUSY, "the session is being closed");
            }
            if (expired(s)) {
                abort(s, "expired");
                throw notFound();
            }
            if (len > s.maxChunk) {
                abort(s, "chunk too large");
                throw new FileFault(Reason.CHUNK_TOO_LARGE, "chunk larger than " + s.maxChunk);
            }
            if (len > MAX_CHUNK) {
                throw new FileFault(Reason.CHUNK_SIZE_INVALID, "chunk larger than " + MAX_CHUNK);
            }
            if (offset != s.received) {
                abort(s, "offset " + offset + " is not the expected " + s.received);
                throw new FileFault(Reason.CHUNK_OFFSET_INVALID, "expected offset " + s.received);
            }
            if (offset + len > s.length) {
                abort(s, "chunk beyond the length");
                throw new FileFault(Reason.CHUNK_OFFSET_INVALID, "chunk ends beyond the length " + s.length);
            }
            if (len == 0) {
                return;
            }
            s.writing = true;
        }
        boolean ok = false;
        try {
            s.digest.update(payload.duplicate());
            try (Directory dir = openDirectory(s); FileChannel ch = dir.openReadWrite(s.stagingName())) {
                ByteBuffer data = payload.duplicate();
                long pos = offset;
                while (data.hasRemaining()) {
                    pos += ch.write(data, pos);
                }
            }
            ok = true;
        } catch (IOException e) {
            throw FileFault.io(e, "write the chunk");
        } finally {
            synchronized (s) {
                s.writing = false;
                if (ok) {
                    s.received += len;
                    usage.uploaded(len);
                }
                if (!ok || s.abandoned) {
                    abort(s, ok ? "connection closed" : "write failed");
                }
            }
        }
    }

    /**
     * Commits: every byte must have arrived ({@link Reason#UPLOAD_INCOMPLETE} keeps the session), the hash must match
     * ({@link Reason#HASH_MISMATCH} ends it), then the staging file is flushed and renamed over the target.
     */
    public void close(UUID id, UUID connection) {
        Session s = owned(id, connection);
        synchronized (s) {
            if (s.ended) {
                throw notFound();
            }
            if (expired(s) && !s.writing && !s.closing) {
                abort(s, "expired");
                throw notFound();
            }
            if (s.writing) {
                throw new FileFault(Reason.CHUNK_IN_FLIGHT, "a chunk is being written");
            }
            if (s.closing) {
                throw new FileFault(Reason.SESSION_BUSY, "the session is being closed");
            }
            if (s.received < s.length) {
                throw new FileFault(Reason.UPLOAD_INCOMPLETE, s.received + " of " + s.length + " bytes received");
            }
            s.closing = true;
        }
        boolean committed = false;
        try {
            String actual = HexFormat.of().formatHex(s.digest.digest());
            if (!actual.equals(s.sha256)) {
                throw new FileFault(Reason.HASH_MISMATCH, "SHA-256 of the upload is " + actual);
            }
            try (Directory dir = openDirectory(s)) {
                try (FileChannel ch = dir.openReadWrite(s.stagingName())) {
                    ch.force(true);
                }
                BasicFileAttributes t = dir.attributes(s.target.getFileName().toString());
                if (t != null && !t.isRegularFile()) {
                    throw new FileFault(Reason.STORAGE, "the target is no longer a file");
                }
                dir.rename(s.stagingName(), s.target.getFileName().toString());
            }
            committed = true;
        } catch (IOException e) {
            throw FileFault.io(e, "move the upload into place");
        } finally {
            synchronized (s) {
                if (committed) {
                    finish(s, "committed");
                } else {
                    abort(s, "close failed");
                }
            }
        }
    }

    /** Deletes the staging file and ends the session; the target is untouched. */
    public void cancel(UUID id, UUID connection) {
        Session s = owned(id, connection);
        synchronized (s) {
            if (s.ended) {
                throw notFound();
            }
            if (s.closing) {
                throw new FileFault(Reason.SESSION_BUSY, "the session is being closed");
            }
            if (s.writing) {
                throw new FileFault(Reason.CHUNK_IN_FLIGHT, "a chunk is being written");
            }
            boolean wasExpired = expired(s);
            abort(s, wasExpired ? "expired" : "cancelled");
            if (wasExpired) {
                throw notFound();
            }
        }
    }

    /** Ends the session if {@code connection} owns it (an unreadable chunk header); nothing is reported. */
    public void terminate(UUID id, UUID connection) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null || !s.connection.equals(connection)) {
            return;
        }
        endOrAbandon(s, "invalid chunk header");
    }

    /** Ends every session of a closed connection. */
    public void connectionClosed(UUID connection) {
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.connection.equals(connection)) {
                endOrAbandon(s, "connection closed");
            }
        }
    }

    /** Ends every session whose target lies at or below {@code dir} (another feature deletes that tree). */
    public void cancelUnder(Path dir) {
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.target.startsWith(dir)) {
                endOrAbandon(s, "its directory is being deleted");
            }
        }
    }

    /** Ends the sessions past their lifetime. */
    public void sweep() {
        for (Session s : new ArrayList<>(sessions.values())) {
            synchronized (s) {
                if (!s.ended && !s.writing && !s.closing && expired(s)) {
                    abort(s, "expired");
                }
            }
        }
    }

    /** Shutdown: refuses new sessions and ends every open one. */
    public void closeAll() {
        stopping = true;
        for (Session s : new ArrayList<>(sessions.values())) {
            endOrAbandon(s, "daemon stopping");
        }
    }

    public int activeSessions() {
        return sessions.size();
    }

    private void endOrAbandon(Session s, String why) {
        synchronized (s) {
            if (s.ended) {
                return;
            }
            if (s.writing || s.closing) {
                s.abandoned = true;
            } else {
                abort(s, why);
            }
        }
    }

    private Session owned(UUID id, UUID connection) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null || !s.connection.equals(connection)) {
            throw notFound();
        }
        return s;
    }

    private boolean expired(Session s) {
        return !clock.instant().isBefore(s.expiresAt);
    }

    /** Ends a session and deletes its staging file (caller holds the session's monitor). */
    private void abort(Session s, String why) {
        if (s.ended) {
            return;
        }
        try (Directory d = openDirectory(s)) {
            d.deleteQuietly(s.stagingName());
        } catch (IOException | RuntimeException e) {
            // the directory is gone or was replaced: what is left there goes at the next start
            LOG.debug("upload {}: staging file not reachable for deletion: {}", s.id, e.toString());
        }
        finish(s, why);
    }

    private void finish(Session s, String why) {
        s.ended = true;
        if (sessions.remove(s.id) != null) {
            slots.release(s.connection);
        }
        usage.releaseUpload(s.target, s.staging);
        LOG.debug("upload {} ended: {}", s.id, why);
    }

    private Directory openDirectory(Session s) throws IOException {
        Directory dir = fs.directory(s.target.getParent());
        try {
            Object key = dir.key();
            if (s.directoryKey != null && !s.directoryKey.equals(key)) {
                throw new FileSystemException(s.target.getFileName().toString(), null,
                        "the upload's directory was moved or replaced");
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private static FileFault notFound() {
        return new FileFault(Reason.SESSION_NOT_FOUND, "no such upload session");
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }



}
