package dev.mfp.daemon.instance.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs each instance in a session (and so a process group) of its own on Linux, through {@code setsid}, so that
 * what a server leaves behind when it exits on its own — a grandchild it did not wait for — can still be found
 * and killed: the stray keeps the group id even after it was re-parented away from the server. Elsewhere, or
 * without {@code setsid}, processes start as before and only trees that are still connected are killed.
 */
public final class ProcessGroups {
    private static final Path SETSID = find("setsid");
    private static final Path KILL = find("kill");

    private ProcessGroups() {
    }

    public static boolean available() {
        return SETSID != null && KILL != null;
    }

    /**
     * Starts {@code pb} in its own session when possible. The command is wrapped only if its executable can be
     * found, so that a missing one still fails in {@code start()} as it always did. Returns whether it was.
     */
    public static boolean startGrouped(ProcessBuilder pb, Process[] started) throws IOException {
        List<String> original = pb.command();
        boolean wrap = available() && executableExists(original.get(0), pb.environment(), pb.directory());
        if (!wrap) {
            started[0] = pb.start();
            return false;
        }
        List<String> wrapped = new ArrayList<>(original.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(original);
        pb.command(wrapped);
        try {
            // setsid only forks when it already leads a group, which a freshly spawned child never does, so the
            // server keeps the pid we get here, and that pid is also its process group id.
            started[0] = pb.start();
        } finally {
            pb.command(original);
        }
        return true;
    }

    /** SIGKILL to every process still in the group {@code pgid}; harmless when it is empty. */
    public static void killGroup(long pgid) {
        if (KILL == null) {
            return;
        }
        try {
            Process k = new ProcessBuilder(KILL.toString(), "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!k.waitFor(5, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            // nothing we can do; the tree kill still ran
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean executableExists(String command, Map<String, String> env, File dir) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            if (!p.isAbsolute() && dir != null) {
                p = dir.toPath().resolve(p);
            }
            return Files.isRegularFile(p) && Files.isExecutable(p);
        }
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, command);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static Path find(String name) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String d : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
