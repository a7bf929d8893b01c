package dev.mfp.daemon.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An open directory inside the daemon root, reached from the root by opening each component with
 * {@code O_NOFOLLOW} (a {@link SecureDirectoryStream}, i.e. {@code openat}). Operations on entries are relative
 * to this handle ({@code openat}, {@code unlinkat}, {@code renameat}, {@code fstatat(AT_SYMLINK_NOFOLLOW)}) and
 * never follow a final symlink, so a directory swapped for a symlink after the sandbox check cannot redirect
 * them outside the root: the walk fails instead.
 *
 * <p>Where the platform offers no secure directory stream (Windows, macOS) the same operations fall back to
 * path-based calls with {@code NOFOLLOW_LINKS}; the check-to-use window then remains (docs/files.md).
 * Java has no {@code mkdirat}: {@link #mkdir} uses a {@link DirectoryDescriptor} (libc {@code mkdirat} through JNA)
 * where available, else it creates by path and verifies (docs/files.md).
 */
final class AnchoredDir implements Closeable {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Path path;
    private final SecureDirectoryStream<Path> sds;
    /** The same directory as a descriptor, opened on the first {@link #mkdir}; null until then. */
    private DirectoryDescriptor descriptor;

    private AnchoredDir(Path root, Path path, SecureDirectoryStream<Path> sds) {
        this.root = root;
        this.path = path;
        this.sds = sds;
    }

    static AnchoredDir open(Path root, Path relative) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (!(ds instanceof SecureDirectoryStream<Path> cur)) {
            ds.close();
            Path p = root.resolve(relative);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
            if (!a.isDirectory()) {
                throw new java.nio.file.NotDirectoryException(p.toString());
            }
            return new AnchoredDir(root, p, null);
        }
        try {
            for (Path part : relative) {
                if (part.toString().isEmpty()) {
                    continue;
                }
                SecureDirectoryStream<Path> next = cur.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
                cur.close();
                cur = next;
            }
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
        return new AnchoredDir(root, root.resolve(relative), cur);
    }

    /** The absolute path this handle was opened at. */
    public Path path() {
        return path;
    }

    public boolean secure() {
        return sds != null;
    }

    /** Attributes of an entry without following a symlink; null when there is none. */
    public BasicFileAttributes attributes(String name) {
        try {
            if (sds != null) {
                return sds.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            }
            return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            return null;
        }
    }

    /** A child directory (must not be a symlink). */
    public AnchoredDir sub(String name) throws IOException {
        if (sds != null) {
            return new AnchoredDir(root, path.resolve(name),
                    sds.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS));
        }
        Path p = path.resolve(name);
        if (!Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(p.toString());
        }
        return new AnchoredDir(root, p, null);
    }

    public SeekableByteChannel openRead(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Opens an existing regular file (never through a link) for reading and writing. */
    public SeekableByteChannel openReadWrite(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    }

    /** Creates or truncates a regular file (never through a link) for writing. */
    SeekableByteChannel openWrite(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    }

    /** The identity of this directory (device and inode on Unix; may be null where the platform has none). */
    public Object fileKey() throws IOException {
        if (sds != null) {
            return sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        }
        return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW).fileKey();
    }

    /** Creates a new file ({@code O_CREAT|O_EXCL}, never through a link) for reading and writing. */
    public SeekableByteChannel createNew(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
    }

    /** {@link #createNew} with the given POSIX permissions (minus the umask), like {@code Files.copy} gives a copy. */
    SeekableByteChannel createNew(String name, Set<PosixFilePermission> permissions) throws IOException {
        if (permissions == null) {
            return createNew(name);
        }
        return open(name, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(permissions));
    }

    /** The POSIX permissions of an entry (a link is not followed); null where the file system has none. */
    Set<PosixFilePermission> permissions(String name) throws IOException {
        PosixFileAttributeView v = sds != null
                ? sds.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW)
                : Files.getFileAttributeView(path.resolve(name), PosixFileAttributeView.class, NOFOLLOW);
        return v == null ? null : v.readAttributes().permissions();
    }

    private SeekableByteChannel open(String name, Set<OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        if (sds != null) {
            return sds.newByteChannel(Path.of(name), options, attributes);
        }
        return FileChannel.open(path.resolve(name), options, attributes);
    }

    public static FileChannel asFileChannel(SeekableByteChannel ch) {
        return ch instanceof FileChannel fc ? fc : null;
    }

    public void deleteFile(String name) throws IOException {
        if (sds != null) {
            sds.deleteFile(Path.of(name));
        } else {
            Files.delete(path.resolve(name));
        }
    }

    public void deleteDirectory(String name) throws IOException {
        if (sds != null) {
            sds.deleteDirectory(Path.of(name));
        } else {
            Files.delete(path.resolve(name));
        }
    }

    /** Renames an entry (the entry itself, links are not followed) into {@code target}; replaces an existing file. */
    public void move(String name, AnchoredDir target, String targetName) throws IOException {
        if (sds != null && target.sds != null) {
            sds.move(Path.of(name), target.sds, Path.of(targetName));
        } else {
            Files.move(path.resolve(name), target.path.resolve(targetName), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates a child directory and opens it without following links. With a {@link DirectoryDescriptor} the
     * directory is created by {@code mkdirat} relative to this very directory, so it cannot end up outside the root
     * whatever is swapped meanwhile. Without one it is created by path, then verified to be the child seen through
     * this handle; if it is not (a parent was swapped for a link), the directory just made is removed again (best
     * effort) and the call fails.
     */
    public AnchoredDir mkdir(String name) throws IOException {
        if (sds != null && DirectoryDescriptor.available()) {
            DirectoryDescriptor d = descriptor();
            d.mkdir(name);
            AnchoredDir child = sub(name);
            try {
                DirectoryDescriptor cd = d.openChild(name);
                if (cd.fileKey().equals(child.fileKey())) {
                    child.descriptor = cd; // mkdir below the child needs no new walk from the root
                } else {
                    cd.close();
                }
            } catch (IOException | RuntimeException e) {
                child.close();
                throw e;
            }
            return child;
        }
        return mkdirByPath(name);
    }

    /** This directory as a descriptor: walked from the root without following links, checked to be this one. */
    private DirectoryDescriptor descriptor() throws IOException {
        if (descriptor == null) {
            DirectoryDescriptor cur = DirectoryDescriptor.open(root);
            try {
                for (Path part : root.relativize(path)) {
                    String name = part.toString();
                    if (name.isEmpty()) {
                        continue;
                    }
                    DirectoryDescriptor next = cur.openChild(name);
                    cur.close();
                    cur = next;
                }
                if (!cur.fileKey().equals(fileKey())) {
                    throw new FileSystemException(path.getFileName() + "", null, "the directory was replaced");
                }
            } catch (IOException | RuntimeException e) {
                cur.close();
                throw e;
            }
            descriptor = cur;
        }
        return descriptor;
    }

    private AnchoredDir mkdirByPath(String name) throws IOException {
        Path p = path.resolve(name);
        Files.createDirectory(p);
        Object created = keyOf(p);
        AnchoredDir child;
        try {
            child = sub(name);
        } catch (IOException e) {
            undoMkdir(p, created);
            throw new FileSystemException(name, null, "a parent directory was replaced");
        }
        Object seen = child.fileKey();
        if (created != null && !created.equals(seen)) {
            child.close();
            undoMkdir(p, created);
            throw new FileSystemException(name, null, "a parent directory was replaced");
        }
        return child;
    }

    private static Object keyOf(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes the (empty) directory made at {@code p} if {@code p} still leads to it. */
    private static void undoMkdir(Path p, Object created) {
        if (created != null && created.equals(keyOf(p))) {
            try {
                Files.delete(p);
            } catch (IOException ignored) {
                // no longer empty or already gone: nothing more can be done by path
            }
        }
    }

    /** Names of the entries of this directory. */
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (sds != null) {
            // A SecureDirectoryStream can be iterated once; a fresh handle on "." keeps this one reusable.
            try (SecureDirectoryStream<Path> again = sds.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
                for (Path p : again) {
                    names.add(p.getFileName().toString());
                }
            }
        } else {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path p : ds) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        if (descriptor != null) {
            descriptor.close();
            descriptor = null;
        }
        if (sds != null) {
            sds.close();
        }
    }
}
