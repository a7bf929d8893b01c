package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The path operations with strict semantics (the v2 file methods): paths by {@link StrictPaths} (no link is ever
 * followed or accepted), no operation on the root itself except reading it, a wrong kind is
 * {@link FileFault.Reason#NOT_FOUND}, an occupied destination {@link FileFault.Reason#STORAGE}; file copy overwrites,
 * directory copy merges. The daemon's registry ({@link ReservedPaths}) stays protected
 * ({@link FileFault.Reason#RESERVED}). Work is done through no-follow directory handles ({@link AnchoredDir}).
 *
 * <p>Upload staging files are ordinary hidden files here (they are listed), and open transfer sessions do not lock
 * their paths: an upload whose staging file or directory is removed fails at its next chunk or at its close.
 */
public final class StrictFileOperations {
    private final StrictPaths paths;
    private final PathSandbox sandbox;
    private final ReservedPaths reserved;

    public StrictFileOperations(StrictPaths paths) {
        this.paths = paths;
        this.sandbox = paths.fs().sandbox();
        this.reserved = sandbox.reserved();
    }

    /** Metadata of an entry; {@code readOnly} and {@code size} are meaningful for files only. */
    public record Meta(Instant creationTime, boolean hidden, Instant lastAccessTime, Instant lastWriteTime,
            boolean readOnly, long size) {
    }

    public record Named(String name, Meta meta) {
    }

    /** A directory listing; {@code parent} is null for the root and its direct children, else root-relative. */
    public record Listing(String parent, List<Named> files, List<Named> directories) {
    }

    public StrictPaths paths() {
        return paths;
    }

    public Listing list(String clientPath) {
        Path dir = paths.resolve(clientPath);
        BasicFileAttributes a = FileIo.lstat(dir);
        if (a == null || !a.isDirectory()) {
            throw FileFault.notFound("not a directory");
        }
        Path rel = paths.root().relativize(dir);
        String parent = paths.isRoot(dir) || rel.getNameCount() <= 1 ? null
                : rel.getParent().toString().replace('\\', '/');
        List<Named> files = new ArrayList<>();
        List<Named> dirs = new ArrayList<>();
        try (AnchoredDir handle = sandbox.openDirectory(dir)) {
            for (String name : handle.list()) {
                BasicFileAttributes ea = handle.attributes(name);
                if (ea == null) {
                    continue; // vanished meanwhile
                }
                boolean directory = ea.isDirectory();
                if (ea.isSymbolicLink()) {
                    // classified by its target when that lies inside the root; a link leading out is not shown
                    Path target;
                    try {
                        target = sandbox.resolve(sandbox.toClientPath(dir.resolve(name)));
                    } catch (DaemonError outside) {
                        continue;
                    }
                    BasicFileAttributes ta = FileIo.lstat(target);
                    directory = ta != null && ta.isDirectory();
                }
                if (directory) {
                    dirs.add(new Named(name, meta(name, ea, null)));
                } else {
                    files.add(new Named(name, meta(name, ea, ea.isSymbolicLink() ? null : dir.resolve(name))));
                }
            }
        } catch (IOException e) {
            throw FileFault.io(e, "read the directory");
        }
        return new Listing(parent, files, dirs);
    }

    public Meta fileInfo(String clientPath) {
        Path f = paths.resolve(clientPath);
        BasicFileAttributes a = FileIo.lstat(f);
        if (a == null || a.isDirectory()) {
            throw FileFault.notFound("not a file");
        }
        return meta(f.getFileName().toString(), a, f);
    }

    public void createDirectory(String clientPath) {
        Path d = mutable(clientPath);
        writable(d);
        try {
            Directories.create(sandbox, d).close();
        } catch (DaemonError e) {
            throw fromCore(e);
        } catch (IOException e) {
            throw FileFault.io(e, "create the directory");
        }
    }

    public void deleteFile(String clientPath) {
        Path f = mutable(clientPath);
        BasicFileAttributes a = FileIo.lstat(f);
        if (a == null || a.isDirectory()) {
            throw FileFault.notFound("not a file");
        }
        writable(f);
        try (AnchoredDir parent = sandbox.openDirectory(f.getParent())) {
            parent.deleteFile(f.getFileName().toString());
        } catch (IOException e) {
            throw FileFault.io(e, "delete the file");
        }
    }

    public void deleteDirectory(String clientPath, boolean recursive) {
        Path d = mutable(clientPath);
        BasicFileAttributes a = FileIo.lstat(d);
        if (a == null || !a.isDirectory()) {
            throw FileFault.notFound("not a directory");
        }
        writable(d);
        try (AnchoredDir parent = sandbox.openDirectory(d.getParent())) {
            if (recursive) {
                Trees.delete(parent, d.getFileName().toString());
            } else {
                parent.deleteDirectory(d.getFileName().toString());
            }
        } catch (DirectoryNotEmptyException e) {
            throw FileFault.storage("directory not empty");
        } catch (IOException e) {
            throw FileFault.io(e, "delete the directory");
        }
    }

    public void rename(String clientPath, String newName, boolean directory) {
        Path e = mutable(clientPath);
        if (!validNewName(newName)) {
            throw FileFault.pathInvalid("invalid new name");
        }
        requireKind(e, directory);
        Path target = e.resolveSibling(newName);
        writable(e);
        writable(target);
        try (AnchoredDir parent = sandbox.openDirectory(e.getParent())) {
            if (parent.attributes(newName) != null) {
                throw FileFault.storage("the new name exists");
            }
            parent.move(e.getFileName().toString(), parent, newName);
        } catch (IOException ex) {
            throw FileFault.io(ex, "rename");
        }
    }

    public void move(String sourcePath, String destinationPath, boolean directory) {
        Path src = mutable(sourcePath);
        Path dst = mutable(destinationPath);
        requireKind(src, directory);
        writable(src);
        requireParentDirectory(dst);
        if (FileIo.lstat(dst) != null) {
            throw FileFault.storage("the destination exists");
        }
        if (directory && dst.startsWith(src)) {
            throw FileFault.storage("cannot move a directory into itself");
        }
        writable(dst);
        try (AnchoredDir from = sandbox.openDirectory(src.getParent());
                AnchoredDir to = sandbox.openDirectory(dst.getParent())) {
            String name = src.getFileName().toString();
            String toName = dst.getFileName().toString();
            if (to.attributes(toName) != null) {
                throw FileFault.storage("the destination exists");
            }
            try {
                from.move(name, to, toName);
            } catch (IOException ex) {
                if (!Trees.crossDevice(ex)) {
                    throw ex;
                }
                // a mount point inside the root: copy, then delete the source
                if (directory) {
                    Trees.copyDirectory(from, name, to, toName);
                } else {
                    Trees.copyFile(from, name, to, toName);
                }
                Trees.delete(from, name);
            }
        } catch (IOException ex) {
            throw FileFault.io(ex, "move");
        }
    }

    /**
     * Copies a file, replacing an existing destination file (through a hidden temporary file beside it, renamed
     * over the destination, so a reader never sees a partial copy).
     *
     * @param maySeeSettings whether the caller may read instance settings (and so a registry file)
     */
    public void copyFile(String sourcePath, String destinationPath, boolean maySeeSettings) {
        Path src = mutable(sourcePath);
        Path dst = mutable(destinationPath);
        BasicFileAttributes a = FileIo.lstat(src);
        if (a == null || !a.isRegularFile()) {
            throw FileFault.notFound("the source is not a file");
        }
        if (!reserved.allowsRead(src, maySeeSettings)) {
            throw new FileFault(FileFault.Reason.RESERVED, "the source holds instance settings");
        }
        requireParentDirectory(dst);
        BasicFileAttributes d = FileIo.lstat(dst);
        if (d != null && !d.isRegularFile()) {
            throw FileFault.storage("the destination is not a file");
        }
        writable(dst);
        try (AnchoredDir from = sandbox.openDirectory(src.getParent());
                AnchoredDir to = sandbox.openDirectory(dst.getParent())) {
            Trees.replaceWithCopy(from, src.getFileName().toString(), to, dst.getFileName().toString());
        } catch (IOException ex) {
            throw FileFault.io(ex, "copy");
        }
    }

    /**
     * Copies a directory tree into {@code destinationPath}, which is created with its parents or merged into
     * (files replaced). A link anywhere in the source tree, or at an entry of the destination, fails the copy
     * ({@link FileFault.Reason#STORAGE}); the source tree is checked for links before anything is copied.
     */
    public void copyDirectory(String sourcePath, String destinationPath, boolean maySeeSettings) {
        Path src = mutable(sourcePath);
        Path dst = mutable(destinationPath);
        BasicFileAttributes a = FileIo.lstat(src);
        if (a == null || !a.isDirectory()) {
            throw FileFault.notFound("the source is not a directory");
        }
        if (dst.startsWith(src)) {
            throw FileFault.storage("cannot copy a directory into itself");
        }
        if (!reserved.allowsTreeRead(src, maySeeSettings)) {
            throw new FileFault(FileFault.Reason.RESERVED, "the source holds instance settings");
        }
        writable(dst);
        try (AnchoredDir from = sandbox.openDirectory(src)) {
            requireNoLinks(from);
            AnchoredDir to;
            try {
                to = Directories.create(sandbox, dst);
            } catch (DaemonError e) {
                throw FileFault.storage("the destination is in the way: " + e.detail());
            }
            try (AnchoredDir t = to) {
                merge(from, t);
            }
        } catch (IOException ex) {
            throw FileFault.io(ex, "copy");
        }
    }

    private void merge(AnchoredDir from, AnchoredDir to) throws IOException {
        for (String name : from.list()) {
            BasicFileAttributes a = from.attributes(name);
            if (a == null) {
                continue;
            }
            if (a.isSymbolicLink()) {
                throw FileFault.storage("a link in the source tree");
            }
            BasicFileAttributes d = to.attributes(name);
            if (d != null && d.isSymbolicLink()) {
                throw FileFault.storage("a link in the destination tree");
            }
            if (a.isDirectory()) {
                if (d != null && !d.isDirectory()) {
                    throw FileFault.storage("a file is in the way of a directory");
                }
                try (AnchoredDir sub = from.sub(name); AnchoredDir target = d == null ? to.mkdir(name) : to.sub(name)) {
                    merge(sub, target);
                }
            } else if (a.isRegularFile()) {
                if (d != null && !d.isRegularFile()) {
                    throw FileFault.storage("a directory is in the way of a file");
                }
                Trees.replaceWithCopy(from, name, to, name);
            }
        }
    }

    private static void requireNoLinks(AnchoredDir dir) throws IOException {
        for (String name : dir.list()) {
            BasicFileAttributes a = dir.attributes(name);
            if (a == null) {
                continue;
            }
            if (a.isSymbolicLink()) {
                throw FileFault.storage("a link in the source tree");
            }
            if (a.isDirectory()) {
                try (AnchoredDir sub = dir.sub(name)) {
                    requireNoLinks(sub);
                }
            }
        }
    }

    /** Resolves a path that a mutation acts on: the root itself is refused. */
    private Path mutable(String clientPath) {
        Path p = paths.resolve(clientPath);
        if (paths.isRoot(p)) {
            throw FileFault.pathInvalid("the daemon root itself cannot be changed");
        }
        return p;
    }

    private void writable(Path p) {
        if (!reserved.allowsWrite(p)) {
            throw new FileFault(FileFault.Reason.RESERVED, "'" + sandbox.toClientPath(p) + "' belongs to the daemon");
        }
    }

    private static void requireKind(Path p, boolean directory) {
        BasicFileAttributes a = FileIo.lstat(p);
        if (a == null || a.isDirectory() != directory) {
            throw FileFault.notFound(directory ? "not a directory" : "not a file");
        }
    }

    private static void requireParentDirectory(Path p) {
        BasicFileAttributes a = FileIo.lstat(p.getParent());
        if (a == null || !a.isDirectory()) {
            throw FileFault.notFound("the destination's parent directory is missing");
        }
    }

    /** A single name: not blank, not '.' or '..', no separator, not rooted, no NUL, not over-long. */
    static boolean validNewName(String name) {
        return name != null && !name.isBlank() && PathSandbox.isValidName(name)
                && !(name.length() >= 2 && name.charAt(1) == ':');
    }

    private static FileFault fromCore(DaemonError e) {
        if (e.kind() == Failure.ITS_A_FILE) {
            return FileFault.storage("a file is in the way");
        }
        if (e.kind() == Failure.DISK_FULL) {
            return FileFault.storage("disk full");
        }
        return FileFault.pathInvalid("a link appeared below the root");
    }


    static Meta meta(String name, BasicFileAttributes a, Path file) {
        return new Meta(instant(a.creationTime()), name.startsWith("."), instant(a.lastAccessTime()),
                instant(a.lastModifiedTime()), file != null && !Files.isWritable(file), a.size());
    }

    private static Instant instant(FileTime t) {
        return t == null ? Instant.EPOCH : t.toInstant();
    }
}
