package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** Maps I/O failures to file codes (errors.md §1, §5 #3 and #12). Details never carry host paths. */
public final class IoErrors {
    private IoErrors() {
    }

    public static DaemonError map(IOException e, String what) {
        if (isDiskFull(e)) {
            return new DaemonError(Failure.DISK_FULL, "not enough space to " + what);
        }
        if (e instanceof NoSuchFileException) {
            return new DaemonError(Failure.FILE_NOT_FOUND, "cannot " + what + ": no such file or directory");
        }
        if (e instanceof FileAlreadyExistsException) {
            return new DaemonError(Failure.FILE_ALREADY_EXISTS, "cannot " + what + ": destination already exists");
        }
        if (e instanceof DirectoryNotEmptyException) {
            return new DaemonError(Failure.FILE_ACCESS_FAILED, "directory not empty");
        }
        if (e instanceof AccessDeniedException) {
            return new DaemonError(Failure.FILE_ACCESS_FAILED, "cannot " + what + ": access denied");
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : null;
        return new DaemonError(Failure.FILE_ACCESS_FAILED, "cannot " + what + (reason == null ? "" : ": " + reason));
    }

    /** ENOSPC / EDQUOT / ERROR_DISK_FULL anywhere in the cause chain. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left") || l.contains("disk quota exceeded") || l.contains("not enough space")
                        || l.contains("disk is full")) {
                    return true;
                }
            }
        }
        return false;
    }
}
