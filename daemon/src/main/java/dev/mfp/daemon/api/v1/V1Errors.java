package dev.mfp.daemon.api.v1;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;

/** The one place where a core failure becomes a v1 result code (errors.md §1). */
public final class V1Errors {
    private V1Errors() {
    }

    public static ActionError of(DaemonError e) {
        return new ActionError(code(e.kind()), e.detail());
    }

    static RetCode code(dev.mfp.daemon.error.Failure f) {
        return switch (f) {
            case BAD_PARAM -> RetCode.BAD_PARAM;
            case BAD_FORMAT -> RetCode.BAD_FORMAT;
            case UNEXPECTED_ERROR -> RetCode.UNEXPECTED_ERROR;
            case LIMIT_REACHED -> RetCode.RATE_LIMIT_EXCEEDED;
            case FILE_NOT_FOUND -> RetCode.FILE_NOT_FOUND;
            case FILE_ALREADY_EXISTS -> RetCode.FILE_ALREADY_EXISTS;
            case FILE_IN_USE -> RetCode.FILE_IN_USE;
            case ITS_A_DIRECTORY -> RetCode.ITS_A_DIRECTORY;
            case ITS_A_FILE -> RetCode.ITS_A_FILE;
            case FILE_ACCESS_FAILED -> RetCode.FILE_ACCESS_FAILED;
            case DISK_FULL -> RetCode.DISK_FULL;
            case ALREADY_UPLOADING -> RetCode.ALREADY_UPLOADING;
            case NOT_UPLOADING -> RetCode.NOT_UPLOADING;
            case FILE_TOO_BIG -> RetCode.FILE_TOO_BIG;
            case ALREADY_DOWNLOADING -> RetCode.ALREADY_DOWNLOADING;
            case NOT_DOWNLOADING -> RetCode.NOT_DOWNLOADING;
            case INSTANCE_NOT_FOUND -> RetCode.INSTANCE_NOT_FOUND;
            case INSTANCE_ALREADY_EXISTS -> RetCode.INSTANCE_ALREADY_EXISTS;
            case BAD_INSTANCE_STATE -> RetCode.BAD_INSTANCE_STATE;
            case BAD_INSTANCE_TYPE -> RetCode.BAD_INSTANCE_TYPE;
            case INSTALLATION_ERROR -> RetCode.INSTALLATION_ERROR;
            case PROCESS_ERROR -> RetCode.PROCESS_ERROR;
            case UPLOAD_VERIFICATION_FAILED -> RetCode.UPLOAD_VERIFICATION_FAILED;
        };
    }
}
