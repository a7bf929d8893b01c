package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.ChildDaemon;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * After a {@code kill -9} of the daemon its server keeps running; the next daemon must see that process (recorded
 * pid + start time, and its working directory), re-adopt it, and refuse to start a second server in the same
 * directory; a run state naming another process or a gone one is not taken.
 */
class StrayProcessTest {
    private static final String RUN_STATE = "daemon_run_state.json";

    @Test
    void aServerLeftRunningByAKilledDaemonIsDetectedAndNotStartedTwice() throws Exception {
        Path work = Files.createTempDirectory("mfp-stray");
        long strayPid = -1;
        long otherPid = -1;
        try {
            UUID id;
            UUID other;
            UUID forged;
            UUID dead;
            try (ChildDaemon first = ChildDaemon.start(work)) {
                MfpClient c = first.client();
                Path script = work.resolve("daemon/caches/uploads/idle.sh");
                Files.createDirectories(script.getParent());
                Files.writeString(script, "#!/bin/sh\nexec sleep 600\n");
                id = add(c, "left-running");
                other = add(c, "also-left-running");
                forged = add(c, "forged-run-state");
                dead = add(c, "dead-run-state");
                c.call("start_instance", params("id", id.toString()));
                assertThat(Instances.status(c, id)).isEqualTo("running");
                strayPid = ProcessHandle.of(first.pid()).orElseThrow().descendants()
                        .filter(p -> p.info().command().orElse("").endsWith("sleep")).findFirst().orElseThrow().pid();
                c.call("start_instance", params("id", other.toString()));
                long known = strayPid;
                otherPid = ProcessHandle.of(first.pid()).orElseThrow().descendants()
                        .filter(p -> p.info().command().orElse("").endsWith("sleep") && p.pid() != known)
                        .findFirst().orElseThrow().pid();
                first.killHard();
            }
            ProcessHandle stray = ProcessHandle.of(strayPid).orElseThrow();
            ProcessHandle otherStray = ProcessHandle.of(otherPid).orElseThrow();
            assertThat(stray.isAlive()).as("the server outlived the killed daemon").isTrue();
            // a run state naming a live process that is not this instance's (this JVM, with its real start time)
            ProcessHandle me = ProcessHandle.current();
            Files.writeString(work.resolve("daemon/instances/" + forged + "/" + RUN_STATE), "{\"pid\":" + me.pid()
                    + ",\"start_time\":\"" + me.info().startInstant().orElseThrow() + "\"}");
            // and one naming a process that has ended
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Files.writeString(work.resolve("daemon/instances/" + dead + "/" + RUN_STATE), "{\"pid\":" + gone.pid()
                    + ",\"start_time\":\"2020-01-01T00:00:00Z\"}");

            try (TestDaemon second = TestDaemon.startIn(work)) {
                MfpClient c = second.client();
                assertThat(Instances.status(c, id)).as("reported while its process lives").isEqualTo("running");
                assertThat(code(() -> c.call("start_instance", params("id", id.toString())))).isEqualTo(30003);
                assertThat(code(() -> c.call("remove_instance", params("id", id.toString())))).isEqualTo(30003);
                Path runState = work.resolve("daemon/instances/" + id + "/" + RUN_STATE);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runState))).isEqualTo("rw-------");
                assertThat(Json.mapper().readTree(runState.toFile()).get("pid").asLong()).isEqualTo(strayPid);
                assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count())
                        .as("no second server").isZero();
                assertThat(Instances.status(c, forged)).isEqualTo("stopped");
                assertThat(Instances.status(c, dead)).isEqualTo("stopped");

                // re-adopted (extensions.md §4): its console is connected again (ReadoptionTest covers the rest)
                c.call("send_to_instance", params("id", id.toString(), "message", "x"));

                // the web client's Restart: stop (SIGTERM to the stray), then start, which waits for its exit
                c.call("stop_instance", params("id", id.toString()));
                c.call("start_instance", params("id", id.toString()));
                org.awaitility.Awaitility.await().atMost(Instances.WAIT).until(() -> !stray.isAlive()); // reaped by init
                assertThat(Instances.status(c, id)).isEqualTo("running");
                assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isEqualTo(1);
                c.call("kill_instance", params("id", id.toString()));
                awaitStatus(c, id, "stopped");

                assertThat(Instances.status(c, other)).isEqualTo("running");
                c.call("kill_instance", params("id", other.toString()));
                org.awaitility.Awaitility.await().atMost(Instances.WAIT).until(() -> !otherStray.isAlive());
                assertThat(Instances.status(c, other)).isEqualTo("stopped");
                assertThat(work.resolve("daemon/instances/" + other + "/" + RUN_STATE)).doesNotExist();
            }
        } finally {
            ProcessHandle.of(strayPid).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(otherPid).ifPresent(ProcessHandle::destroyForcibly);
            TestDaemon.deleteTree(work);
        }
        TestDaemon.assertNoChildProcesses();
    }

    private static UUID add(MfpClient c, String name) {
        ObjectNode s = Instances.mcSetting(name, "caches/uploads/idle.sh");
        s.put("instance_type", "universal");
        s.put("target", "idle.sh");
        s.put("target_type", "executable");
        s.put("mc_version", "");
        return UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
    }
}
