package dev.mfp.daemon.files.download;

import dev.mfp.daemon.files.FileFault;
import dev.mfp.daemon.files.FileFault.Reason;
import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.files.StrictPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The v2 downloads (transfer.md §5) on {@link DownloadSessions}: the length and SHA-256 are taken at the open, a
 * read of bytes no longer there fails, a session is owned by one connection and lives a fixed time from its open;
 * a connection may hold at most {@code perConnection} sessions, opens in progress included. A read or close that
 * meets a read of the session in progress is refused.
 */
public final class SnapshotDownloads {
    public static final int MAX_CHUNK = 1 << 20;
    public static final Duration LIFETIME = Duration.ofMinutes(30);

    private final StrictPaths paths;
    private final ReservedPaths reserved;
    private final Clock clock;
    private final Duration lifetime;
    private final DownloadSessions<Snapshot> sessions;

    /** @param slots sessions one connection, and the daemon, may hold at once (each holds an open descriptor) */
    public SnapshotDownloads(StrictPaths paths, FileUsage usage, SessionSlots slots) {
        this(paths, usage, slots, Clock.systemUTC(), LIFETIME);
    }

    public SnapshotDownloads(StrictPaths paths, FileUsage usage, SessionSlots slots, Clock clock, Duration lifetime) {
        this.paths = paths;
        this.reserved = paths.fs().reserved();
        this.clock = clock;
        this.lifetime = lifetime;
        this.sessions = new DownloadSessions<>(paths.fs(), usage, slots, Integer.MAX_VALUE);
    }

    public record Opened(UUID sessionId, long length, String sha256, int maxChunkSize, Instant expiresAt) {
    }

    /** @param maySeeSettings whether the caller may read instance settings (and so a registry file) */
    public Opened open(String clientPath, UUID connection, boolean maySeeSettings) {
        if (sessions.stopping()) {
            throw new FileFault(Reason.STOPPED, "the file subsystem is stopping");
        }
        Snapshot s = new Snapshot(connection);
        String sha = sessions.open(s, () -> {
            Path file = paths.resolve(clientPath);
            BasicFileAttributes a = FileIo.lstat(file);
            if (a == null || !a.isRegularFile()) {
                throw new FileFault(Reason.NOT_FOUND, "not a file");
            }
            if (!reserved.allowsRead(file, maySeeSettings)) {
                throw new FileFault(Reason.RESERVED, "the file holds instance settings");
            }
            return file;
        });
        return new Opened(s.id, s.length, sha, MAX_CHUNK, s.expiresAt);
    }

    /**
     * Reads {@code min(maximumLength, length - offset)} bytes at {@code offset}. A file that has shrunk so that they
     * are not there any more is {@link Reason#STORAGE}; the session stays open.
     */
    public DownloadSessions.Read read(UUID id, UUID connection, long offset, int maximumLength, int headroom) {
        Snapshot s = owned(id, connection);
        return sessions.read(s, offset, maximumLength, headroom, () -> {
            if (maximumLength < 1 || maximumLength > MAX_CHUNK) {
                throw new FileFault(Reason.CHUNK_SIZE_INVALID, "maximum_length outside 1.." + MAX_CHUNK);
            }
            if (offset < 0 || offset > s.length) {
                throw new FileFault(Reason.CHUNK_OFFSET_INVALID, "offset outside 0.." + s.length);
            }
        });
    }

    public void close(UUID id, UUID connection) {
        sessions.close(owned(id, connection));
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

    private Snapshot owned(UUID id, UUID connection) {
        Snapshot s = sessions.find(id);
        if (s == null || !s.connection.equals(connection)) {
            throw notFound();
        }
        return s;
    }

    private static FileFault notFound() {
        return new FileFault(Reason.SESSION_NOT_FOUND, "no such download session");
    }

    /** A v2 session: it ends {@code lifetime} after its open, whatever it does. */
    private final class Snapshot extends DownloadSession {
        Instant expiresAt;

        Snapshot(UUID connection) {
            super(connection);
        }

        @Override
        void opened() {
            expiresAt = clock.instant().plus(lifetime);
        }

        @Override
        String digest(FileChannel ch, long length) throws IOException {
            return FileIo.digest(ch, length, "SHA-256", true);
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
        void shrank() {
            throw new FileFault(Reason.STORAGE, "the file is shorter than at open");
        }

        @Override
        RuntimeException notFound() {
            return SnapshotDownloads.notFound();
        }

        @Override
        RuntimeException busy(boolean closing) {
            return closing
                    ? new FileFault(Reason.SESSION_BUSY, "a read is in progress")
                    : new FileFault(Reason.READ_IN_FLIGHT, "another read is in progress");
        }

        @Override
        RuntimeException noSlot(SessionSlots slots) {
            return new FileFault(Reason.DOWNLOAD_LIMIT, "the connection holds " + slots.perConnection()
                    + " download sessions");
        }

        @Override
        RuntimeException tooManyReaders(int readersPerFile) {
            return new FileFault(Reason.DOWNLOAD_LIMIT, "the file has " + readersPerFile + " download sessions");
        }

        @Override
        RuntimeException io(IOException e, String what) {
            return FileFault.io(e, what);
        }
    }
}
