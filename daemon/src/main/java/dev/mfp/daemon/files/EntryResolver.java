package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Resolves a client path to an {@link Entry} (the entry itself, not its link target). */
final class EntryResolver {
    private final PathSandbox sandbox;

    EntryResolver(PathSandbox sandbox) {
        this.sandbox = sandbox;
    }

    Entry entry(String clientPath) {
        Path p = sandbox.resolveEntry(clientPath);
        if (p.equals(sandbox.root())) {
            BasicFileAttributes a = FileIo.lstat(p);
            return new Entry(p, null, null, a, Entry.Kind.DIRECTORY);
        }
        BasicFileAttributes a = FileIo.lstat(p);
        Entry.Kind kind;
        if (a == null) {
            kind = Entry.Kind.MISSING;
        } else if (a.isSymbolicLink()) {
            Path target = sandbox.resolve(clientPath); // 21006 if it leads outside
            BasicFileAttributes t = FileIo.lstat(target);
            kind = t == null ? Entry.Kind.DANGLING_LINK
                    : t.isDirectory() ? Entry.Kind.LINK_TO_DIRECTORY : Entry.Kind.LINK_TO_FILE;
        } else if (a.isDirectory()) {
            kind = Entry.Kind.DIRECTORY;
        } else {
            kind = Entry.Kind.FILE;
        }
        return new Entry(p, p.getParent(), p.getFileName().toString(), a, kind);
    }

    /** The entry's link target inside the root (the entry itself when it is no link). */
    Path target(String clientPath) {
        return sandbox.resolve(clientPath);
    }

    PathSandbox sandbox() {
        return sandbox;
    }

    static boolean writable(Path p) {
        return Files.isWritable(p);
    }

    static DaemonError notFound(String clientPath) {
        return new DaemonError(dev.mfp.daemon.error.Failure.FILE_NOT_FOUND, "daemon root has no file '" + clientPath + "'");
    }
}
