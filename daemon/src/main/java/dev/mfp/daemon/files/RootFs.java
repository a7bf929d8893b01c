package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The one filesystem front door of the daemon root: every file the daemon touches on a client's behalf (file
 * actions, uploads, downloads, instance settings, instance removal, install sources) is reached through it. Built
 * once ({@link FilesFeature}) and passed to whoever needs it; {@link PathSandbox}, {@link AnchoredDir},
 * {@link Directories}, {@link Trees} and {@link EntryResolver} are its package-private parts.
 *
 * <p>Paths come in two forms:
 * <ul>
 *   <li>a client path ({@code String}): resolved by the sandbox (files-and-instances.md §1.2: '..', absolute paths,
 *       NUL, over-long names and links that leave the root → 21006); they also apply the {@link ReservedPaths}
 *       rules as a file action of a token without the settings permission would: no write to the daemon's
 *       registry and directories, no read of registry files, backups or console files (21006);</li>
 *   <li>an absolute {@code Path} the daemon built or resolved earlier (an instance directory, a resolved source):
 *       it must lie inside the root (else 21006) and no reserved-path rule applies, the caller being the daemon.</li>
 * </ul>
 * Either way the operation itself walks from the root with no-follow directory handles ({@code openat},
 * {@code O_NOFOLLOW}) and never follows a final link, so a link swapped in after the check makes it fail with an
 * {@link IOException} instead of reaching outside the root.
 */
public final class RootFs {
    private final PathSandbox sandbox;
    /** The root as configured (its real path may differ when a parent is a link); also accepted for Path arguments. */
    private final Path alias;

    /** @param root the daemon root; must exist */
    public RootFs(Path root) {
        this.sandbox = new PathSandbox(root);
        this.alias = root.toAbsolutePath().normalize();
    }

    PathSandbox sandbox() {
        return sandbox;
    }

    /** The real path of the daemon root. */
    public Path root() {
        return sandbox.root();
    }

    /** The root as it was configured (equal to {@link #root()} unless a parent is a link). */
    public Path configuredRoot() {
        return alias;
    }

    public ReservedPaths reserved() {
        return sandbox.reserved();
    }

    // ---- path vocabulary -----------------------------------------------------------------------------------------

    /** A client path resolved inside the root, links inside the root followed (see {@link PathSandbox#resolve}). */
    public Path resolve(String clientPath) {
        return sandbox.resolve(clientPath);
    }

    /** A client path resolved to the directory entry itself: a final link is not followed (but must stay inside). */
    public Path resolveEntry(String clientPath) {
        return sandbox.resolveEntry(clientPath);
    }

    /** Root-relative, '/'-separated form of an absolute path inside the root. */
    public String toClientPath(Path absolute) {
        return sandbox.toClientPath(inside(absolute));
    }

    /** Whether an absolute path lies lexically inside (or is) the root. */
    public boolean contains(Path absolute) {
        Path abs = absolute.toAbsolutePath().normalize();
        return abs.startsWith(root()) || abs.startsWith(alias);
    }

    /** Whether {@code name} is a valid single file name (not empty, '.', '..', no separator or NUL, not over-long). */
    public static boolean isValidName(String name) {
        return PathSandbox.isValidName(name);
    }

    /** Longest accepted segment, in UTF-8 bytes. */
    public static int maxNameBytes() {
        return PathSandbox.MAX_NAME_BYTES;
    }

    // ---- queries -------------------------------------------------------------------------------------------------

    /** The attributes of the entry itself (a final link is not followed); null when there is none. */
    public BasicFileAttributes stat(Path p) {
        Path abs = inside(p);
        if (abs.equals(root())) {
            return FileIo.lstat(abs);
        }
        try (AnchoredDir parent = sandbox.openDirectory(abs.getParent())) {
            return parent.attributes(abs.getFileName().toString());
        } catch (IOException e) {
            return null; // a parent is missing, or no longer a directory reached without a link
        }
    }

    /** {@link #stat(Path)} of a client path's target (links inside the root followed, the result is link-free). */
    public BasicFileAttributes stat(String clientPath) {
        return stat(resolve(clientPath));
    }

    /** Whether {@code p} is a regular file (a link is not one). */
    public boolean isRegularFile(Path p) {
        BasicFileAttributes a = stat(p);
        return a != null && a.isRegularFile();
    }

