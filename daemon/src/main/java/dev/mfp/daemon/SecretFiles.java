package dev.mfp.daemon;

import dev.mfp.daemon.files.ReservedPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets are owner-only (hardening item 3): at start {@code config.json} (tokens, secret) and the daemon's files
 * in instance directories ({@code env}) lose every group and other bit, and the daemon root becomes {@code 0700}
 * ({@code 0701} as root, where servers run as another user who must reach its directory);
 * what was changed is logged once. New files are created owner-only where they are written.
 */
final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /** Tightens what is there; returns what was changed ("path 0644 -> 0600"), already logged. */
    static List<String> tighten(Path configFile, Path root) {
        List<String> changed = new ArrayList<>();
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return changed;
        }
        restrict(configFile, changed, false);
        // as root, servers run as another user, who must pass through the root (RunAs keeps it o+x)
        restrict(root, changed, dev.mfp.daemon.instance.process.RunAs.daemonUid() == 0);
        Path instances = root.resolve(ReservedPaths.INSTANCES);
        if (Files.isDirectory(instances, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(instances)) {
                for (Path d : dirs) {
                    for (String name : ReservedPaths.DAEMON_FILES) {
                        restrict(d.resolve(name), changed, false);
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot list {}: {}", instances, e.toString());
            }
        }
        if (!changed.isEmpty()) {
            LOG.info("secrets made owner-only ({}): {}", changed.size(), String.join(", ", changed));
        }
        return changed;
    }

    /** Drops group and other bits of a file or directory (not through a link). */
    private static void restrict(Path p, List<String> changed, boolean keepPassable) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
                return;
            }
            PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = v.readAttributes().permissions();
            Set<PosixFilePermission> tight = new HashSet<>(perms);
            tight.removeAll(OTHERS);
            if (keepPassable && perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                tight.add(PosixFilePermission.OTHERS_EXECUTE);
            }
            if (!tight.equals(perms)) {
                v.setPermissions(tight);
                changed.add(p + " " + octal(perms) + " -> " + octal(tight));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot make {} owner-only: {}", p, e.toString());
        }
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission x : perms) {
            m |= 1 << (8 - x.ordinal());
        }
        return String.format("%04o", m);
    }
}
