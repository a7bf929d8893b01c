package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.awaitHistoryContains;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.history;
import static dev.mfp.daemon.support.Instances.status;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.ChildDaemon;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * extensions.md §4 with real daemons in their own JVMs ({@link ChildDaemon}) and the testkit server: servers keep
 * running when the daemon is killed or detaches, and the next daemon re-adopts them — status, commands, stop,
 * reports, and the console output written meanwhile, each line exactly once and in order. The servers watch this
 * test JVM ({@code testkit.watchPid}) instead of their daemon, and every one is killed in {@link #cleanUp}.
 */
class ReadoptionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Path work;
    private final List<Long> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("mfp-readopt");
        Path jar = work.resolve("daemon/caches/uploads/fake-server.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(FakeServer.serverJar(), jar);
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (long pid : servers) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
        for (long pid : servers) {
            ProcessHandle.of(pid).ifPresent(ReadoptionTest::awaitGone);
        }
        TestDaemon.deleteTree(work);
    }

    @Test
    void aServerOfAKilledDaemonIsReadoptedWithEveryLinePrintedMeanwhileExactlyOnce() throws Exception {
        UUID id;
        ProcessHandle server;
        try (ChildDaemon first = ChildDaemon.start(work)) {
            MfpClient c = first.client();
            id = addAndStart(c, "readopted");
            server = serverOf(id);
            c.call("send_to_instance", params("id", id.toString(), "message", "testkit tick 80 25"));
            awaitHistoryContains(c, id, "tick 10");
            first.killHard();
        }
        assertThat(server.isAlive()).as("the server outlived the killed daemon").isTrue();
        // lines are printed while no daemon runs
        await().atMost(WAIT).until(() -> Files.readString(consoleLog(id, "stdout.log")).contains("tick 40"));

        try (ChildDaemon second = ChildDaemon.start(work)) {
            MfpClient c = second.client();
            assertThat(status(c, id)).isEqualTo("running");
            awaitHistoryContains(c, id, "tick done");
            List<String> ticks = history(c, id).stream().filter(l -> l.matches("tick \\d+")).toList();
            assertThat(ticks).as("every line once, in order, also those printed while no daemon ran")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 80).mapToObj(i -> "tick " + i).toList());

            c.call("send_to_instance", params("id", id.toString(), "message", "say still here"));
            awaitHistoryContains(c, id, "[Server] still here");
            JsonNode report = Instances.report(c, id);
            assertThat(report.get("performance_counter").get("memory").asLong()).as("memory of the adopted process")
                    .isPositive();

            MfpV2Client v2 = second.v2();
            JsonNode r2 = v2.call("mcsl.instance.report.get", Map.of("instance_id", id.toString()));
            assertThat(r2.get("status").asText()).isEqualTo("running");
            assertThat(r2.get("process_id").asLong()).isEqualTo(server.pid());
            List<String> logs = new ArrayList<>();
            v2.call("mcsl.instance.log.get", Map.of("instance_id", id.toString())).get("logs")
                    .forEach(l -> logs.add(l.asText()));
            assertThat(logs).contains("tick 1", "tick 80");
            v2.call("mcsl.instance.command.send", Map.of("instance_id", id.toString(), "command", "say over v2"));
            awaitHistoryContains(c, id, "[Server] over v2");
            v2.close();

            c.call("stop_instance", params("id", id.toString()));
            awaitStatus(c, id, "stopped");
            awaitGone(server);
            assertThat(history(c, id)).anyMatch(l -> l.contains("Saving worlds"));
            assertThat(work.resolve("daemon/instances/" + id + "/daemon_run_state.json")).doesNotExist();
        }
    }

    @Test
    void aGoneServerIsSettledByItsOutputAndAReusedPidIsNotAdopted() throws Exception {
        UUID crashed;
        UUID forged;
        UUID halted;
        ProcessHandle server;
        ProcessHandle haltedServer;
        long grandchild;
        UUID ptyRun;
        Process impostor = null;
        Process ptyServer = null;
        try {
            try (ChildDaemon first = ChildDaemon.start(work)) {
                MfpClient c = first.client();
                crashed = addAndStart(c, "crashes-meanwhile");
                forged = addAndStart(c, "forged");
                halted = addAndStart(c, "halted-with-its-tree");
                var pty = Instances.mcSetting("pty-run", "caches/uploads/fake-server.jar");
                ptyRun = UUID.fromString(c.call("add_instance", params("setting", pty)).get("config").get("uuid")
                        .asText());
                haltedServer = serverOf(halted);
                c.call("send_to_instance", params("id", halted.toString(), "message", "testkit spawn-child"));
                awaitHistoryContains(c, halted, "spawned child");
                grandchild = Long.parseLong(history(c, halted).stream().filter(l -> l.contains("spawned child"))
                        .findFirst().orElseThrow().replaceAll(".*spawned child ", "").trim());
                servers.add(grandchild);
                server = serverOf(crashed);
                ProcessHandle forgedServer = serverOf(forged);
                c.call("stop_instance", params("id", forged.toString()));
                awaitStatus(c, forged, "stopped");
                awaitGone(forgedServer);
                first.killHard();
            }
            // while no daemon runs, the server crashes (a command through its FIFO, as a daemon would send it)
            try (OutputStream in = Files.newOutputStream(work.resolve("daemon/consoles/" + crashed + "/stdin"),
                    StandardOpenOption.WRITE)) {
                in.write("testkit crash\n".getBytes(StandardCharsets.UTF_8));
            }
            server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            // a run state naming a live process in the instance's directory, but with another start time (reused pid)
            Path forgedDir = work.resolve("daemon/instances/" + forged);
            impostor = new ProcessBuilder("sleep", "600").directory(forgedDir.toFile()).start();
            Files.writeString(forgedDir.resolve("daemon_run_state.json"), "{\"pid\":" + impostor.pid()
                    + ",\"start_time\":\"2020-01-01T00:00:00Z\",\"console\":\"files\"}");

            // a live server of a PTY run (its terminal was the killed daemon's): not re-adoptable, a stray
            Path ptyDir = work.resolve("daemon/instances/" + ptyRun);
            ptyServer = new ProcessBuilder("sleep", "600").directory(ptyDir.toFile()).start();
            servers.add(ptyServer.pid());
            Files.writeString(ptyDir.resolve("daemon_run_state.json"), "{\"pid\":" + ptyServer.pid()
                    + ",\"start_time\":\"" + ptyServer.info().startInstant().orElseThrow() + "\",\"console\":\"pty\"}");

            try (ChildDaemon second = ChildDaemon.start(work)) {
                MfpClient c = second.client();
                assertThat(status(c, ptyRun)).as("a stray is reported running").isEqualTo("running");
                assertThat(Requests.code(() -> c.call("send_to_instance", params("id", ptyRun.toString(), "message",
                        "x")))).as("a stray has no console").isEqualTo(30003);
                c.call("kill_instance", params("id", ptyRun.toString()));
                assertThat(status(c, ptyRun)).isEqualTo("stopped");
                assertThat(ptyServer.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(status(c, crashed)).as("the crash line it printed meanwhile").isEqualTo("crashed");
                assertThat(history(c, crashed)).anyMatch(l -> l.contains("Minecraft has crashed!"));
                assertThat(status(c, forged)).isEqualTo("stopped");
                assertThat(impostor.isAlive()).as("the other process is not touched").isTrue();
                assertThat(forgedDir.resolve("daemon_run_state.json")).doesNotExist();
                // halt of an adopted server kills its whole tree (v2 instances.md §3.5)
                assertThat(status(c, halted)).isEqualTo("running");
                MfpV2Client v2 = second.v2();
                JsonNode tree = v2.call("mcsl.instance.report.get", Map.of("instance_id", halted.toString()));
                assertThat(tree.get("process_id").asLong()).isEqualTo(haltedServer.pid());
                assertThat(haltedServer.descendants().map(ProcessHandle::pid)).contains(grandchild);
                v2.call("mcsl.instance.halt", Map.of("instance_id", halted.toString()));
                assertThat(status(c, halted)).isEqualTo("stopped");
                awaitGone(haltedServer);
                ProcessHandle.of(grandchild).ifPresent(ReadoptionTest::awaitGone);
                v2.close();
                // and the crashed one starts again normally
                c.call("start_instance", params("id", crashed.toString()));
                awaitStatus(c, crashed, "running");
                servers.add(serverOf(crashed).pid());
            }
        } finally {
            if (impostor != null) {
                impostor.destroyForcibly().waitFor();
            }
            if (ptyServer != null) {
                ptyServer.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void detachLeavesServersRunningAcrossAGracefulRestartAndStopStillStops() throws Exception {
        UUID id;
        ProcessHandle server;
        try (ChildDaemon first = ChildDaemon.withArgs(work, "--detach")) {
            MfpClient c = first.client();
            id = addAndStart(c, "detached");
            server = serverOf(id);
            c.call("send_to_instance", params("id", id.toString(), "message", "testkit tick 40 25"));
            awaitHistoryContains(c, id, "tick 5");
        } // SIGTERM: a graceful shutdown
        assertThat(server.isAlive()).as("--detach left it running").isTrue();

        Path config = work.resolve("config.json");
        var cfg = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(config.toFile());
        cfg.put("shutdown_policy", "detach");
        Files.writeString(config, cfg.toString());
        try (ChildDaemon second = ChildDaemon.start(work)) {
            MfpClient c = second.client();
            assertThat(status(c, id)).isEqualTo("running");
            awaitHistoryContains(c, id, "tick done");
            List<String> ticks = history(c, id).stream().filter(l -> l.matches("tick \\d+")).toList();
            assertThat(ticks).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "tick " + i)
                    .toList());
        }
        assertThat(server.isAlive()).as("shutdown_policy detach left it running").isTrue();

        cfg.put("shutdown_policy", "stop");
        Files.writeString(config, cfg.toString());
        try (ChildDaemon third = ChildDaemon.start(work)) {
            MfpClient c = third.client();
            assertThat(status(c, id)).isEqualTo("running");
            c.call("send_to_instance", params("id", id.toString(), "message", "say third"));
            awaitHistoryContains(c, id, "[Server] third");
        }
        awaitGone(server); // the stop policy stops it
        assertThat(work.resolve("daemon/instances/" + id + "/daemon_run_state.json")).doesNotExist();
    }

    @Test
    void anInvalidShutdownPolicyIsAClearError() {
        var bad = Json.mapper().createObjectNode().put("shutdown_policy", "linger");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InstanceSettings.from(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdown_policy")
                .hasMessageContaining("\"stop\" or \"detach\"");
        assertThat(InstanceSettings.from(Json.mapper().createObjectNode()).shutdownPolicy())
                .isEqualTo(ShutdownPolicy.STOP);
    }

    /**
     * Waits until {@code h} is gone: a server of an earlier daemon is not this JVM's child, and after its exit it
     * stays a zombie until the init process reaps it (the daemon counts a zombie as exited).
     */
    private static void awaitGone(ProcessHandle h) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !h.isAlive());
    }

    private UUID addAndStart(MfpClient c, String name) throws IOException {
        var setting = Instances.mcSetting(name, "caches/uploads/fake-server.jar",
                "-Dtestkit.watchPid=" + ProcessHandle.current().pid());
        UUID id = UUID.fromString(c.call("add_instance", params("setting", setting)).get("config").get("uuid")
                .asText());
        Files.writeString(work.resolve("daemon/instances/" + id + "/server.properties"),
                "server-port=" + FakeServer.freePort() + "\n", StandardCharsets.UTF_8);
        c.call("start_instance", params("id", id.toString()));
        awaitStatus(c, id, "running");
        servers.add(serverOf(id).pid());
        return id;
    }

    private ProcessHandle serverOf(UUID id) throws IOException {
        long pid = Json.mapper().readTree(work.resolve("daemon/instances/" + id + "/daemon_run_state.json").toFile())
                .get("pid").asLong();
        return ProcessHandle.of(pid).orElseThrow();
    }

    private Path consoleLog(UUID id, String name) {
        return work.resolve("daemon/consoles/" + id + "/" + name);
    }
}
