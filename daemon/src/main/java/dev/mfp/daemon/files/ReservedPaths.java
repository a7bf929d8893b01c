package dev.mfp.daemon.files;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * The daemon's own registry inside the root, which file actions must not touch (hardening item 2): a file
 * permission must not turn into command execution by rewriting {@code instances/<id>/daemon_instance.json}
 * (java path, arguments) or by planting a new instance directory that is loaded at the next start.
 *
 * <p>Rules, on the checked, link-free absolute path of an entry:
 * <ul>
 *   <li>{@code instances} itself and its direct children are created, renamed, moved and deleted only by the
 *       instance actions; nothing may be created below an {@code instances/<id>} that does not exist (that
 *       would create the child);</li>
 *   <li>the daemon's files directly in an instance directory ({@link #DAEMON_FILES}, with their temporary
 *       files) are never written, created, renamed or deleted through file actions;</li>
 *   <li>reading the registry file (download, copy) needs {@code mcsl.daemon.instance.settings.read}, since it
 *       holds the instance's {@code env};</li>
 *   <li>the top-level {@link #DAEMON_DIRS} (audit log, metrics history, backups, operations, plans, automation) and
 *       everything in them are never written, created, renamed or deleted through file actions; reading or copying
 *       {@code backups} needs the settings permission (archives hold registry files).</li>
 * </ul>
 * Every refusal is {@code 21006 File Access Failed}.
 */
public final class ReservedPaths {
    public static final String INSTANCES = "instances";
    public static final String REGISTRY_FILE = "daemon_instance.json";
    public static final String METADATA_FILE = "daemon_install_metadata.json";
    public static final String RUN_STATE_FILE = "daemon_run_state.json";
    /** An installer run recorded by a settings update for the next start. */
    public static final String PENDING_INSTALL_FILE = "daemon_pending_install.json";
    /** The files the daemon keeps in every instance directory. */
    public static final Set<String> DAEMON_FILES = Set.of(REGISTRY_FILE, METADATA_FILE, RUN_STATE_FILE,
            PENDING_INSTALL_FILE);
    private static final String OWNED = "belongs to the daemon; use the instance actions";
    /**
     * Top-level directories only the daemon writes: the audit log (v2 audit.md), the metrics history (v2
     * monitoring.md), the backup archives and their index, the operations, the plans and the automation policies; a
     * file permission must not erase them, nor forge an index a restore would trust. Reading a backup needs the settings permission too.
     */
    public static final Set<String> DAEMON_DIRS = Set.of("audit", "monitoring", "backups", "operations", "plans",
            "automation", ReservedPaths.CONSOLES);
    /**
     * The servers' console files (stdin FIFOs, output logs, delivered offsets, extensions.md §4): never readable
     * through file actions either — reading a FIFO would take a server's commands, and the logs are the console
     * history, which has its own permission.
     */
    public static final String CONSOLES = "consoles";
    /** Backup archives hold a copy of every instance's registry file (its {@code env}). */
    private static final String BACKUPS = "backups";

    private final Path root;

    /** @param root the real path of the daemon root */
    public ReservedPaths(Path root) {
        this.root = root;
    }

    /** Whether {@code name} is one of the daemon's files or a temporary file of one. */
    public static boolean isDaemonFileName(String name) {
        if (DAEMON_FILES.contains(name)) {
            return true;
        }
        return name.startsWith(".") && name.endsWith(".tmp")
                && DAEMON_FILES.contains(name.substring(1, name.length() - ".tmp".length()));
    }

    /**
     * Refuses to create, write, rename, move or delete the entry at {@code p} (or, for {@code p} not existing,
     * to create it with its missing parents).
     */
    public void checkWritable(Path p) {
        Path rel = relative(p);
        if (rel != null && DAEMON_DIRS.contains(rel.getName(0).toString())) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + clientPath(rel) + "' belongs to the daemon");
        }
        if (rel == null || !rel.getName(0).toString().equals(INSTANCES)) {
            return;
        }
        int n = rel.getNameCount();
        if (n <= 2) {
            throw refused(p);
        }
        if (n == 3 && isDaemonFileName(rel.getName(2).toString())) {
            throw refused(p);
        }
        if (!Files.isDirectory(root.resolve(INSTANCES).resolve(rel.getName(1)), LinkOption.NOFOLLOW_LINKS)) {
            throw refused(root.resolve(INSTANCES).resolve(rel.getName(1)));
        }
    }

    /** Whether {@link #checkWritable} lets {@code p} pass. */
    public boolean allowsWrite(Path p) {
        try {
            checkWritable(p);
            return true;
        } catch (DaemonError e) {
            return false;
        }
    }

    /** Whether {@link #checkReadableFile} lets {@code file} pass. */
    public boolean allowsRead(Path file, boolean maySeeSettings) {
        try {
            checkReadableFile(file, maySeeSettings);
            return true;
        } catch (DaemonError e) {
            return false;
        }
    }

    /** Whether {@link #checkReadableTree} lets {@code dir} pass. */
    public boolean allowsTreeRead(Path dir, boolean maySeeSettings) {
        try {
            checkReadableTree(dir, maySeeSettings);
            return true;
        } catch (DaemonError e) {
            return false;
        }
    }

    /** Refuses to read {@code file} (a regular file, link-free) for a token that may not read settings. */
    public void checkReadableFile(Path file, boolean maySeeSettings) {
        Path rel = relative(file);
        if (rel != null && rel.getName(0).toString().equals(CONSOLES)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + clientPath(rel) + "' belongs to the daemon");
        }
        if (maySeeSettings) {
            return;
        }
        if (rel != null && rel.getName(0).toString().equals(BACKUPS)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + clientPath(rel)
                    + "' holds copies of instance settings; it needs mcsl.daemon.instance.settings.read");
        }
        if (rel != null && rel.getNameCount() == 3 && rel.getName(0).toString().equals(INSTANCES)
                && rel.getName(2).toString().equals(REGISTRY_FILE)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + clientPath(rel)
                    + "' holds instance settings; it needs mcsl.daemon.instance.settings.read");
        }
    }

    /** Refuses to copy a directory tree that contains a registry file for a token that may not read settings. */
    public void checkReadableTree(Path dir, boolean maySeeSettings) {
        Path rel = relative(dir);
        if (rel != null && rel.getName(0).toString().equals(CONSOLES)) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + (rel == null ? "" : clientPath(rel))
                    + "' holds the daemon's console files; it cannot be copied");
        }
        if (maySeeSettings) {
            return;
        }
        boolean holdsRegistry = rel == null || rel.getName(0).toString().equals(BACKUPS)
                || (rel.getName(0).toString().equals(INSTANCES) && rel.getNameCount() <= 2);
        if (holdsRegistry) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + (rel == null ? "" : clientPath(rel))
                    + "' holds instance settings; copying it needs mcsl.daemon.instance.settings.read");
        }
    }

    /** The root-relative path; null for the root itself and outside it. */
    private Path relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            return null;
        }
        Path rel = root.relativize(abs);
        return rel.toString().isEmpty() ? null : rel;
    }

    private DaemonError refused(Path p) {
        Path rel = relative(p);
        return new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + (rel == null ? "" : clientPath(rel)) + "' " + OWNED);
    }

    private static String clientPath(Path rel) {
        return rel.toString().replace('\\', '/');
    }
}
