package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one resolver for every client path (files-and-instances.md §1.2), used by file and instance actions.
 *
 * <p>A client path is normalized lexically ('/' and '\' separators, empty and '.' segments dropped, '..'
 * resolved, a leading separator ignored, an absolute path accepted only when it starts with the root, the
 * legacy {@code daemon/} prefix stripped when the root has no entry of that name) and then walked component by
 * component from the real root without following any link blindly: every symlink met on the way is followed
 * hop by hop, each hop must point inside the root, and the hop's target is walked the same way (so chains that
 * leave the root, even if they come back, are refused). The result is an absolute path whose existing part
 * contains no symlink at the time of the check and lies inside the real root.
 *
 * <p>The check and the later use are not atomic. Operations that matter go through {@link AnchoredDir}, which
 * re-walks the checked path from the root with no-follow directory handles (openat/O_NOFOLLOW), so a link
 * swapped in after the check makes the operation fail instead of escaping. See docs/files.md for what remains.
 *
 * <p>Every refusal is {@code 21006 File Access Failed}; the detail says why.
 */
final class PathSandbox {
    /** Longest accepted segment, in UTF-8 bytes (NAME_MAX of common file systems). */
    public static final int MAX_NAME_BYTES = 255;
    /** Longest accepted client path, in chars (PATH_MAX). */
    public static final int MAX_PATH_CHARS = 4096;
    /** Most symlink hops followed while resolving one path (Linux MAXSYMLINKS). */
    public static final int MAX_LINK_HOPS = 40;
    public static final String OUTSIDE = "path is outside the daemon root";
    static final String LEGACY_PREFIX = "daemon";

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

    private final Path root;
    private final String rootPrefix;
    private final ReservedPaths reserved;

