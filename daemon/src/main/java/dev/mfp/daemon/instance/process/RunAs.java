package dev.mfp.daemon.instance.process;

import dev.mfp.daemon.files.ReservedPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who game servers (and installers) run as (hardening item 2). A daemon running as root starts them as the
 * unprivileged {@code instance_user} (default {@value #DEFAULT_USER}, created as a system user when missing)
 * through util-linux {@code setpriv}, after handing the instance directory to that user; the daemon's own files
 * in it stay root's ({@code 0600}). A daemon not running as root starts them as itself. See docs/instances.md.
 */
public final class RunAs {
    public static final String DEFAULT_USER = "mfp-server";
    /** Runs processes as the daemon's own user. */
    public static final RunAs SELF = new RunAs(null, null, -1, -1, null, null, null);
    private static final Logger LOG = LoggerFactory.getLogger(RunAs.class);
    private static final String SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String user;
    private final String group;
    private final int uid;
    private final int gid;
    private final Path setpriv;
    private final UserPrincipal owner;
    private final GroupPrincipal groupOwner;

    private RunAs(String user, String group, int uid, int gid, Path setpriv, UserPrincipal owner,
            GroupPrincipal groupOwner) {
        this.user = user;
        this.group = group;
        this.uid = uid;
        this.gid = gid;
        this.setpriv = setpriv;
        this.owner = owner;
        this.groupOwner = groupOwner;
    }

    /**
     * Resolves config {@code instance_user} ({@code null}: the default). As root: that user (created if it is the
     * default and missing; {@code "root"} keeps servers running as root, with a warning). Not root: {@link #SELF}.
     */
    public static RunAs configure(String configured, Path daemonRoot) {
        int self = daemonUid();
        if (self != 0) {
            if (configured != null && !configured.isBlank()) {
                LOG.warn("instance_user '{}' is ignored: the daemon does not run as root, servers run as its user",
                        configured);
            }
            return SELF;
        }
        String name = configured == null || configured.isBlank() ? DEFAULT_USER : configured.trim();
        if (name.equals("root") || name.equals("0")) {
            LOG.warn("instance_user is root: game servers run as root and can take over the host");
            return SELF;
        }
        Path setpriv = ProcessGroups.find("setpriv");
        if (setpriv == null) {
            throw new IllegalStateException("the daemon runs as root but util-linux setpriv was not found: install it,"
                    + " or set instance_user to \"root\" to run game servers as root");
        }
        if (idOf(name, "-u") == null && name.equals(DEFAULT_USER)) {
            createSystemUser(name);
            if (idOf(name, "-u") == null && idOf("nobody", "-u") != null) {
                LOG.warn("cannot create the user {}; game servers run as nobody", name);
                name = "nobody";
            }
        }
        String uid = idOf(name, "-u");
        String group = idOf(name, "-gn");
        String gid = idOf(name, "-g");
        if (uid == null || group == null || gid == null) {
            throw new IllegalStateException("instance_user '" + name + "' does not exist");
        }
        if (uid.equals("0")) {
            throw new IllegalStateException("instance_user '" + name + "' has uid 0; choose an unprivileged user");
        }
        try {
            UserPrincipalLookupService lookup = daemonRoot.getFileSystem().getUserPrincipalLookupService();
            RunAs r = new RunAs(name, group, Integer.parseInt(uid), Integer.parseInt(gid), setpriv,
                    lookup.lookupPrincipalByName(name),
                    lookup.lookupPrincipalByGroupName(group));
            r.openPathTo(daemonRoot);
            LOG.info("game servers run as {} (uid {})", name, uid);
            return r;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot use instance_user '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Whether processes are switched to another user. */
    public boolean switches() {
        return user != null;
    }

    public String user() {
        return user;
    }

    /**
     * Rewrites {@code pb} so that its command runs as the instance user: {@code setpriv} (with a bare environment,
     * so nothing of the instance's {@code env} can act on it while it is still root) switches user and group,
     * drops supplementary groups and forbids regaining privileges, then {@code env -i} sets the instance's
     * environment for the server.
     */
    public void apply(ProcessBuilder pb) {
        if (!switches()) {
            return;
        }
        Map<String, String> env = pb.environment();
        env.put("HOME", pb.directory() != null ? pb.directory().getAbsolutePath() : "/");
        env.put("USER", user);
        env.put("LOGNAME", user);
        List<String> cmd = new ArrayList<>();
        cmd.add(setpriv.toString());
        cmd.add("--reuid=" + uid);
        cmd.add("--regid=" + group);
        cmd.add("--clear-groups");
        cmd.add("--no-new-privs");
        cmd.add("--");
        cmd.add("/usr/bin/env");
        cmd.add("-i");
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().contains("=")) {
                cmd.add(e.getKey() + "=" + e.getValue());
            }
        }
        cmd.addAll(pb.command());
        pb.command(cmd);
        env.clear();
        env.put("PATH", SAFE_PATH);
    }

    /**
     * Hands {@code dir} and everything in it (links not followed) to the instance user; the daemon's own files
     * directly in it stay the daemon's. The directory becomes {@code 0700}.
     */
    public void own(Path dir) throws IOException {
        if (!switches()) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                chown(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!(f.getParent().equals(dir) && ReservedPaths.isDaemonFileName(f.getFileName().toString()))) {
                    chown(f);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Makes a PTY slave device the instance user's (owner and group, {@code 0600}), as a login does, so that the
     * server can also reopen its terminal by name after the switch. A no-op when processes are not switched.
     */
    public void handOverTerminal(Path slave) throws IOException {
        if (!switches()) {
            return;
        }
        PosixFileAttributeView v = Files.getFileAttributeView(slave, PosixFileAttributeView.class);
        v.setOwner(owner);
        v.setGroup(groupOwner);
        v.setPermissions(PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Whether a daemon file read back from an instance directory was written by the daemon: while servers run as
     * another user, who owns that directory, a file they put there must not be taken for the daemon's.
     */
    public boolean trusts(Path daemonFile) {
        if (!switches()) {
            return true;
        }
        try {
            Object fileUid = Files.getAttribute(daemonFile, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(daemonFile, LinkOption.NOFOLLOW_LINKS);
            boolean ok = fileUid instanceof Integer u && u == daemonUid()
                    && !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
            if (!ok) {
                LOG.warn("ignoring {}: not written by the daemon (owner uid {}, mode {})", daemonFile, fileUid,
                        PosixFilePermissions.toString(perms));
            }
            return ok;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code lchown} to the instance user, only where owner or group differ (a chown also touches ctime). */
    private void chown(Path p) throws IOException {
        java.util.Map<String, Object> ids = Files.readAttributes(p, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        if (ids.get("uid") instanceof Integer u && u == uid && ids.get("gid") instanceof Integer g && g == gid) {
            return;
        }
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        v.setOwner(owner);
        v.setGroup(groupOwner);
    }

    /** The root and {@code instances/} (and the working directory above) must be passable, not listable. */
    private void openPathTo(Path daemonRoot) throws IOException {
        Path real = daemonRoot.toRealPath();
        for (Path p : List.of(real.getParent(), real, real.resolve(ReservedPaths.INSTANCES))) {
            if (p == null || !Files.isDirectory(p)) {
                continue;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
                LOG.info("made {} passable (o+x) so that the instance user can reach its directory", p);
            }
        }
        for (Path p = real.getParent() == null ? null : real.getParent().getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                LOG.warn("{} is not passable by others (o+x): servers running as {} cannot use absolute paths into"
                        + " their directory", p, user);
            }
        }
    }

    private static void createSystemUser(String name) {
        Path useradd = ProcessGroups.find("useradd");
        if (useradd == null) {
            return;
        }
        String out = run(useradd.toString(), "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", name);
        LOG.info("created the system user {} for game servers{}", name, out == null ? " (useradd failed)" : "");
    }

    private static String idOf(String name, String flag) {
        Path id = ProcessGroups.find("id");
        return id == null ? null : run(id.toString(), flag, name);
    }

    /** Output of a short command, or null when it failed. */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The daemon's user id (the owner of {@code /proc/self}); -1 where that cannot be seen. */
    public static int daemonUid() {
        try {
            Object u = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return u instanceof Integer i ? i : -1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
