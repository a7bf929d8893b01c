package dev.mfp.daemon.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.instance.process.RunAs;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code daemon_run_state.json} in the instance directory (owner-only): the pid and start time of the server while
 * it runs, so that a daemon started after a crash of the previous one can recognise a server that is still running.
 * The file lies where file tokens can write, so it is only a hint: a process counts as the instance's when it is
 * alive, started at the recorded time (±5 s: the JDK derives a start time from the boot time and the clock, which
 * a stepped or slewed clock moves) and — where {@code /proc} shows it — works in the instance directory.
 */
final class RunStateFile {
    private static final Logger LOG = LoggerFactory.getLogger(RunStateFile.class);
    private static final Duration START_TOLERANCE = Duration.ofSeconds(5);

    private RunStateFile() {
    }

    /** How the console of a run is connected: only {@link #FILES} runs can be re-adopted. */
    static final String FILES = "files";
    static final String PIPE = "pipe";
    static final String PTY = "pty";

    /** What the file says: the process and how its console was connected (absent in files of older versions). */
    record Recorded(long pid, Instant start, String console) {
    }

    static void write(Path dir, ProcessHandle p, String console) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("pid", p.pid());
        n.put("console", console);
        n.put("start_time", p.info().startInstant().map(Instant::toString).orElse(null));
        try {
            AtomicFiles.writeOwnerOnly(dir.resolve(InstanceLayout.RUN_STATE_FILE), Json.mapper().writeValueAsBytes(n));
        } catch (IOException e) {
            LOG.warn("cannot record the process of {}: {}", dir.getFileName(), e.toString());
        }
    }

    static void clear(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(InstanceLayout.RUN_STATE_FILE));
        } catch (IOException e) {
            LOG.warn("cannot delete {} of {}: {}", InstanceLayout.RUN_STATE_FILE, dir.getFileName(), e.toString());
        }
    }

    /** The trusted, readable record; otherwise empty (and a stale or foreign file is deleted). */
    static Optional<Recorded> read(Path dir, RunAs runAs) {
        Path f = dir.resolve(InstanceLayout.RUN_STATE_FILE);
        if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!runAs.trusts(f)) {
            clear(dir);
            return Optional.empty();
        }
        try {
            JsonNode n = Json.mapper().readTree(f.toFile());
            JsonNode pid = n == null ? null : n.get("pid");
            JsonNode start = n == null ? null : n.get("start_time");
            if (pid != null && pid.canConvertToLong() && start != null && start.isTextual()) {
                JsonNode console = n.get("console");
                return Optional.of(new Recorded(pid.asLong(), Instant.parse(start.asText()),
                        console != null && console.isTextual() ? console.asText() : PIPE));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable {} of {}: {}", InstanceLayout.RUN_STATE_FILE, dir.getFileName(), e.toString());
        }
        clear(dir);
        return Optional.empty();
    }

    /**
     * The recorded process if it is still this instance's server: alive, started at the recorded time and working
     * in {@code dir}; otherwise empty.
     */
    static Optional<ProcessHandle> live(Recorded r, Path dir) {
        return ProcessHandle.of(r.pid()).filter(dev.mfp.daemon.instance.process.Liveness::alive)
                .filter(h -> h.info().startInstant().map(s ->
                        Duration.between(s, r.start()).abs().compareTo(START_TOLERANCE) <= 0).orElse(false))
                .filter(h -> worksIn(h, dir));
    }

    /** Linux: the process's working directory is {@code dir}; true where that cannot be seen. */
    private static boolean worksIn(ProcessHandle h, Path dir) {
        Path cwd = Path.of("/proc", Long.toString(h.pid()), "cwd");
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return true;
        }
        try {
            return Files.isSameFile(cwd.toRealPath(), dir.toRealPath());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