    /** @param root the daemon root; must exist. It is used by its real path. */
    PathSandbox(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("daemon root " + root + " is not accessible", e);
        }
        this.rootPrefix = this.root.toString().replace('\\', '/');
        this.reserved = new ReservedPaths(this.root);
    }

    /** The daemon's registry inside this root, which file actions must not touch. */
    public ReservedPaths reserved() {
        return reserved;
    }

    /** The real path of the daemon root. */
    public Path root() {
        return root;
    }

    /**
     * Resolves a client path to an absolute path inside the root. Symlinks (also the final component) are
     * followed while they stay inside the root; a link (chain) that leaves it is refused.
     *
     * @throws DaemonError 21006 when the path leaves the root, contains a NUL character, has an over-long name
     *     or too many link hops; 11001 when {@code clientPath} is null
     */
    public Path resolve(String clientPath) {
        return walk(normalize(clientPath), 0, true);
    }

    /**
     * Like {@link #resolve} but the final component is not followed when it is a symlink: the result names the
     * link itself (its parent is real). The link must still point inside the root (else 21006), so that no
     * operation on the entry can reach outside. Used by operations that act on the directory entry (delete,
     * rename, move).
     */
    public Path resolveEntry(String clientPath) {
        List<String> segments = normalize(clientPath);
        if (segments.isEmpty()) {
            return root;
        }
        Path parent = walk(segments.subList(0, segments.size() - 1), 0, true);
        Path entry = parent.resolve(segments.get(segments.size() - 1));
        BasicFileAttributes a = FileIo.lstat(entry);
        if (a != null && a.isSymbolicLink()) {
            followLink(entry, 1); // refuses links that lead outside
        }
        return entry;
    }

    /**
     * The lexical, root-relative segments of a client path (legacy prefix stripped, '..' resolved).
     *
     * @throws DaemonError 21006 if the path leaves the root or is malformed
     */
    public List<String> normalize(String clientPath) {
        if (clientPath == null) {
            throw DaemonError.badParam("Missing param 'path'");
        }
        if (clientPath.indexOf('\0') >= 0) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "path contains a NUL character");
        }
        if (clientPath.length() > MAX_PATH_CHARS) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "path is too long");
        }
        String p = clientPath.replace('\\', '/');
        if (DRIVE.matcher(p).matches()) {
            p = stripAbsolute(clientPath);
        } else if (p.equals(rootPrefix) || p.startsWith(rootPrefix.endsWith("/") ? rootPrefix : rootPrefix + "/")) {
            p = p.substring(rootPrefix.length());
        }
        List<String> raw = new ArrayList<>();
        for (String s : p.split("/", -1)) {
            if (!s.isEmpty() && !s.equals(".")) {
                raw.add(s);
            }
        }
        if (!raw.isEmpty() && raw.get(0).equals(LEGACY_PREFIX) && FileIo.lstat(root.resolve(LEGACY_PREFIX)) == null) {
            raw.remove(0);
        }
        List<String> out = new ArrayList<>();
        for (String s : raw) {
            if (s.equals("..")) {
                if (out.isEmpty()) {
                    throw new DaemonError(Failure.FILE_ACCESS_FAILED, OUTSIDE);
                }
                out.remove(out.size() - 1);
            } else {
                checkSegment(s);
                out.add(s);
            }
        }
        return out;
    }

    /** Root-relative, '/'-separated form of an absolute path inside the root ("" for the root itself). */
    public String toClientPath(Path absolute) {
        Path abs = absolute.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, OUTSIDE);
        }
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(abs)) {
            String s = part.toString();
            if (s.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** Whether an absolute path lies lexically inside (or is) the root. */
    public boolean contains(Path absolute) {
        return absolute.toAbsolutePath().normalize().startsWith(root);
    }

    /** Whether {@code name} is a valid single file name for rename ({@code new_name}): not empty, '.', '..', no separators or NUL, not over-long. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            return false;
        }
        return name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    /** Opens a no-follow handle chain to a directory inside the root (see {@link AnchoredDir}). */
    AnchoredDir openDirectory(Path directoryInside) throws IOException {
        if (!contains(directoryInside)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, OUTSIDE);
        }
        return AnchoredDir.open(root, root.relativize(directoryInside.toAbsolutePath().normalize()));
    }

    private String stripAbsolute(String clientPath) {
        if (WINDOWS) {
            try {
                Path abs = Path.of(clientPath).toAbsolutePath().normalize();
                if (abs.startsWith(root)) {
                    return root.relativize(abs).toString().replace('\\', '/');
                }
            } catch (RuntimeException e) {
                // an unparsable drive path is treated like any outside path
            }
        }
        throw new DaemonError(Failure.FILE_ACCESS_FAILED, OUTSIDE);
    }

    private static void checkSegment(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "file name is too long");
        }
    }

    /** Walks root-relative segments; every existing component is checked, links are followed hop by hop. */
    private Path walk(List<String> segments, int hops, boolean followLast) {
        Path cur = root;
        for (int i = 0; i < segments.size(); i++) {
            Path next = cur.resolve(segments.get(i));
            BasicFileAttributes a = FileIo.lstat(next);
            if (a == null) {
                // Nothing exists from here on: the rest is appended lexically to a checked, link-free prefix.
                for (int j = i + 1; j < segments.size(); j++) {
                    next = next.resolve(segments.get(j));
                }
                return next;
            }
            if (a.isSymbolicLink() && (followLast || i < segments.size() - 1)) {
                cur = followLink(next, hops + 1);
            } else {
                cur = next;
            }
        }
        return cur;
    }

    /** Follows one symlink whose parent is link-free and inside the root; the target must stay inside. */
    private Path followLink(Path link, int hops) {
        if (hops > MAX_LINK_HOPS) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "too many levels of symbolic links");
        }
        Path target;
        try {
            target = Files.readSymbolicLink(link);
        } catch (FileSystemLoopException e) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "too many levels of symbolic links");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "cannot read a symbolic link");
        }
        Path resolved = link.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, OUTSIDE);
        }
        List<String> segments = new ArrayList<>();
        for (Path part : root.relativize(resolved)) {
            String s = part.toString();
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return walk(segments, hops, true);
    }
}
