package dev.mfp.daemon.files.download;

import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileFault;
import dev.mfp.daemon.files.FileFault.Reason;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.ReservedPaths;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.files.StrictPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads with random-access reads (the v2 download sessions): the file is opened once without following links
 * (so a link swapped in after the path check fails the open), its length and SHA-256 are taken at open, and every
 * read goes to the disk again. A session is owned by one connection, lives a fixed time from its open, and holds one
 * descriptor; a connection may hold at most {@code perConnection} sessions, opens in progress included.
 *
 * <p>Sessions register as readers in the shared {@link FileUsage}, so the other front end's operations see the file
 * as busy while it is being downloaded.
 */
public final class SnapshotDownloads {
    public static final int MAX_CHUNK = 1 << 20;
    public static final Duration LIFETIME = Duration.ofMinutes(30);

    private final StrictPaths paths;
    private final RootFs fs;
    private final FileUsage usage;
    private final ReservedPaths reserved;
    private final SessionSlots slots;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** @param slots sessions one connection, and the daemon, may hold at once (each holds an open descriptor) */
    public SnapshotDownloads(StrictPaths paths, FileUsage usage, SessionSlots slots) {
        this(paths, usage, slots, Clock.systemUTC(), LIFETIME);
    }

    public SnapshotDownloads(StrictPaths paths, FileUsage usage, SessionSlots slots, Clock clock, Duration lifetime) {
        this.paths = paths;
        this.fs = paths.fs();
        this.usage = usage;
        this.reserved = fs.reserved();
        this.slots = slots;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public record Opened(UUID sessionId, long length, String sha256, int maxChunkSize, Instant expiresAt) {
    }

    /**
     * One read: {@code buffer} holds {@code headroom} free bytes followed by the {@code length} bytes read (position
     * 0, limit at the end); {@code isFinal} when the read reached the length taken at open.
     */
    public record Read(ByteBuffer buffer, int length, boolean isFinal) {
    }

    private static final class Session {
        final UUID id;
        final UUID connection;
        final Path file;
        final SeekableByteChannel channel;
        final long length;
        final Instant expiresAt;
        boolean reading;
        boolean ended;
        boolean abandoned;

        Session(UUID id, UUID connection, Path file, SeekableByteChannel channel, long length, Instant expiresAt) {
            this.id = id;
            this.connection = connection;
            this.file = file;
            this.channel = channel;
            this.length = length;
            this.expiresAt = expiresAt;
        }
    }

    /** @param maySeeSettings whether the caller may read instance settings (and so a registry file) */
    public Opened open(String clientPath, UUID connection, boolean maySeeSettings) {
        if (stopping) {
            throw new FileFault(Reason.STOPPED, "the file subsystem is stopping");
        }
        if (!slots.tryAcquire(connection)) {
            throw new FileFault(Reason.DOWNLOAD_LIMIT, "the connection holds " + slots.perConnection()
                    + " download sessions");
        }
        boolean opened = false;
        boolean reader = false;
        SeekableByteChannel ch = null;
        Path file = null;
        try {
            file = paths.resolve(clientPath);
            BasicFileAttributes a = FileIo.lstat(file);
            if (a == null || !a.isRegularFile()) {
                throw new FileFault(Reason.NOT_FOUND, "not a file");
            }
            if (!reserved.allowsRead(file, maySeeSettings)) {
                throw new FileFault(Reason.RESERVED, "the file holds instance settings");
            }
            usage.addReader(file, Integer.MAX_VALUE);
            reader = true;
            try (RootFs.Directory dir = fs.directory(file.getParent())) {
                ch = dir.openRead(file.getFileName().toString());
            }
            long length = ch.size();
            String sha = FileIo.digest(ch, length, "SHA-256", true);
            UUID id = UUID.randomUUID();
            Session s = new Session(id, connection, file, ch, length, clock.instant().plus(lifetime));
            sessions.put(id, s);
            opened = true;
            return new Opened(id, length, sha, MAX_CHUNK, s.expiresAt);
        } catch (IOException e) {
            throw FileFault.io(e, "open the file");
        } finally {
            if (!opened) {
                FileIo.closeQuietly(ch);
                if (reader) {
                    usage.removeReader(file);
                }
                slots.release(connection);
            }
        }
    }

    /**
     * Reads {@code min(maximumLength, length - offset)} bytes at {@code offset}. A file that has shrunk so that they
     * are not there any more is {@link Reason#STORAGE}; the session stays open.
     */
    public Read read(UUID id, UUID connection, long offset, int maximumLength, int headroom) {
        Session s = owned(id, connection);
        synchronized (s) {
            if (s.ended) {
                throw notFound();
            }
            if (expired(s) && !s.reading) {
                end(s);
                throw notFound();
            }
            if (s.reading) {
                throw new FileFault(Reason.READ_IN_FLIGHT, "another read is in progress");
            }
            if (maximumLength < 1 || maximumLength > MAX_CHUNK) {
                throw new FileFault(Reason.CHUNK_SIZE_INVALID, "maximum_length outside 1.." + MAX_CHUNK);
            }
            if (offset < 0 || offset > s.length) {
                throw new FileFault(Reason.CHUNK_OFFSET_INVALID, "offset outside 0.." + s.length);
            }
            s.reading = true;
        }
        try {
            int n = (int) Math.min(maximumLength, s.length - offset);
            ByteBuffer buf = ByteBuffer.allocate(headroom + n);
            buf.position(headroom);
            long pos = offset;
            FileChannel fc = s.channel instanceof FileChannel f ? f : null;
            while (buf.hasRemaining()) {
                int r;
                if (fc != null) {
                    r = fc.read(buf, pos);
                } else {
                    synchronized (s.channel) {
                        s.channel.position(pos);
                        r = s.channel.read(buf);
                    }
                }
                if (r < 0) {
                    throw new FileFault(Reason.STORAGE, "the file is shorter than at open");
                }
                pos += r;
            }
            buf.flip();
            usage.downloaded(n);
            return new Read(buf, n, offset + n == s.length);
        } catch (IOException e) {
            throw FileFault.io(e, "read the file");
        } finally {
            synchronized (s) {
                s.reading = false;
                if (s.abandoned) {
                    end(s);
                }
            }
        }
    }

    public void close(UUID id, UUID connection) {
        Session s = owned(id, connection);
        synchronized (s) {
            if (s.ended) {
                throw notFound();
            }
            if (s.reading) {
                throw new FileFault(Reason.SESSION_BUSY, "a read is in progress");
            }
            boolean wasExpired = expired(s);
            end(s);
            if (wasExpired) {
                throw notFound();
            }
        }
    }

    public void connectionClosed(UUID connection) {
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.connection.equals(connection)) {
                endOrAbandon(s);
            }
        }
    }

    public void sweep() {
        for (Session s : new ArrayList<>(sessions.values())) {
            synchronized (s) {
                if (!s.ended && !s.reading && expired(s)) {
                    end(s);
                }
            }
        }
    }

    public void closeAll() {
        stopping = true;
        for (Session s : new ArrayList<>(sessions.values())) {
            endOrAbandon(s);
        }
    }

    public int activeSessions() {
        return sessions.size();
    }

    private void endOrAbandon(Session s) {
        synchronized (s) {
            if (s.ended) {
                return;
            }
            if (s.reading) {
                s.abandoned = true;
            } else {
                end(s);
            }
        }
    }

    private void end(Session s) {
        if (s.ended) {
            return;
        }
        s.ended = true;
        sessions.remove(s.id);
        FileIo.closeQuietly(s.channel);
        usage.removeReader(s.file);
        slots.release(s.connection);
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

    private static FileFault notFound() {
        return new FileFault(Reason.SESSION_NOT_FOUND, "no such download session");
    }



}
