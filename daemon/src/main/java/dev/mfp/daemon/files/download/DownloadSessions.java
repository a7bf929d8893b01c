package dev.mfp.daemon.files.download;

import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.SessionMonitor;
import dev.mfp.daemon.files.SessionSlots;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The download sessions of one protocol, whatever its rules: the session slots per connection and in all (each
 * session holds one descriptor), the file opened once without following links (a link swapped in after the path
 * check fails the open) and registered as read in the shared {@link FileUsage} (the file operations see it busy),
 * its digest taken at the open, random-access reads that go to the disk each time, expiry and clean-up.
 *
 * <p>The protocol's policy is its {@link DownloadSession} subclass and the acceptance check its entry class
 * ({@link DownloadManager} for v1, {@link SnapshotDownloads} for v2) passes with each read. A read runs outside the
 * session's monitor; a read, close or clean-up that meets one in progress waits for it, or, as the session says,
 * the read or close is refused and the clean-up leaves the session to end when it returns.
 */
public final class DownloadSessions<S extends DownloadSession> {
    private final RootFs fs;
    private final FileUsage usage;
    private final SessionSlots slots;
    private final int readersPerFile;
    private final Map<UUID, S> sessions = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    DownloadSessions(RootFs fs, FileUsage usage, SessionSlots slots, int readersPerFile) {
        this.fs = fs;
        this.usage = usage;
        this.slots = slots;
        this.readersPerFile = readersPerFile;
    }

    /**
     * One read: {@code buffer} holds {@code headroom} free bytes followed by the {@code length} bytes read (position
     * 0, limit at the end); {@code isFinal} when the read reached the length taken at open.
     */
    public record Read(ByteBuffer buffer, int length, boolean isFinal) {
    }

    /**
     * Opens {@code s} for {@code connection}: takes a slot, then the file {@code locate} names (it may refuse), and
     * returns the file's digest.
     */
    String open(S s, Supplier<Path> locate) {
        if (!slots.tryAcquire(s.connection)) {
            throw s.noSlot(slots);
        }
        boolean reader = false;
        boolean opened = false;
        try {
            Path file = locate.get();
            if (!usage.addReader(file, readersPerFile)) {
                throw s.tooManyReaders(readersPerFile);
            }
            s.file = file;
            reader = true;
            try (RootFs.Directory dir = fs.directory(file.getParent())) {
                s.channel = dir.openRead(file.getFileName().toString());
            }
            s.length = s.channel.size();
            String digest = s.digest(s.channel, s.length);
            s.opened();
            sessions.put(s.id, s);
            opened = true;
            return digest;
        } catch (IOException e) {
            throw s.io(e, "open the file");
        } finally {
            if (!opened) {
                FileIo.closeQuietly(s.channel);
                if (reader) {
                    usage.removeReader(s.file);
                }
                slots.release(s.connection);
            }
        }
    }

    /** The open session {@code id}, or null. */
    S find(UUID id) {
        return id == null ? null : sessions.get(id);
    }

    /**
     * Reads {@code min(maximumLength, length - offset)} bytes at {@code offset} after {@code accept} (run under the
     * session's monitor, where it may throw) took the request.
     */
    Read read(S s, long offset, int maximumLength, int headroom, Runnable accept) {
        synchronized (s) {
            enter(s, false);
            accept.run();
            s.reading = true;
        }
        try {
            int n = (int) Math.min(maximumLength, s.length - offset);
            ByteBuffer buf = ByteBuffer.allocate(headroom + n);
            buf.position(headroom);
            long pos = offset;
            while (buf.hasRemaining()) {
                int r = s.channel.read(buf, pos);
                if (r < 0) {
                    s.shrank();
                    break;
                }
                pos += r;
            }
            int read = buf.position() - headroom;
            buf.flip();
            usage.downloaded(read);
            return new Read(buf, read, offset + read == s.length);
        } catch (IOException e) {
            throw s.io(e, "read the file");
        } finally {
            synchronized (s) {
                s.reading = false;
                s.notifyAll();
                if (s.abandoned) {
                    end(s);
                }
            }
        }
    }

    void close(S s) {
        synchronized (s) {
            enter(s, true);
            end(s);
        }
    }

    void connectionClosed(UUID connection) {
        for (S s : new ArrayList<>(sessions.values())) {
            if (s.connection.equals(connection)) {
                endOrAbandon(s);
            }
        }
    }

    /** Ends the idle sessions that have expired. */
    void sweep() {
        for (S s : new ArrayList<>(sessions.values())) {
            synchronized (s) {
                if (!s.ended && !s.reading && s.expired()) {
                    end(s);
                }
            }
        }
    }

    /** Shutdown: ends every session; {@link #stopping} from now on. */
    void closeAll() {
        stopping = true;
        for (S s : new ArrayList<>(sessions.values())) {
            endOrAbandon(s);
        }
    }

    boolean stopping() {
        return stopping;
    }

    int activeSessions() {
        return sessions.size();
    }

    /**
     * The start of a read or close (the caller holds the monitor): an ended session is not found, a read in progress
     * is waited for or refuses it, and an expired session ends where the protocol looks at that on access.
     */
    private void enter(S s, boolean closing) {
        SessionMonitor.awaitIdle(s, () -> !s.ended && s.reading, () -> s.busy(closing));
        if (s.ended) {
            throw s.notFound();
        }
        if (s.expiresOnAccess() && s.expired()) {
            end(s);
            throw s.notFound();
        }
    }

    /** Ends {@code s}: after the read in progress where the protocol waits for one, else now or when it returns. */
    private void endOrAbandon(S s) {
        synchronized (s) {
            if (s.reading && s.busy(false) != null) {
                s.abandoned = true;
                return;
            }
            SessionMonitor.awaitIdle(s, () -> !s.ended && s.reading, () -> null);
            end(s);
        }
    }

    private void end(S s) {
        if (s.ended) {
            return;
        }
        s.ended = true;
        sessions.remove(s.id);
        FileIo.closeQuietly(s.channel);
        usage.removeReader(s.file);
        slots.release(s.connection);
    }
}