    /** Whether {@code p} is a real directory (a link to one is not). */
    public boolean isDirectory(Path p) {
        BasicFileAttributes a = stat(p);
        return a != null && a.isDirectory();
    }

    /** The names in a directory. */
    public List<String> list(Path dir) throws IOException {
        try (AnchoredDir d = sandbox.openDirectory(inside(dir))) {
            return d.list();
        }
    }

    public List<String> list(String clientPath) throws IOException {
        return list(resolve(clientPath));
    }

    // ---- mutations -----------------------------------------------------------------------------------------------

    /**
     * {@code mkdir -p}, like {@link java.nio.file.Files#createDirectories}: a file in the way is a
     * {@link FileAlreadyExistsException}, a link in the way a {@link FileSystemException}.
     */
    public void mkdirs(Path dir) throws IOException {
        anchoredMkdirs(inside(dir)).close();
    }

    public void mkdirs(String clientPath) throws IOException {
        mkdirs(writable(resolve(clientPath)));
    }

    /** Creates one directory (its parents as needed); {@link java.nio.file.FileAlreadyExistsException} if it exists. */
    public void mkdir(Path dir) throws IOException {
        Path abs = notRoot(dir);
        try (AnchoredDir parent = anchoredMkdirs(abs.getParent())) {
            parent.mkdir(abs.getFileName().toString()).close();
        }
    }

    /** Renames an entry in one step ({@code renameat}; a destination file is replaced). */
    public void rename(Path from, Path to) throws IOException {
        Path src = notRoot(from);
        Path dst = notRoot(to);
        try (AnchoredDir f = sandbox.openDirectory(src.getParent()); AnchoredDir t = sandbox.openDirectory(dst.getParent())) {
            f.move(src.getFileName().toString(), t, dst.getFileName().toString());
        }
    }

    /**
     * Moves an entry, replacing a destination file; the destination's parents are created. Across a mount point
     * inside the root it is copied (links in a tree skipped), then deleted.
     */
    public void move(Path from, Path to) throws IOException {
        Path src = notRoot(from);
        Path dst = notRoot(to);
        mkdirs(dst.getParent());
        try (AnchoredDir f = sandbox.openDirectory(src.getParent()); AnchoredDir t = sandbox.openDirectory(dst.getParent())) {
            Trees.move(f, src.getFileName().toString(), t, dst.getFileName().toString());
        }
    }

    public void move(String fromClientPath, String toClientPath) throws IOException {
        move(writable(resolveEntry(fromClientPath)), writable(resolveEntry(toClientPath)));
    }

    /**
     * Copies a regular file over {@code to} (created with its parents, or replaced through a hidden temporary file
     * beside it, so a reader never sees a partial copy). The source must be a regular file, not a link; the copy
     * gets its POSIX permissions (minus the umask), as {@code Files.copy} gives them.
     */
    public void copyFile(Path from, Path to) throws IOException {
        Path src = notRoot(from);
        Path dst = notRoot(to);
        mkdirs(dst.getParent());
        try (AnchoredDir f = sandbox.openDirectory(src.getParent()); AnchoredDir t = sandbox.openDirectory(dst.getParent())) {
            Trees.replaceWithCopy(f, src.getFileName().toString(), t, dst.getFileName().toString(), true);
        }
    }

    public void copyFile(String fromClientPath, String toClientPath) throws IOException {
        copyFile(readable(resolve(fromClientPath)), writable(resolve(toClientPath)));
    }

    /** Deletes an entry and, if it is a real directory, everything below it; a link is unlinked. Absent is fine. */
    public void deleteTree(Path p) throws IOException {
        Path abs = notRoot(p);
        try (AnchoredDir parent = sandbox.openDirectory(abs.getParent())) {
            Trees.delete(parent, abs.getFileName().toString());
        } catch (NoSuchFileException parentGone) {
            // nothing to delete
        }
    }

    public void deleteTree(String clientPath) throws IOException {
        deleteTree(writable(resolveEntry(clientPath)));
    }

    /** Deletes a file or link (never what it points to); absent is fine. */
    public void deleteFile(Path p) throws IOException {
        Path abs = notRoot(p);
        try (AnchoredDir parent = sandbox.openDirectory(abs.getParent())) {
            parent.deleteFile(abs.getFileName().toString());
        } catch (NoSuchFileException gone) {
            // nothing to delete
        }
    }

    // ---- streams and handles -------------------------------------------------------------------------------------

