package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.IoErrors;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.files.upload.UploadSessions.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The v1 uploads (files-and-instances.md §3) on {@link UploadSessions}: chunks at any offset, in any order, tracked
 * as received ranges; the upload completes by itself once every byte is there and the SHA-1 (when one was given)
 * matches. A session ends after its idle timeout (at most {@link #MAX_LIFETIME_MS} after its request) and, unless
 * resumable, with its connection.
 */
public final class UploadManager {
    public static final long MAX_SIZE = Integer.MAX_VALUE;
    public static final int MAX_CHUNK = 1 << 20;
    public static final long DEFAULT_TIMEOUT_MS = 120_000;
    public static final long MAX_LIFETIME_MS = TimeUnit.MINUTES.toMillis(30);
    /** Default caps of open sessions (config keys {@code file_upload_sessions_per_connection}, {@code file_upload_sessions}). */
    public static final int DEFAULT_SESSIONS_PER_CONNECTION = 8;
    public static final int DEFAULT_SESSIONS = 64;
    /** Most disjoint received ranges per session; a chunk that would add one more is refused (11002). */
    public static final int MAX_RANGES = 4096;
    static final String SHA1_OF_NOTHING = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    /** Bytes that must stay free on the target's file store after pre-allocation (system property, default 0). */
    public static final String MIN_FREE_PROPERTY = "mfp.files.minFreeBytes";
    private static final Pattern SHA1 = Pattern.compile("^[0-9a-fA-F]{40}$");

    private final RootFs fs;
    private final FileUsage usage;
    private final ChunkEncoding defaultEncoding;
    private final UploadSessions<RangedUpload> sessions;
    private final EmptyUploads finishedEmpty = new EmptyUploads();
    private final ReservedPaths reserved;

    public UploadManager(RootFs fs, FileUsage usage, ChunkEncoding defaultEncoding) {
        this(fs, usage, defaultEncoding, DEFAULT_SESSIONS_PER_CONNECTION, DEFAULT_SESSIONS);
    }

    public UploadManager(RootFs fs, FileUsage usage, ChunkEncoding defaultEncoding, int sessionsPerConnection,
            int sessions) {
        this.fs = fs;
        this.usage = usage;
        this.defaultEncoding = defaultEncoding;
        this.sessions = new UploadSessions<>(fs, usage, new SessionSlots(sessionsPerConnection, sessions));
        this.reserved = fs.reserved();
    }

    /** A request as validated from {@code file_upload_request}. */
    public record Request(String path, long size, String sha1, long timeoutMillis, ChunkEncoding encoding,
            boolean resumable) {
    }

    /** {@code file_upload_status}: {@code {size, received, expires_in_ms}} (extensions.md §6). */
    public record Status(long size, List<String> received, long expiresInMs) {
    }

    /**
     * Validates raw parameters in the spec's order (actions.md §9).
     *
     * @param resumable extensions.md §6: the session outlives its connection (null: no)
     */
    public Request validate(String path, java.math.BigInteger size, String sha1, Long timeout, String encoding,
            Boolean resumable) {
        if (size == null) {
            throw DaemonError.badParam("Missing param 'size'");
        }
        if (size.signum() < 0) {
            throw DaemonError.badFormat("size must not be negative");
        }
        String sha = sha1 == null || sha1.isEmpty() ? null : sha1;
        if (sha != null && !SHA1.matcher(sha).matches()) {
            throw DaemonError.badFormat("sha1 must be 40 hex characters");
        }
        if (timeout != null && timeout <= 0) {
            throw DaemonError.badFormat("timeout must be positive");
        }
        ChunkEncoding enc = defaultEncoding;
        if (encoding != null) {
            enc = ChunkEncoding.parse(encoding);
            if (enc == null) {
                throw DaemonError.badFormat("encoding must be \"utf16be\" or \"base64\"");
            }
        }
        if (size.compareTo(java.math.BigInteger.valueOf(MAX_SIZE)) > 0) {
            throw new DaemonError(Failure.FILE_TOO_BIG, "size above " + MAX_SIZE + " bytes");
        }
        return new Request(path, size.longValueExact(), sha == null ? null : sha.toLowerCase(Locale.ROOT),
                timeout == null ? DEFAULT_TIMEOUT_MS : timeout, enc, resumable != null && resumable);
    }

    /**
     * Opens a session; returns its file_id. A size-0 upload is complete at once: the empty file is moved into place
     * now and no session stays open (a later empty chunk is answered {@code done: true}).
     */
    public UUID open(Request r, UUID connection) {
        UUID id = UUID.randomUUID();
        Path target = fs.resolve(r.path() != null ? r.path() : "caches/uploads/" + id);
        if (target.equals(fs.root())) {
            throw new DaemonError(Failure.ITS_A_DIRECTORY, "the daemon root is a directory");
        }
        reserved.checkWritable(target);
        BasicFileAttributes existing = FileIo.lstat(target);
        if (existing != null && existing.isDirectory()) {
            throw new DaemonError(Failure.ITS_A_DIRECTORY, "'" + fs.toClientPath(target) + "' is a directory");
        }
        if (usage.isUploadTargetAtOrAbove(target.getParent())) {
            // the parent directories would be created at the target of another open upload
            throw new DaemonError(Failure.FILE_IN_USE, "a parent of '" + fs.toClientPath(target)
                    + "' is the target of an open upload");
        }
        if (r.size() == 0 && r.sha1() != null && !r.sha1().equals(SHA1_OF_NOTHING)) {
            throw new DaemonError(Failure.UPLOAD_VERIFICATION_FAILED,
                    "SHA-1 of an empty file is " + SHA1_OF_NOTHING + ", expected " + r.sha1());
        }
        sessions.open(new RangedUpload(id, connection, target, r));
        if (r.size() == 0) {
            finishedEmpty.remember(id, connection, r.encoding(), r.timeoutMillis());
        }
        return id;
    }

    /**
     * Writes the bytes of one chunk at {@code offset} (the front end has decoded them and dropped any wire padding,
     * see {@link #chunkFormat}); any offset inside the file, in any order, as often as wanted: the upload completes
     * by itself once every byte has arrived. Chunks of one session are written one after the other.
     */
    public Progress chunk(UUID fileId, long offset, ByteBuffer data) {
        RangedUpload s = sessions.find(fileId);
        if (s == null) {
            return chunkAfterEmpty(fileId, offset, data);
        }
        int len = data.remaining();
        return sessions.chunk(s, offset, data, () -> {
            if (offset < 0 || offset >= s.size) {
                throw DaemonError.badFormat("offset " + offset + " is outside 0.." + s.size);
            }
            if (len > MAX_CHUNK) {
                throw DaemonError.badFormat("chunk larger than " + MAX_CHUNK + " bytes");
            }
            if (offset + len > s.size) {
                throw new DaemonError(Failure.FILE_TOO_BIG, "chunk ends at " + (offset + len) + ", beyond size "
                        + s.size);
            }
            if (!s.received.fitsWithin(offset, offset + len, MAX_RANGES)) {
                throw DaemonError.badFormat("the upload already has " + MAX_RANGES
                        + " separate received ranges; send a chunk that joins them");
            }
            s.lastActivityNanos = System.nanoTime();
        });
    }

    /** A chunk for an id that is no open session: the one empty chunk after a size-0 upload is answered as done. */
    private Progress chunkAfterEmpty(UUID fileId, long offset, ByteBuffer data) {
        if (fileId == null || !finishedEmpty.contains(fileId)) {
            throw notUploading(fileId);
        }
        if (offset != 0) {
            throw DaemonError.badFormat("offset " + offset + " is outside 0..0");
        }
        int len = data.remaining();
        if (len > MAX_CHUNK) {
            throw DaemonError.badFormat("chunk larger than " + MAX_CHUNK + " bytes");
        }
        if (len > 0) {
            throw new DaemonError(Failure.FILE_TOO_BIG, "chunk ends at " + len + ", beyond size 0");
        }
        if (!finishedEmpty.take(fileId)) {
            throw notUploading(fileId);
        }
        return new Progress(true, 0);
    }

    /** How a session's text chunks are encoded, and its declared size (to tell a padding byte from data). */
    public record ChunkFormat(ChunkEncoding encoding, long size) {
    }

    /** The session's {@link ChunkFormat}; 21102 when there is no session. */
    public ChunkFormat chunkFormat(UUID fileId) {
        RangedUpload s = sessions.find(fileId);
        if (s != null) {
            return new ChunkFormat(s.encoding, s.size);
        }
        ChunkEncoding e = fileId == null ? null : finishedEmpty.encodingOf(fileId);
        if (e == null) {
            throw notUploading(fileId);
        }
        return new ChunkFormat(e, 0);
    }

    public void cancel(UUID fileId) {
        sessions.cancel(session(fileId));
    }

    /**
     * Cancels every open upload whose target lies at or below {@code dir} (another feature is about to delete that
     * tree, e.g. {@code remove_instance}). Their staging files are deleted; later chunks answer 21102.
     */
    public void cancelUnder(Path dir) {
        sessions.cancelUnder(dir);
    }

    /** The received ranges of an open session; 21102 when there is none (unknown, expired, done). */
    public Status status(UUID fileId) {
        RangedUpload s = session(fileId);
        synchronized (s) {
            sessions.enter(s);
            long now = System.nanoTime();
            long idleLeft = s.timeoutMillis - TimeUnit.NANOSECONDS.toMillis(now - s.lastActivityNanos);
            long lifeLeft = MAX_LIFETIME_MS - TimeUnit.NANOSECONDS.toMillis(now - s.createdNanos);
            return new Status(s.size, s.received.halfOpen(), Math.max(0, Math.min(idleLeft, lifeLeft)));
        }
    }

    /**
     * Cancels every incomplete upload of a closed connection (transport.md §5.2), except resumable ones, which live
     * until their idle timeout (extensions.md §6).
     */
    public void connectionClosed(UUID connection) {
        sessions.connectionClosed(connection);
        finishedEmpty.connectionClosed(connection);
    }

    /** Closes sessions idle longer than their timeout or older than the hard lifetime. */
    public void sweep() {
        sessions.sweep();
        finishedEmpty.sweep(System.nanoTime());
    }

    public int activeSessions() {
        return sessions.activeSessions();
    }

    /** Cancels everything (daemon shutdown). */
    public void closeAll() {
        sessions.closeAll();
    }

    private RangedUpload session(UUID fileId) {
        RangedUpload s = sessions.find(fileId);
        if (s == null) {
            throw notUploading(fileId);
        }
        return s;
    }

    private static DaemonError notUploading(UUID fileId) {
        return new DaemonError(Failure.NOT_UPLOADING, "no upload session " + fileId);
    }

    private static void checkSpace(Path dir, long size) throws IOException {
        long minFree = Long.getLong(MIN_FREE_PROPERTY, 0L);
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (usable - size < minFree) {
            throw new DaemonError(Failure.DISK_FULL, "not enough space for " + size + " bytes");
        }
    }

    /**
     * A v1 session: the byte ranges received so far, an idle timeout under a hard lifetime, and the SHA-1 (when one
     * was requested) of {@code [0, hashedTo)} computed while the chunks arrive: in order from memory, a part that
     * arrived early is read back once the gap before it is filled. The digest is dropped when a chunk rewrites
     * already hashed bytes: completion then hashes the whole file again.
     */
    private final class RangedUpload extends UploadSession {
        final String sha1;
        final long timeoutMillis;
        final ChunkEncoding encoding;
        /** Survives its connection (extensions.md §6). */
        final boolean resumable;
        final long createdNanos = System.nanoTime();
        final RangeSet received = new RangeSet();
        long lastActivityNanos = createdNanos;
        MessageDigest digest;
        long hashedTo;

        RangedUpload(UUID id, UUID connection, Path target, Request r) {
            super(id, connection, target, r.size());
            this.sha1 = r.sha1();
            this.timeoutMillis = r.timeoutMillis();
            this.encoding = r.encoding();
            this.resumable = r.resumable();
            this.digest = sha1 == null ? null : sha1Digest();
        }

        /**
         * Records the range and extends the running SHA-1: from memory when the chunk starts exactly where hashing
         * stopped, then from the file for whatever had already arrived beyond it.
         */
        @Override
        void written(FileChannel ch, long offset, ByteBuffer data) throws IOException {
            received.add(offset, offset + data.remaining());
            if (digest == null) {
                return;
            }
            if (offset < hashedTo) {
                digest = null;
                return;
            }
            if (offset == hashedTo) {
                int n = data.remaining();
                digest.update(data.duplicate());
                hashedTo += n;
            }
            long end = received.coveredUntil(hashedTo);
            if (end > hashedTo) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, end - hashedTo));
                while (hashedTo < end) {
                    buf.clear();
                    if (buf.capacity() > end - hashedTo) {
                        buf.limit((int) (end - hashedTo));
                    }
                    int n = ch.read(buf, hashedTo);
                    if (n <= 0) {
                        digest = null; // cannot happen for a pre-allocated staging file; be safe
                        return;
                    }
                    buf.flip();
                    digest.update(buf);
                    hashedTo += n;
                }
            }
        }

        @Override
        Progress progress() {
            return new Progress(received.coversAll(size), received.covered());
        }

        @Override
        void verify(FileChannel ch) throws IOException {
            if (sha1 == null) {
                return;
            }
            String actual = digest != null && hashedTo == size
                    ? HexFormat.of().formatHex(digest.digest())
                    : FileIo.digest(ch, size, "SHA-1", false);
            if (!actual.equals(sha1)) {
                throw new DaemonError(Failure.UPLOAD_VERIFICATION_FAILED,
                        "SHA-1 of the uploaded file is " + actual + ", expected " + sha1);
            }
        }

        @Override
        boolean expired() {
            long now = System.nanoTime();
            return TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos) > timeoutMillis
                    || TimeUnit.NANOSECONDS.toMillis(now - createdNanos) > MAX_LIFETIME_MS;
        }

        @Override
        boolean completeAtOpen() {
            return size == 0;
        }

        @Override
        void beforeStaging(Path dir) throws IOException {
            checkSpace(dir, size);
        }

        @Override
        boolean survivesDisconnect() {
            return resumable;
        }

        @Override
        RuntimeException notFound() {
            return notUploading(id);
        }

        @Override
        RuntimeException noSlot(SessionSlots slots) {
            return new DaemonError(Failure.LIMIT_REACHED, "at most " + slots.perConnection()
                    + " open uploads per connection and " + slots.total() + " in all");
        }

        @Override
        RuntimeException targetBusy() {
            return new DaemonError(Failure.ALREADY_UPLOADING, "'" + fs.toClientPath(target) + "' is being uploaded");
        }

        @Override
        RuntimeException directoriesFailed(DaemonError e) {
            return e.kind() == Failure.ITS_A_FILE ? new DaemonError(Failure.FILE_ACCESS_FAILED, e.detail()) : e;
        }

        @Override
        RuntimeException io(IOException e, Step step) {
            return IoErrors.map(e, step == Step.CREATE ? "create the upload staging file" : step.what);
        }
    }

    private static MessageDigest sha1Digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
