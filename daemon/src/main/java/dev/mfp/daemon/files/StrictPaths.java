package dev.mfp.daemon.files;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The strict resolution of a client path against the daemon root (the v2 rules): an empty or blank path fails; '/'
 * and '\' are both separators; an OS-absolute path is taken as it is when it lies inside the root, refused when it
 * names an existing entry outside, and otherwise read as root-relative; '.' and '..' are resolved lexically and the
 * result must stay inside the root; and no existing component below the root may be a symbolic link (whether it
 * points inside, outside or nowhere). Every failure is {@link FileFault.Reason#PATH_INVALID}.
 *
 * <p>Unlike {@link PathSandbox#resolve} no link is ever followed, and the legacy {@code daemon/} prefix is not
 * stripped. The check and the later use are not atomic; the operations act through {@link AnchoredDir} handles,
 * which never follow a link either.
 */
public final class StrictPaths {
    private static final boolean WINDOWS = File.separatorChar == '\\';

    private final RootFs fs;
    private final PathSandbox sandbox;
    private final Path root;
    /** The root as configured (may differ from its real path when a parent is a link); also accepted. */
    private final Path alias;

    public StrictPaths(RootFs fs) {
        this.fs = fs;
        this.sandbox = fs.sandbox();
        this.root = sandbox.root();
        this.alias = fs.configuredRoot();
    }

    /** The filesystem these paths are used on. */
    public RootFs fs() {
        return fs;
    }

    public Path root() {
        return root;
    }

    /** Resolves {@code clientPath} (steps 1–6) to an absolute path at or below the real root. */
    public Path resolve(String clientPath) {
        if (clientPath == null || clientPath.isBlank()) {
            throw FileFault.pathInvalid("empty path");
        }
        if (clientPath.indexOf('\0') >= 0) {
            throw FileFault.pathInvalid("path contains a NUL character");
        }
        if (clientPath.length() > PathSandbox.MAX_PATH_CHARS) {
            throw FileFault.pathInvalid("path is too long");
        }
        String p = clientPath.replace('\\', File.separatorChar).replace('/', File.separatorChar);
        Path r;
        try {
            r = isOsAbsolute(p) ? absolute(p) : null;
            if (r == null) {
                r = relative(p);
            }
        } catch (InvalidPathException e) {
            throw FileFault.pathInvalid("malformed path");
        }
        if (!inside(r, root)) {
            throw FileFault.pathInvalid(PathSandbox.OUTSIDE);
        }
        for (Path name : root.relativize(r)) {
            if (name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PathSandbox.MAX_NAME_BYTES) {
                throw FileFault.pathInvalid("file name is too long");
            }
        }
        checkNoLink(r);
        return r;
    }

    /** Whether {@code p} is the root itself. */
    public boolean isRoot(Path p) {
        return p.equals(root);
    }

    /** Root-relative form with '/' separators ("" for the root). */
    public String toClientPath(Path absolute) {
        return sandbox.toClientPath(absolute);
    }

    private static boolean isOsAbsolute(String p) {
        if (WINDOWS) {
            return p.startsWith("\\\\") || (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':');
        }
        return p.startsWith("/");
    }

    /** Step 3: the absolute form when it lies inside the root; null to read it as root-relative. */
    private Path absolute(String p) {
        Path abs = Path.of(p).toAbsolutePath().normalize();
        if (inside(abs, root)) {
            return abs;
        }
        if (!alias.equals(root) && inside(abs, alias)) {
            return root.resolve(alias.relativize(abs).toString()).normalize();
        }
        if (FileIo.lstat(abs) != null) {
            throw FileFault.pathInvalid("a real path outside the root is never reinterpreted");
        }
        if (WINDOWS && p.length() >= 2 && p.charAt(1) == ':') {
            throw FileFault.pathInvalid("a drive-qualified path outside the root");
        }
        return null;
    }

    /** Step 4: leading separators stripped, appended to the root, '.' and '..' resolved lexically. */
    private Path relative(String p) {
        int i = 0;
        while (i < p.length() && p.charAt(i) == File.separatorChar) {
            i++;
        }
        String rest = p.substring(i);
        return rest.isEmpty() ? root : root.resolve(rest).normalize();
    }

    private static boolean inside(Path p, Path dir) {
        if (!WINDOWS) {
            return p.startsWith(dir);
        }
        if (p.getNameCount() < dir.getNameCount()
                || !String.valueOf(p.getRoot()).equalsIgnoreCase(String.valueOf(dir.getRoot()))) {
            return false;
        }
        for (int i = 0; i < dir.getNameCount(); i++) {
            if (!p.getName(i).toString().equalsIgnoreCase(dir.getName(i).toString())) {
                return false;
            }
        }
        return true;
    }

    /** Step 6: from the root down to the deepest existing component, nothing may be a link. */
    private void checkNoLink(Path r) {
        Path cur = root;
        for (Path name : root.relativize(r)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            cur = cur.resolve(name.toString());
            BasicFileAttributes a = FileIo.lstat(cur);
            if (a == null) {
                return;
            }
            // on Windows a junction / reparse point reads as "other" when not followed
            if (a.isSymbolicLink() || (WINDOWS && a.isOther())) {
                throw FileFault.pathInvalid("a symbolic link below the root");
            }
        }
    }
}
