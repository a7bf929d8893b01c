package dev.mfp.daemon.files.download;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.IoErrors;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.SessionSlots;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The v1 downloads (files-and-instances.md §4, actions.md §12–14) on {@link DownloadSessions}: byte ranges of the
 * file as it is now (a file that shrank gives fewer bytes), an idle timeout, a bound on the sessions of one file.
 * Reads of one session run one after the other.
 */
public final class DownloadManager {
    public static final int MAX_RANGE = 1 << 20;
    public static final long DEFAULT_TIMEOUT_MS = 120_000;
    public static final int DEFAULT_SESSIONS_PER_CONNECTION = 16;
    public static final int DEFAULT_SESSIONS = 256;
    private static final Pattern RANGE = Pattern.compile("^(\\d+)\\.\\.(\\d+)$");

    private final RootFs fs;
    private final FileUsage usage;
    private final ReservedPaths reserved;
    private final DownloadSessions<TimedDownload> sessions;

    /**
     * @param sessionsPerConnection open sessions one connection may hold (each holds a descriptor); more: 10005
     * @param sessions the same for the whole daemon
     */
    public DownloadManager(RootFs fs, FileUsage usage, int sessionsPerFile, int sessionsPerConnection,
            int sessions) {
        this.fs = fs;
        this.usage = usage;
        this.reserved = fs.reserved();
        this.sessions = new DownloadSessions<>(fs, usage, new SessionSlots(sessionsPerConnection, sessions),
                sessionsPerFile);
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
        TimedDownload s = new TimedDownload(connection, timeout == null ? DEFAULT_TIMEOUT_MS : timeout);
        String sha1 = sessions.open(s, () -> file);
        return new Opened(s.id, s.length, sha1);
    }

    /** Bytes {@code [from, to)} of the file as it is now; the array may be shorter if the file shrank. */
    public byte[] range(UUID fileId, String range) {
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            throw DaemonError.badFormat("range must look like '<from>..<to>'");
        }
        TimedDownload s = session(fileId);
        long from;
        long to;
        try {
            from = Long.parseLong(m.group(1));
            to = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw DaemonError.badFormat("range out of bounds");
        }
        if (from > to || to > s.length) {
            throw DaemonError.badFormat("range " + range + " is outside 0.." + s.length);
        }
        if (to - from > MAX_RANGE) {
            throw DaemonError.badFormat("range longer than " + MAX_RANGE + " bytes");
        }
        s.lastActivityNanos = System.nanoTime();
        DownloadSessions.Read r = sessions.read(s, from, (int) (to - from), 0, () -> {
        });
        byte[] out = r.buffer().array();
        return r.length() == out.length ? out : Arrays.copyOf(out, r.length());
    }

    public void close(UUID fileId) {
        sessions.close(session(fileId));
    }

    public void connectionClosed(UUID connection) {
        sessions.connectionClosed(connection);
    }

    public void sweep() {
        sessions.sweep();
    }

    public void closeAll() {
        sessions.closeAll();
    }

    public int activeSessions() {
        return sessions.activeSessions();
    }

    private TimedDownload session(UUID fileId) {
        TimedDownload s = sessions.find(fileId);
        if (s == null) {
            throw notDownloading(fileId);
        }
        return s;
    }

    private static DaemonError notDownloading(UUID fileId) {
        return new DaemonError(Failure.NOT_DOWNLOADING, "no download session " + fileId);
    }

    /** A v1 session: it ends after {@code timeoutMillis} without a read. */
    private static final class TimedDownload extends DownloadSession {
        final long timeoutMillis;
        volatile long lastActivityNanos = System.nanoTime();

        TimedDownload(UUID connection, long timeoutMillis) {
            super(connection);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        String digest(FileChannel ch, long length) throws IOException {
            return FileIo.digest(ch, length, "SHA-1", false);
        }

        @Override
        boolean expired() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos) > timeoutMillis;
        }

        @Override
        RuntimeException notFound() {
            return notDownloading(id);
        }

        @Override
        RuntimeException noSlot(SessionSlots slots) {
            return new DaemonError(Failure.LIMIT_REACHED, "at most " + slots.perConnection()
                    + " download sessions per connection and " + slots.total() + " in all; close one first");
        }

        @Override
        RuntimeException tooManyReaders(int readersPerFile) {
            return new DaemonError(Failure.LIMIT_REACHED, "at most " + readersPerFile + " download sessions per file");
        }

        @Override
        RuntimeException io(IOException e, String what) {
            return IoErrors.map(e, what);
        }
    }
}
