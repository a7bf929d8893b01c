package dev.mfp.daemon.files.upload;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.files.RootFs.Directory;
import dev.mfp.daemon.files.SessionSlots;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One open upload (files-and-instances.md §3.1, transfer.md §4): what {@link UploadSessions} keeps of every session,
 * and, in a protocol's subclass, that protocol's policy: what it records of a chunk, when the upload is complete,
 * how it is verified, when it expires, and how a refusal is worded. An idle session holds no descriptor: each chunk
 * re-opens the target's directory from the root without following links (it must still be the directory identified
 * by {@code directoryKey}) and the staging file in it. All mutable state is guarded by the session's monitor; the
 * bytes of a chunk or a commit are written outside it while {@link #activity} says so.
 */
abstract class UploadSession {
    /** What a session is doing outside its monitor. */
    enum Activity { WRITING, COMMITTING }

    /** The steps whose I/O failures a protocol reports. */
    enum Step {
        CREATE("create the staging file"), WRITE("write the chunk"), COMMIT("move the upload into place");

        final String what;

        Step(String what) {
            this.what = what;
        }
    }

    final UUID id;
    final UUID connection;
    final Path target;
    final Path staging;
    final long size;
    /** The identity of the target's directory when the session was opened (null where the platform has none). */
    Object directoryKey;
    /** Null while idle. */
    Activity activity;
    boolean ended;
    /** Why a clean-up ended the session while a chunk or commit was in progress (it ends when that returns). */
    String abandoned;

    UploadSession(UUID id, UUID connection, Path target, long size) {
        this.id = id;
        this.connection = connection;
        this.target = target;
        this.staging = target.resolveSibling(UploadSessions.stagingName(target.getFileName().toString(), id));
        this.size = size;
    }

    final String stagingName() {
        return staging.getFileName().toString();
    }

    final String targetName() {
        return target.getFileName().toString();
    }

    /** Notes the bytes of a chunk just written at {@code offset} (the write holds the session). */
    abstract void written(FileChannel ch, long offset, ByteBuffer data) throws IOException;

    /** Bytes received; {@code done} when every byte is there and the upload commits by itself. */
    abstract UploadSessions.Progress progress();

    /** At the commit, before the staging file replaces the target: the content is the expected one. */
    abstract void verify(FileChannel ch) throws IOException;

    abstract boolean expired();

    /** Whether an operation on the session ends it when it has expired (else only the sweep does). */
    boolean expiresOnAccess() {
        return false;
    }

    /** Whether the upload is complete at its request: moved into place at once, no session stays open. */
    boolean completeAtOpen() {
        return false;
    }

    /** Before the staging file is created in {@code dir}. */
    void beforeStaging(Path dir) throws IOException {
    }

    /** Before the staging file is renamed over the target in {@code dir}. */
    void beforeReplace(Directory dir) {
    }

    /** Whether the session lives on when its connection closes. */
    boolean survivesDisconnect() {
        return false;
    }

    // ---- refusals in the protocol's terms ------------------------------------------------------------------------

    abstract RuntimeException notFound();

    /** An operation met a chunk or commit in progress: the refusal, or null to wait for it (clean-ups wait too). */
    RuntimeException busy() {
        return null;
    }

    abstract RuntimeException noSlot(SessionSlots slots);

    /** Another open upload has the same target. */
    abstract RuntimeException targetBusy();

    /** The target's parent directories could not be created. */
    abstract RuntimeException directoriesFailed(DaemonError e);

    abstract RuntimeException io(IOException e, Step step);
}
