package dev.mfp.daemon.api.v2.files;

import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.files.FileFault;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;

/** The v2 code of each reason of the file core (transfer.md §1.1, §4, §5; rpc.md §8.3). */
public final class FileFaults {
    private FileFaults() {
    }

    public static V2Error map(FileFault f) {
        return switch (f.reason()) {
            case PATH_INVALID -> e("file.path.invalid", DaemonErrorKind.VALIDATION, f);
            case NOT_FOUND -> e("file.not_found", DaemonErrorKind.NOT_FOUND, f);
            // the daemon's registry files: a valid path the daemon denies access to (docs/protocol-notes.md)
            case ACCESS_DENIED, RESERVED -> e("file.access_denied", DaemonErrorKind.STORAGE, f);
            case STORAGE -> e("file.storage_failed", DaemonErrorKind.STORAGE, f);
            case STOPPED -> e("file.session.stopped", DaemonErrorKind.CONFLICT, f);
            case CONNECTION_CLOSED -> e("file.session.connection_closed", DaemonErrorKind.TRANSPORT, f);
            case SESSION_NOT_FOUND -> e("file.session.not_found", DaemonErrorKind.NOT_FOUND, f);
            case SESSION_BUSY -> e("file.session.busy", DaemonErrorKind.CONFLICT, f);
            case CHUNK_IN_FLIGHT -> e("file.upload.chunk_in_flight", DaemonErrorKind.CONFLICT, f);
            case LENGTH_INVALID -> e("file.upload.length.invalid", DaemonErrorKind.VALIDATION, f);
            case HASH_INVALID -> e("file.upload.sha256.invalid", DaemonErrorKind.VALIDATION, f);
            case UPLOAD_ACTIVE -> e("file.upload.active", DaemonErrorKind.CONFLICT, f);
            case CHUNK_TOO_LARGE -> e("file.chunk.too_large", DaemonErrorKind.VALIDATION, f);
            case CHUNK_SIZE_INVALID -> e("file.chunk.size.invalid", DaemonErrorKind.VALIDATION, f);
            case CHUNK_OFFSET_INVALID -> e("file.chunk.offset.invalid", DaemonErrorKind.VALIDATION, f);
            case UPLOAD_INCOMPLETE -> e("file.upload.incomplete", DaemonErrorKind.CONFLICT, f);
            case HASH_MISMATCH -> e("file.upload.hash_mismatch", DaemonErrorKind.VALIDATION, f);
            case DOWNLOAD_LIMIT -> e("file.download.limit", DaemonErrorKind.CONFLICT, f);
            case UPLOAD_LIMIT -> e("file.upload.limit", DaemonErrorKind.CONFLICT, f);
            case READ_IN_FLIGHT -> e("file.download.read_in_flight", DaemonErrorKind.CONFLICT, f);
            case UNEXPECTED -> e("file.unexpected", DaemonErrorKind.INTERNAL, f);
        };
    }

    /** Runs a file method body: core faults become their v2 errors, anything unforeseen {@code file.unexpected}. */
    public static <T> T run(Body<T> body) {
        try {
            return body.run();
        } catch (FileFault f) {
            throw map(f);
        } catch (V2Error | dev.mfp.protocol.v2.rpc.InvalidParamsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new V2Error("file.unexpected", DaemonErrorKind.INTERNAL, e.toString());
        }
    }

    @FunctionalInterface
    public interface Body<T> {
        T run();
    }

    private static V2Error e(String code, DaemonErrorKind kind, FileFault f) {
        return new V2Error(code, kind, f.getMessage());
    }
}
