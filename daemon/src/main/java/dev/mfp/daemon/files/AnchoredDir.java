package dev.mfp.daemon.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
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
 * Java has no {@code mkdirat}: {@link #mkdir} is path based (see docs/files.md).
 */
public final class AnchoredDir implements Closeable {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path path;
    private final SecureDirectoryStream<Path> sds;

    private AnchoredDir(Path path, SecureDirectoryStream<Path> sds) {
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
            return new AnchoredDir(p, null);
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
        return new AnchoredDir(root.resolve(relative), cur);
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
            return new AnchoredDir(path.resolve(name), sds.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS));
        }
        Path p = path.resolve(name);
        if (!Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
            throw new java.nio.file.NotDirectoryException(p.toString());
        }
        return new AnchoredDir(p, null);
    }

    public SeekableByteChannel openRead(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Creates a new file ({@code O_CREAT|O_EXCL}, never through a link) for reading and writing. */
    public SeekableByteChannel createNew(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
    }

    private SeekableByteChannel open(String name, Set<OpenOption> options) throws IOException {
        if (sds != null) {
            return sds.newByteChannel(Path.of(name), options);
        }
        return FileChannel.open(path.resolve(name), options);
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

    /** Creates a child directory (path based: Java has no mkdirat) and opens it without following links. */
    public AnchoredDir mkdir(String name) throws IOException {
        Files.createDirectory(path.resolve(name));
        return sub(name);
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
        if (sds != null) {
            sds.close();
        }
    }
}
