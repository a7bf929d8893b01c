package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.IoErrors;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.RootFs.Directory;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunked uploads (files-and-instances.md §3): sessions, staging files, received ranges, verification and the
 * atomic move into place. A partial file never appears at the target: bytes go to
 * {@code .<name>.<file_id-hex>.upload.tmp} beside it, which is renamed over the target ({@code renameat}, same
 * directory handle) only when every byte is there and the SHA-1 matches.
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
    public static final Pattern STAGING_NAME = Pattern.compile("^\\..*\\.[0-9a-f]{32}\\.upload\\.tmp$", Pattern.DOTALL);
    private static final Pattern SHA1 = Pattern.compile("^[0-9a-fA-F]{40}$");
    private static final Logger LOG = LoggerFactory.getLogger(UploadManager.class);

    private final RootFs fs;
    private final FileUsage usage;
    private final ChunkEncoding defaultEncoding;
    private final Map<UUID, UploadSession> sessions = new ConcurrentHashMap<>();
    private final SessionSlots slots;
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
        this.slots = new SessionSlots(sessionsPerConnection, sessions);
        this.reserved = fs.reserved();
    }

    /** A request as validated from {@code file_upload_request}. */
    public record Request(String path, long size, String sha1, long timeoutMillis, ChunkEncoding encoding,
            boolean resumable) {
    }

    /** {@code file_upload_status}: {@code {size, received, expires_in_ms}} (extensions.md §6). */
    public record Status(long size, List<String> received, long expiresInMs) {
    }

    /** {@code {done, received}}. */
    public record Progress(boolean done, long received) {
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
        Path staging = target.resolveSibling(stagingName(target.getFileName().toString(), id));
        if (usage.isUploadTargetAtOrAbove(target.getParent())) {
            // the parent directories would be created at the target of another open upload
            throw new DaemonError(Failure.FILE_IN_USE, "a parent of '" + fs.toClientPath(target)
                    + "' is the target of an open upload");
        }
        boolean empty = r.size() == 0;
        if (empty && r.sha1() != null && !r.sha1().equals(SHA1_OF_NOTHING)) {
            throw new DaemonError(Failure.UPLOAD_VERIFICATION_FAILED,
                    "SHA-1 of an empty file is " + SHA1_OF_NOTHING + ", expected " + r.sha1());
        }
        if (!empty && !slots.tryAcquire(connection)) {
            throw new DaemonError(Failure.LIMIT_REACHED, "at most " + slots.perConnection()
                    + " open uploads per connection and " + slots.total() + " in all");
        }
        if (!usage.reserveUpload(target, staging)) {
            if (!empty) {
                slots.release(connection);
            }
            throw new DaemonError(Failure.ALREADY_UPLOADING, "'" + fs.toClientPath(target) + "' is being uploaded");
        }
        Directory dir = null;
        boolean created = false;
        boolean opened = false;
        try {
            dir = fs.createDirectories(target.getParent());
            checkSpace(dir.path(), r.size());
            try (SeekableByteChannel ch = dir.createStaging(staging.getFileName().toString())) {
                created = true;
                if (r.size() > 0) {
                    ch.position(r.size() - 1);
                    ch.write(ByteBuffer.wrap(new byte[1])); // reserve the length
                }
            }
            if (empty) {
                dir.rename(staging.getFileName().toString(), target.getFileName().toString());
                created = false;
                finishedEmpty.remember(id, connection, r.encoding(), r.timeoutMillis());
                return id;
            }
            sessions.put(id, new UploadSession(id, connection, target, staging, dir.key(), r.size(), r.sha1(),
                    r.timeoutMillis(), r.encoding(), r.resumable()));
            opened = true;
            return id;
        } catch (IOException | RuntimeException e) {
            if (created) {
                dir.deleteQuietly(staging.getFileName().toString());
            }
            if (e instanceof DaemonError ae) {
                throw ae.kind() == Failure.ITS_A_FILE ? new DaemonError(Failure.FILE_ACCESS_FAILED, ae.detail()) : ae;
            }
            if (e instanceof IOException io) {
                throw IoErrors.map(io, "create the upload staging file");
            }
            throw (RuntimeException) e;
        } finally {
            FileIo.closeQuietly(dir);
            if (!opened) {
                usage.releaseUpload(target, staging);
                if (!empty) {
                    slots.release(connection);
                }
            }
        }
    }

    /**
     * Writes the bytes of one chunk at {@code offset} (the front end has decoded them and dropped any wire padding,
     * see {@link #chunkFormat}).
     */
    public Progress chunk(UUID fileId, long offset, ByteBuffer data) {
        UploadSession s = fileId == null ? null : sessions.get(fileId);
        if (s == null) {
            return chunkAfterEmpty(fileId, offset, data);
        }
        synchronized (s) {
            if (s.closed) {
                throw notUploading(fileId);
            }
            if (offset < 0 || offset >= s.size) {
                throw DaemonError.badFormat("offset " + offset + " is outside 0.." + s.size);
            }
            int len = data.remaining();
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
            ByteBuffer written = data.duplicate();
            Directory dir = null;
            try {
                dir = openDirectory(s);
                try (FileChannel ch = dir.openReadWrite(s.stagingName())) {
                    long pos = offset;
                    while (data.hasRemaining()) {
                        pos += ch.write(data, pos);
                    }
                    s.received.add(offset, offset + len);
                    usage.uploaded(len);
                    advanceDigest(s, ch, offset, written);
                    if (!s.received.coversAll(s.size)) {
                        return new Progress(false, s.received.covered());
                    }
                    complete(s, dir, ch);
                    return new Progress(true, s.size);
                }
            } catch (IOException e) {
                DaemonError err = IoErrors.map(e, "write the chunk");
                abort(s, "write failed", dir);
                throw err;
            } finally {
                FileIo.closeQuietly(dir);
            }
        }
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
        UploadSession s = fileId == null ? null : sessions.get(fileId);
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
        UploadSession s = session(fileId);
        synchronized (s) {
            if (s.closed) {
                throw notUploading(fileId);
            }
            abort(s, "cancelled", null);
        }
    }

    /**
     * Cancels every open upload whose target lies at or below {@code dir} (another feature is about to delete that
     * tree, e.g. {@code remove_instance}). Their staging files are deleted; later chunks answer 21102.
     */
    public void cancelUnder(Path dir) {
        for (UploadSession s : new ArrayList<>(sessions.values())) {
            if (s.target.startsWith(dir)) {
                synchronized (s) {
                    if (!s.closed) {
                        abort(s, "its directory is being deleted", null);
                    }
                }
            }
        }
    }

    /** The received ranges of an open session; 21102 when there is none (unknown, expired, done). */
    public Status status(UUID fileId) {
        UploadSession s = fileId == null ? null : sessions.get(fileId);
        if (s == null) {
            throw notUploading(fileId);
        }
        synchronized (s) {
            if (s.closed) {
                throw notUploading(fileId);
            }
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
        for (UploadSession s : new ArrayList<>(sessions.values())) {
            if (s.connection.equals(connection) && !s.resumable) {
                synchronized (s) {
                    if (!s.closed) {
                        abort(s, "connection closed", null);
                    }
                }
            }
        }
        finishedEmpty.connectionClosed(connection);
    }

    /** Closes sessions idle longer than their timeout or older than the hard lifetime. */
    public void sweep() {
        long now = System.nanoTime();
        for (UploadSession s : new ArrayList<>(sessions.values())) {
            synchronized (s) {
                if (s.closed) {
                    continue;
                }
                long idle = TimeUnit.NANOSECONDS.toMillis(now - s.lastActivityNanos);
                long age = TimeUnit.NANOSECONDS.toMillis(now - s.createdNanos);
                if (idle > s.timeoutMillis || age > MAX_LIFETIME_MS) {
                    abort(s, "expired", null);
                }
            }
        }
        finishedEmpty.sweep(now);
    }

    public int activeSessions() {
        return sessions.size();
    }

    /** Cancels everything (daemon shutdown). */
    public void closeAll() {
        for (UploadSession s : new ArrayList<>(sessions.values())) {
            synchronized (s) {
                if (!s.closed) {
                    abort(s, "daemon stopping", null);
                }
            }
        }
    }

    /**
     * Deletes staging files left by a crash anywhere under the root (symlinks are not followed). Returns how many.
     */
    public static int removeStaleStagingFiles(Path root) {
        List<Path> stale = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.filter(p -> STAGING_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(stale::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("could not scan {} for stale upload staging files: {}", root, e.toString());
        }
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
                LOG.info("removed stale upload staging file {}", p);
            } catch (IOException e) {
                LOG.warn("could not remove stale upload staging file {}: {}", p, e.toString());
            }
        }
        return stale.size();
    }

    public static String stagingName(String name, UUID id) {
        String hex = id.toString().replace("-", "");
        String n = name;
        // keep the staging name within NAME_MAX: shorten the target's name part if needed
        while (("." + n + "." + hex + ".upload.tmp").getBytes(StandardCharsets.UTF_8).length > RootFs.maxNameBytes()) {
            n = n.substring(0, n.offsetByCodePoints(n.length(), -1));
        }
        return "." + n + "." + hex + ".upload.tmp";
    }

    private void complete(UploadSession s, Directory dir, FileChannel ch) {
        try {
            ch.force(false);
            if (s.sha1 != null) {
                String actual = s.digest != null && s.hashedTo == s.size
                        ? HexFormat.of().formatHex(s.digest.digest())
                        : sha1(ch, s.size);
                if (!actual.equals(s.sha1)) {
                    ch.close();
                    abort(s, "checksum mismatch", dir);
                    throw new DaemonError(Failure.UPLOAD_VERIFICATION_FAILED,
                            "SHA-1 of the uploaded file is " + actual + ", expected " + s.sha1);
                }
            }
            ch.close();
            dir.rename(s.stagingName(), s.targetName());
            finish(s);
        } catch (IOException e) {
            DaemonError err = IoErrors.map(e, "move the upload into place");
            abort(s, "completion failed", dir);
            throw err;
        }
    }

    /**
     * The target's directory, walked from the root without following links; it must still be the directory the
     * session was opened in (a directory moved away or replaced, even by a real one, fails the chunk).
     */
    private Directory openDirectory(UploadSession s) throws IOException {
        Directory dir = fs.directory(s.target.getParent());
        try {
            Object key = dir.key();
            if (s.directoryKey != null && !s.directoryKey.equals(key)) {
                throw new FileSystemException(s.targetName(), null, "the upload's directory was moved or replaced");
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /**
     * Extends the running SHA-1 after {@code data} was written at {@code offset} (and its range recorded): from
     * memory when the chunk starts exactly where hashing stopped, then from the file for whatever had already
     * arrived beyond it. A chunk that rewrites hashed bytes drops the running digest (completion re-reads the file).
     */
    static void advanceDigest(UploadSession s, FileChannel ch, long offset, ByteBuffer data) throws IOException {
        if (s.digest == null || !data.hasRemaining()) {
            return;
        }
        if (offset < s.hashedTo) {
            s.digest = null;
            return;
        }
        if (offset == s.hashedTo) {
            int n = data.remaining();
            s.digest.update(data);
            s.hashedTo += n;
        }
        long end = s.received.coveredUntil(s.hashedTo);
        if (end > s.hashedTo) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, end - s.hashedTo));
            while (s.hashedTo < end) {
                buf.clear();
                if (buf.capacity() > end - s.hashedTo) {
                    buf.limit((int) (end - s.hashedTo));
                }
                int n = ch.read(buf, s.hashedTo);
                if (n <= 0) {
                    s.digest = null; // cannot happen for a pre-allocated staging file; be safe
                    return;
                }
                buf.flip();
                s.digest.update(buf);
                s.hashedTo += n;
            }
        }
    }

    static String sha1(FileChannel ch, long size) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long pos = 0;
        while (pos < size) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            buf.flip();
            md.update(buf);
            pos += n;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Ends a session and deletes its staging file, through {@code dir} when the caller has it open. */
    private void abort(UploadSession s, String why, Directory dir) {
        if (dir != null) {
            dir.deleteQuietly(s.stagingName());
        } else {
            try (Directory d = openDirectory(s)) {
                d.deleteQuietly(s.stagingName());
            } catch (IOException | RuntimeException e) {
                // the directory is gone or was replaced: what is left there goes at the next start
                LOG.debug("upload {}: staging file not reachable for deletion: {}", s.id, e.toString());
            }
        }
        finish(s);
        LOG.debug("upload {} ended: {}", s.id, why);
    }

    private void finish(UploadSession s) {
        s.closed = true;
        sessions.remove(s.id);
        usage.releaseUpload(s.target, s.staging);
        slots.release(s.connection);
    }

    private UploadSession session(UUID fileId) {
        UploadSession s = fileId == null ? null : sessions.get(fileId);
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



}
