package dev.mfp.daemon.files.download;

import dev.mfp.daemon.files.SessionSlots;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One open download (files-and-instances.md §4, transfer.md §5): the file opened once for shared reading and its
 * length at that time, as {@link DownloadSessions} keeps them, and, in a protocol's subclass, that protocol's
 * policy: when the session expires, how a file that shrank is read, how a refusal is worded. Mutable state is
 * guarded by the session's monitor; a read runs outside it while {@link #reading} says so.
 */
abstract class DownloadSession {
    final UUID id = UUID.randomUUID();
    final UUID connection;
    /** Set by {@link DownloadSessions#open}. */
    Path file;
    FileChannel channel;
    long length;
    boolean reading;
    boolean ended;
    /** A clean-up met a read in progress: the session ends when it returns. */
    boolean abandoned;

    DownloadSession(UUID connection) {
        this.connection = connection;
    }

    /** The lower-case hex digest the open answers with (the channel is at the file's start). */
    abstract String digest(FileChannel ch, long length) throws IOException;

    /** The file is open and hashed; the session is registered next. */
    void opened() {
    }

    abstract boolean expired();

    /** Whether an operation on the session ends it when it has expired (else only the sweep does). */
    boolean expiresOnAccess() {
        return false;
    }

    /** A read found the file shorter than at the open: throws, or returns for the bytes that are there. */
    void shrank() {
    }

    // ---- refusals in the protocol's terms ------------------------------------------------------------------------

    abstract RuntimeException notFound();

    /** A read or close met a read in progress: the refusal, or null to wait for it (clean-ups wait too). */
    RuntimeException busy(boolean closing) {
        return null;
    }

    abstract RuntimeException noSlot(SessionSlots slots);

    /** The file has as many download sessions as it may have. */
    abstract RuntimeException tooManyReaders(int readersPerFile);

    abstract RuntimeException io(IOException e, String what);
}
