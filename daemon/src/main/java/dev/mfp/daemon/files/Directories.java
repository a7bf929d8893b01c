package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** {@code mkdir -p} inside the root, one no-follow handle at a time. */
final class Directories {
    private Directories() {
    }

    /**
     * Creates {@code target} (a path returned by {@link PathSandbox#resolve}) and its missing parents, and returns
     * an open handle on it. A file in the way → 21005; a symlink in the way (swapped in after the check) → 21006.
     */
    static AnchoredDir create(PathSandbox sandbox, Path target) throws IOException {
        AnchoredDir cur = sandbox.openDirectory(sandbox.root());
        try {
            for (Path part : sandbox.root().relativize(target)) {
                String name = part.toString();
                if (name.isEmpty()) {
                    continue;
                }
                BasicFileAttributes a = cur.attributes(name);
                AnchoredDir next;
                if (a == null) {
                    try {
                        next = cur.mkdir(name);
                    } catch (FileAlreadyExistsException raced) {
                        next = cur.sub(name);
                    }
                } else if (a.isDirectory()) {
                    next = cur.sub(name);
                } else if (a.isSymbolicLink()) {
                    throw new DaemonError(Failure.FILE_ACCESS_FAILED, PathSandbox.OUTSIDE);
                } else {
                    throw new DaemonError(Failure.ITS_A_FILE,
                            "'" + sandbox.toClientPath(cur.path().resolve(name)) + "' is a file");
                }
                cur.close();
                cur = next;
            }
            AnchoredDir done = cur;
            cur = null;
            return done;
        } finally {
            if (cur != null) {
                cur.close();
            }
        }
    }
}
