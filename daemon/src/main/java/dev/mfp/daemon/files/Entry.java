package dev.mfp.daemon.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A resolved directory entry: its (link-free, checked) parent directory, its name and what it is. A symlink
 * entry (which necessarily points inside the root) is classified by its target.
 */
record Entry(Path path, Path parent, String name, BasicFileAttributes attrs, Kind kind) {
    enum Kind { MISSING, FILE, DIRECTORY, LINK_TO_FILE, LINK_TO_DIRECTORY, DANGLING_LINK }

    boolean exists() {
        return kind != Kind.MISSING;
    }

    boolean isRoot() {
        return name == null;
    }

    boolean isDirectoryLike() {
        return kind == Kind.DIRECTORY || kind == Kind.LINK_TO_DIRECTORY;
    }

    boolean isFileLike() {
        return kind == Kind.FILE || kind == Kind.LINK_TO_FILE;
    }

    boolean isLink() {
        return kind == Kind.LINK_TO_FILE || kind == Kind.LINK_TO_DIRECTORY || kind == Kind.DANGLING_LINK;
    }

    /** Opens the parent directory through no-follow handles. */
    AnchoredDir openParent(PathSandbox sandbox) throws IOException {
        return sandbox.openDirectory(parent);
    }
}
