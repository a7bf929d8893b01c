package dev.mfp.daemon.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;

/**
 * A failure of the strict file operations and transfer sessions ({@link StrictPaths}, {@link StrictFileOperations},
 * the sequential uploads and snapshot downloads), as a protocol-neutral reason. A front end maps the reason to its
 * own wire code; the message is for the log only and never carries a host path outside the root.
 */
public final class FileFault extends RuntimeException {
    /** What went wrong, in the terms of the file subsystem. */
    public enum Reason {
        /** The client path breaks a resolution rule (outside the root, a link met, the root where it may not be). */
        PATH_INVALID,
        /** The entry is missing, of the other kind, or a destination's parent directory is missing. */
        NOT_FOUND,
        /** The OS denied access. */
        ACCESS_DENIED,
        /** The daemon's own registry files, which file methods may not touch. */
        RESERVED,
        /** Any other I/O failure: destination exists, directory not empty, copy into itself, disk full, … */
        STORAGE,
        /** The file subsystem is stopping. */
        STOPPED,
        /** The connection that would own a new session is closing. */
        CONNECTION_CLOSED,
        /** Unknown session, owned by another connection, of the other kind, ended or expired. */
        SESSION_NOT_FOUND,
        /** A close/cancel of the session is in progress. */
        SESSION_BUSY,
        /** Upload: a previous chunk of the session is still being written. */
        CHUNK_IN_FLIGHT,
        /** Upload: a negative declared length. */
        LENGTH_INVALID,
        /** Upload: an expected hash that is not 64 hex characters. */
        HASH_INVALID,
        /** Upload: another upload targets the same path. */
        UPLOAD_ACTIVE,
        /** Upload: a chunk larger than the session's maximum chunk size. */
        CHUNK_TOO_LARGE,
        /** Upload: a chunk larger than the protocol maximum; download: a requested length out of range. */
        CHUNK_SIZE_INVALID,
        /** Upload: not the next expected offset or beyond the length; download: an offset outside the file. */
        CHUNK_OFFSET_INVALID,
        /** Upload: closed before every byte arrived. */
        UPLOAD_INCOMPLETE,
        /** Upload: the content's hash differs from the expected one. */
        HASH_MISMATCH,
        /** Download: the connection holds as many download sessions as allowed. */
        DOWNLOAD_LIMIT,
        /** Upload: the connection, or the daemon, already holds as many upload sessions as it may. */
        UPLOAD_LIMIT,
        /** Download: another read of the session is in progress. */
        READ_IN_FLIGHT,
        /** Anything unforeseen. */
        UNEXPECTED
    }

    private final Reason reason;

    public FileFault(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** An I/O failure: access denied, or storage. */
    public static FileFault io(IOException e, String what) {
        if (e instanceof AccessDeniedException) {
            return new FileFault(Reason.ACCESS_DENIED, "cannot " + what + ": access denied");
        }
        String reason = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : null;
        return new FileFault(Reason.STORAGE, "cannot " + what + ": " + e.getClass().getSimpleName()
                + (reason == null ? "" : " (" + reason + ")"));
    }

    static FileFault pathInvalid(String why) {
        return new FileFault(Reason.PATH_INVALID, why);
    }

    static FileFault notFound(String what) {
        return new FileFault(Reason.NOT_FOUND, what);
    }

    static FileFault storage(String what) {
        return new FileFault(Reason.STORAGE, what);
    }
}
