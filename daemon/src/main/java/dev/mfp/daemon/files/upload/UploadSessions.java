package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.files.FileIo;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.RootFs.Directory;
import dev.mfp.daemon.files.SessionMonitor;
import dev.mfp.daemon.files.SessionSlots;
import dev.mfp.daemon.files.upload.UploadSession.Activity;
import dev.mfp.daemon.files.upload.UploadSession.Step;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload sessions of one protocol, whatever its rules: the session slots per connection and in all, the staging
 * file {@code .<name>.<id hex>.upload.tmp} beside the target (created exclusively through {@link RootFs.Directory},
 * pre-allocated to the declared size, renamed over the target at the commit, deleted on every failure, cancel,
 * expiry, disconnect and at shutdown), the reservation of the target in the shared {@link FileUsage}, expiry and
 * clean-up. A partial file never appears at the target.
 *
 * <p>The protocol's policy is its {@link UploadSession} subclass, chosen at {@link #open}, and the acceptance check
 * its entry class ({@link UploadManager} for v1, {@link SequentialUploads} for v2) passes with each chunk. The bytes
 * of a chunk and a commit are written outside the session's monitor; an operation or clean-up that meets one in
 * progress waits for it, or, as the session says, the operation is refused and the clean-up leaves the session to
 * end when it returns.
 */
public final class UploadSessions<S extends UploadSession> {
    public static final Pattern STAGING_NAME = Pattern.compile("^\\..*\\.[0-9a-f]{32}\\.upload\\.tmp$", Pattern.DOTALL);
    private static final Logger LOG = LoggerFactory.getLogger(UploadSessions.class);

    private final RootFs fs;
    private final FileUsage usage;
    private final SessionSlots slots;
    private final Map<UUID, S> sessions = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    UploadSessions(RootFs fs, FileUsage usage, SessionSlots slots) {
        this.fs = fs;
        this.usage = usage;
        this.slots = slots;
    }

    /** After a chunk: the bytes received, and {@code done} when the chunk completed the upload. */
    public record Progress(boolean done, long received) {
    }

    /**
     * Opens {@code s} (its target checked by the caller): takes a slot, reserves the target, creates the parent
     * directories and the pre-allocated staging file. An upload complete at its request is moved into place at once
     * and no session stays open.
     */
    void open(S s) {
        boolean atOnce = s.completeAtOpen();
        if (!atOnce && !slots.tryAcquire(s.connection)) {
            throw s.noSlot(slots);
        }
        boolean reserved = usage.reserveUpload(s.target, s.staging);
        boolean created = false;
        boolean opened = false;
        Directory dir = null;
        try {
            if (!reserved) {
                throw s.targetBusy();
            }
            try {
                dir = fs.createDirectories(s.target.getParent());
            } catch (DaemonError e) {
                throw s.directoriesFailed(e);
            }
            s.beforeStaging(dir.path());
            try (SeekableByteChannel ch = dir.createStaging(s.stagingName())) {
                created = true;
                if (s.size > 0) {
                    ch.position(s.size - 1);
                    ch.write(ByteBuffer.wrap(new byte[1])); // reserve the length
                }
            }
            if (atOnce) {
                dir.rename(s.stagingName(), s.targetName());
                created = false;
                return;
            }
            s.directoryKey = dir.key();
            sessions.put(s.id, s);
            opened = true;
        } catch (IOException e) {
            throw s.io(e, Step.CREATE);
        } finally {
            if (!opened) {
                if (created) {
                    dir.deleteQuietly(s.stagingName());
                }
                if (reserved) {
                    usage.releaseUpload(s.target, s.staging);
                }
                if (!atOnce) {
                    slots.release(s.connection);
                }
            }
            FileIo.closeQuietly(dir);
        }
    }

    /** The open session {@code id}, or null. */
    S find(UUID id) {
        return id == null ? null : sessions.get(id);
    }

    /**
     * The start of every operation on {@code s} (the caller holds its monitor): an ended session is not found, a
     * chunk or commit in progress is waited for or refuses the operation, and an expired session ends where the
     * protocol looks at that on access.
     */
    void enter(S s) {
        SessionMonitor.awaitIdle(s, () -> !s.ended && s.activity != null, s::busy);
        if (s.ended) {
            throw s.notFound();
        }
        if (s.expiresOnAccess() && s.expired()) {
            abort(s, "expired");
            throw s.notFound();
        }
    }

