package dev.mfp.daemon.files.download;

import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.IoErrors;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Chunked downloads (files-and-instances.md §4, actions.md §12–14). */
public final class DownloadManager {
    public static final int MAX_RANGE = 1 << 20;
    public static final long DEFAULT_TIMEOUT_MS = 120_000;
    public static final int DEFAULT_SESSIONS_PER_CONNECTION = 16;
    public static final int DEFAULT_SESSIONS = 256;
    private static final Pattern RANGE = Pattern.compile("^(\\d+)\\.\\.(\\d+)$");

    private final RootFs fs;
    private final FileUsage usage;
    private final int sessionsPerFile;
    private final Map<UUID, DownloadSession> sessions = new ConcurrentHashMap<>();
    private final ReservedPaths reserved;
    private final SessionSlots slots;

    /**
     * @param sessionsPerConnection open sessions one connection may hold (each holds a descriptor); more: 10005
     * @param sessions the same for the whole daemon
     */
    public DownloadManager(RootFs fs, FileUsage usage, int sessionsPerFile, int sessionsPerConnection,
            int sessions) {
        this.slots = new SessionSlots(sessionsPerConnection, sessions);
        this.fs = fs;
        this.usage = usage;
        this.sessionsPerFile = sessionsPerFile;
        this.reserved = fs.reserved();
    }

    /** {@code {file_id, size, sha1}}. */
    public record Opened(UUID fileId, long size, String sha1) {
    }

    /** @param maySeeSettings whether the caller may read instance settings (and so a registry file) */
    public Opened open(String clientPath, Long timeout, UUID connection, boolean maySeeSettings) {
        if (timeout != null && timeout <= 0) {
            throw DaemonError.badFormat("timeout must be positive");
        }
        Path file = fs.resolve(clientPath);
        BasicFileAttributes a = FileIo.lstat(file);
        if (a == null) {
            throw new DaemonError(Failure.FILE_NOT_FOUND, "daemon root has no file '" + fs.toClientPath(file) + "'");
        }
        if (a.isDirectory()) {
            throw new DaemonError(Failure.ITS_A_DIRECTORY, "'" + fs.toClientPath(file) + "' is a directory");
        }
        if (!a.isRegularFile()) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + fs.toClientPath(file) + "' is not a regular file");
        }
        reserved.checkReadableFile(file, maySeeSettings);
        if (usage.isUploading(file)) {
            throw new DaemonError(Failure.FILE_IN_USE, "'" + fs.toClientPath(file) + "' is being uploaded");
        }
        if (!slots.tryAcquire(connection)) {
            throw new DaemonError(Failure.LIMIT_REACHED, "at most " + slots.perConnection()
                    + " download sessions per connection and " + slots.total() + " in all; close one first");
        }
        if (!usage.addReader(file, sessionsPerFile)) {
            slots.release(connection);
            throw new DaemonError(Failure.LIMIT_REACHED,
                    "at most " + sessionsPerFile + " download sessions per file");
        }
        SeekableByteChannel ch = null;
        try (RootFs.Directory dir = fs.directory(file.getParent())) {
            ch = dir.openRead(file.getFileName().toString());
            long size = ch.size();
            String sha1 = FileIo.digest(ch, size, "SHA-1", false);
            UUID id = UUID.randomUUID();
            long t = timeout == null ? DEFAULT_TIMEOUT_MS : timeout;
            sessions.put(id, new DownloadSession(id, connection, file, ch, size, t));
            return new Opened(id, size, sha1);
        } catch (IOException | RuntimeException e) {
            FileIo.closeQuietly(ch);
            usage.removeReader(file);
            slots.release(connection);
            if (e instanceof IOException io) {
                throw IoErrors.map(io, "open the file");
            }
            throw (RuntimeException) e;
        }
    }

    /** Bytes {@code [from, to)} of the file as it is now; the array may be shorter if the file shrank. */
    public byte[] range(UUID fileId, String range) {
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            throw DaemonError.badFormat("range must look like '<from>..<to>'");
        }
        DownloadSession s = session(fileId);
        long from;
        long to;
        try {
            from = Long.parseLong(m.group(1));
            to = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw DaemonError.badFormat("range out of bounds");
        }
        if (from > to || to > s.size) {
            throw DaemonError.badFormat("range " + range + " is outside 0.." + s.size);
        }
        if (to - from > MAX_RANGE) {
            throw DaemonError.badFormat("range longer than " + MAX_RANGE + " bytes");
        }
        s.lastActivityNanos = System.nanoTime();
        byte[] out = new byte[(int) (to - from)];
        ByteBuffer buf = ByteBuffer.wrap(out);
        try {
            synchronized (s) {
                if (s.closed) {
                    throw notDownloading(fileId);
                }
                long pos = from;
                FileChannel fc = s.channel instanceof FileChannel f ? f : null;
                while (buf.hasRemaining()) {
                    int n;
                    if (fc != null) {
                        n = fc.read(buf, pos);
                    } else {
                        s.channel.position(pos);
                        n = s.channel.read(buf);
                    }
                    if (n < 0) {
                        break;
                    }
                    pos += n;
                }
            }
        } catch (IOException e) {
            throw IoErrors.map(e, "read the file");
        }
        usage.downloaded(buf.position());
        if (buf.hasRemaining()) {
            byte[] shorter = new byte[buf.position()];
            System.arraycopy(out, 0, shorter, 0, shorter.length);
            return shorter;
        }
        return out;
    }

    public void close(UUID fileId) {
        DownloadSession s = session(fileId);
        synchronized (s) {
            if (s.closed) {
                throw notDownloading(fileId);
            }
            end(s);
        }
    }

    public void connectionClosed(UUID connection) {
        for (DownloadSession s : new ArrayList<>(sessions.values())) {
            if (s.connection.equals(connection)) {
                endQuietly(s);
            }
        }
    }

    public void sweep() {
        long now = System.nanoTime();
        for (DownloadSession s : new ArrayList<>(sessions.values())) {
            if (TimeUnit.NANOSECONDS.toMillis(now - s.lastActivityNanos) > s.timeoutMillis) {
                endQuietly(s);
            }
        }
    }

    public void closeAll() {
        for (DownloadSession s : new ArrayList<>(sessions.values())) {
            endQuietly(s);
        }
    }

    public int activeSessions() {
        return sessions.size();
    }

    private void endQuietly(DownloadSession s) {
        synchronized (s) {
            if (!s.closed) {
                end(s);
            }
        }
    }

    private void end(DownloadSession s) {
        s.closed = true;
        sessions.remove(s.id);
        FileIo.closeQuietly(s.channel);
        usage.removeReader(s.file);
        slots.release(s.connection);
    }

    private DownloadSession session(UUID fileId) {
        DownloadSession s = fileId == null ? null : sessions.get(fileId);
        if (s == null) {
            throw notDownloading(fileId);
        }
        return s;
    }

    private static DaemonError notDownloading(UUID fileId) {
        return new DaemonError(Failure.NOT_DOWNLOADING, "no download session " + fileId);
    }



}