    /** Opens a regular file for reading (never through a link). */
    public InputStream openRead(Path file) throws IOException {
        Path abs = notRoot(file);
        try (AnchoredDir parent = sandbox.openDirectory(abs.getParent())) {
            return Channels.newInputStream(parent.openRead(abs.getFileName().toString()));
        }
    }

    public InputStream openRead(String clientPath) throws IOException {
        return openRead(readable(resolve(clientPath)));
    }

    /** Creates or truncates a file for writing (never through a link); its parents are created. */
    public OutputStream openWrite(Path file) throws IOException {
        Path abs = notRoot(file);
        try (AnchoredDir parent = anchoredMkdirs(abs.getParent())) {
            return Channels.newOutputStream(parent.openWrite(abs.getFileName().toString()));
        }
    }

    public OutputStream openWrite(String clientPath) throws IOException {
        return openWrite(writable(resolve(clientPath)));
    }

    /** An open handle on an existing directory, for work on several of its entries (transfer sessions). */
    public Directory directory(Path dir) throws IOException {
        return new Directory(sandbox.openDirectory(inside(dir)));
    }

    /** {@link #directory} after {@code mkdir -p}; a file in the way → 21005, a link → 21006 ({@link DaemonError}). */
    public Directory createDirectories(Path dir) throws IOException {
        return new Directory(Directories.create(sandbox, inside(dir)));
    }

    /**
     * An open directory inside the root; entries are named relative to it and never followed when they are links.
     * The transfer sessions keep a staging file beside its target through one.
     */
    public static final class Directory implements Closeable {
        private final AnchoredDir dir;

        private Directory(AnchoredDir dir) {
            this.dir = dir;
        }

        public Path path() {
            return dir.path();
        }

        /** The directory's identity (device and inode on Unix; may be null), to notice it was replaced. */
        public Object key() throws IOException {
            return dir.fileKey();
        }

        /** The entry's own attributes; null when there is none. */
        public BasicFileAttributes attributes(String name) {
            return dir.attributes(name);
        }

        /** Creates a new file ({@code O_CREAT|O_EXCL}) for reading and writing: a staging file. */
        public FileChannel createStaging(String name) throws IOException {
            return fileChannel(dir.createNew(name));
        }

        public FileChannel openRead(String name) throws IOException {
            return fileChannel(dir.openRead(name));
        }

        public FileChannel openReadWrite(String name) throws IOException {
            return fileChannel(dir.openReadWrite(name));
        }

        /** Renames an entry of this directory, replacing a file of the new name ({@code renameat}). */
        public void rename(String name, String newName) throws IOException {
            dir.move(name, dir, newName);
        }

        /** Deletes a file if it can; one already gone is fine. */
        public void deleteQuietly(String name) {
            FileIo.deleteQuietly(dir, name);
        }

        @Override
        public void close() {
            FileIo.closeQuietly(dir);
        }

        private static FileChannel fileChannel(SeekableByteChannel ch) throws IOException {
            if (ch instanceof FileChannel fc) {
                return fc;
            }
            ch.close();
            throw new IOException("not a file channel");
        }
    }

    // ---- checks --------------------------------------------------------------------------------------------------

    /** An absolute path inside the real root for a daemon-supplied path; 21006 outside. */
    private Path inside(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith(root())) {
            return abs;
        }
        if (!alias.equals(root()) && abs.startsWith(alias)) {
            return root().resolve(alias.relativize(abs).toString()).normalize();
        }
        throw new DaemonError(Failure.FILE_ACCESS_FAILED, PathSandbox.OUTSIDE);
    }

    private Path notRoot(Path p) {
        Path abs = inside(p);
        if (abs.equals(root())) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "the daemon root itself cannot be changed");
        }
        return abs;
    }

    /** {@link Directories#create} with its refusals as the I/O exceptions {@code Files.createDirectories} throws. */
    private AnchoredDir anchoredMkdirs(Path dir) throws IOException {
        try {
            return Directories.create(sandbox, dir);
        } catch (DaemonError e) {
            if (e.kind() == Failure.ITS_A_FILE) {
                throw new FileAlreadyExistsException(e.detail());
            }
            throw new FileSystemException(toClientPath(dir), null, e.detail());
        }
    }

    private Path writable(Path p) {
        sandbox.reserved().checkWritable(p);
        return p;
    }

    private Path readable(Path p) {
        sandbox.reserved().checkReadableFile(p, false);
        return p;
    }
}