    /**
     * Writes the bytes of one chunk at {@code offset}, after {@code accept} (run under the session's monitor, where
     * it may end the session and throw) took it; a chunk that completes the upload commits it.
     */
    Progress chunk(S s, long offset, ByteBuffer data, Runnable accept) {
        int len = data.remaining();
        synchronized (s) {
            enter(s);
            accept.run();
            if (len == 0) {
                return s.progress();
            }
            s.activity = Activity.WRITING;
        }
        Step step = Step.WRITE;
        Progress progress = null;
        boolean ok = false;
        Directory dir = null;
        try {
            dir = openDirectory(s);
            try (FileChannel ch = dir.openReadWrite(s.stagingName())) {
                ByteBuffer bytes = data.duplicate();
                long pos = offset;
                while (bytes.hasRemaining()) {
                    pos += ch.write(bytes, pos);
                }
                usage.uploaded(len);
                s.written(ch, offset, data);
                progress = s.progress();
                if (progress.done()) {
                    step = Step.COMMIT;
                    moveIntoPlace(s, dir, ch);
                }
            }
            ok = true;
            return progress;
        } catch (IOException e) {
            throw s.io(e, step);
        } finally {
            settle(s, ok, ok && progress.done(), dir);
        }
    }

    /** Commits on request: after {@code accept} (as for {@link #chunk}), the staging file replaces the target. */
    void commit(S s, Runnable accept) {
        synchronized (s) {
            enter(s);
            accept.run();
            s.activity = Activity.COMMITTING;
        }
        boolean committed = false;
        Directory dir = null;
        try {
            dir = openDirectory(s);
            try (FileChannel ch = dir.openReadWrite(s.stagingName())) {
                moveIntoPlace(s, dir, ch);
            }
            committed = true;
        } catch (IOException e) {
            throw s.io(e, Step.COMMIT);
        } finally {
            settle(s, committed, committed, dir);
        }
    }

    /** Ends the session and deletes its staging file; the target is untouched. */
    void cancel(S s) {
        synchronized (s) {
            enter(s);
            abort(s, "cancelled");
        }
    }

    /**
     * Ends {@code s}: after the chunk or commit in progress where the protocol waits for one, else now or, with one
     * in progress, when that returns.
     */
    void endOrAbandon(S s, String why) {
        synchronized (s) {
            if (s.activity != null && s.busy() != null) {
                s.abandoned = why;
                return;
            }
            SessionMonitor.awaitIdle(s, () -> !s.ended && s.activity != null, () -> null);
            abort(s, why);
        }
    }

    /** Ends the sessions of a closed connection (those that survive it stay until they expire). */
    void connectionClosed(UUID connection) {
        for (S s : new ArrayList<>(sessions.values())) {
            if (s.connection.equals(connection) && !s.survivesDisconnect()) {
                endOrAbandon(s, "connection closed");
            }
        }
    }

    /** Ends every session whose target lies at or below {@code dir} (another feature deletes that tree). */
    void cancelUnder(Path dir) {
        for (S s : new ArrayList<>(sessions.values())) {
            if (s.target.startsWith(dir)) {
                endOrAbandon(s, "its directory is being deleted");
            }
        }
    }

    /** Ends the idle sessions that have expired. */
    void sweep() {
        for (S s : new ArrayList<>(sessions.values())) {
            synchronized (s) {
                if (!s.ended && s.activity == null && s.expired()) {
                    abort(s, "expired");
                }
            }
        }
    }

    /** Shutdown: ends every session; {@link #stopping} from now on. */
    void closeAll() {
        stopping = true;
        for (S s : new ArrayList<>(sessions.values())) {
            endOrAbandon(s, "daemon stopping");
        }
    }

    boolean stopping() {
        return stopping;
    }

    int activeSessions() {
        return sessions.size();
    }

    /** Ends a session and deletes its staging file (the caller holds the session's monitor). */
    void abort(S s, String why) {
        abort(s, why, null);
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

    private static void moveIntoPlace(UploadSession s, Directory dir, FileChannel ch) throws IOException {
        s.verify(ch);
        ch.force(true);
        ch.close();
        s.beforeReplace(dir);
        dir.rename(s.stagingName(), s.targetName());
    }

    /** After a chunk or commit: the session is idle again, committed, failed or abandoned meanwhile. */
    private void settle(S s, boolean ok, boolean committed, Directory dir) {
        try {
            synchronized (s) {
                s.activity = null;
                s.notifyAll();
                if (committed) {
                    finish(s, "committed");
                } else if (!ok) {
                    abort(s, "failed", dir);
                } else if (s.abandoned != null) {
                    abort(s, s.abandoned, dir);
                }
            }
        } finally {
            FileIo.closeQuietly(dir);
        }
    }

    /** Deletes the staging file through {@code dir} when the caller has it open, and ends the session. */
    private void abort(UploadSession s, String why, Directory dir) {
        if (s.ended) {
            return;
        }
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
        finish(s, why);
    }

    private void finish(UploadSession s, String why) {
        s.ended = true;
        if (sessions.remove(s.id) != null) {
            slots.release(s.connection);
        }
        usage.releaseUpload(s.target, s.staging);
        LOG.debug("upload {} ended: {}", s.id, why);
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
}
