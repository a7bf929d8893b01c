package dev.mfp.daemon.files;

import dev.mfp.daemon.files.upload.SequentialUploads;
import dev.mfp.daemon.files.upload.UploadManager;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Deletes a directory tree inside the root on behalf of another feature ({@code remove_instance}): the open uploads
 * inside it are cancelled first (their staging files would otherwise vanish under them), then the tree is deleted
 * with the no-follow handle walk of {@code delete_directory}, so a directory swapped for a symlink meanwhile is
 * unlinked, never followed.
 */
public final class TreeRemoval {
    private final RootFs fs;
    private final UploadManager uploads;
    private final SequentialUploads sequentialUploads;

    TreeRemoval(RootFs fs, UploadManager uploads, SequentialUploads sequentialUploads) {
        this.fs = fs;
        this.uploads = uploads;
        this.sequentialUploads = sequentialUploads;
    }

    /** Ends the upload sessions of both protocols whose targets are under {@code dir} (before it is moved away). */
    public void cancelSessionsUnder(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        uploads.cancelUnder(p);
        sequentialUploads.cancelUnder(p);
    }

    /** Deletes {@code dir} (an absolute path inside the root, not the root) and everything below it; absent is fine. */
    public void delete(Path dir) throws IOException {
        Path p = dir.toAbsolutePath().normalize();
        if (!fs.contains(p) || p.equals(fs.root()) || p.equals(fs.configuredRoot())) {
            throw new IllegalArgumentException("not a directory below the daemon root: " + dir);
        }
        uploads.cancelUnder(p);
        sequentialUploads.cancelUnder(p);
        fs.deleteTree(p);
    }
}
