package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.awaitHistoryContains;
import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.history;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Instances.status;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.V1Console;
import dev.mfp.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The state machine through the real daemon, client and fake server processes. */
@DaemonTest(config = "instance_stop_timeout_ms=1500", noChildProcessesAfter = true)
class InstanceLifecycleTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @Test
    void wholeLifecycle() throws Exception {
        UUID id = addServer(d, c, "life");
        V1Console console = V1Console.subscribe(c, id);
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("start_instance", params("id", id.toString()));
        assertThat(status(c, id)).isIn("starting", "running");
        awaitStatus(c, id, "running");
        console.awaitLine(id, "Done (");
        assertThat(console.of(id)).anyMatch(l -> l.contains("Starting minecraft server version 1.21.4"));

        c.call("send_to_instance", params("id", id.toString(), "message", "list"));
        console.awaitLine(id, "players online");
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
        console.awaitLine(id, "Stopping the server");
        assertThat(history(c, id)).anyMatch(l -> l.contains("All dimensions are saved"));
        // the history equals the events, in order
        assertThat(history(c, id)).containsExactlyElementsOf(console.of(id));
        // restart after a clean stop
        startAndAwaitRunning(c, id);
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
    }

    @Test
    void crashMarkerGivesCrashedAndStartIsAllowedAgain() throws Exception {
        UUID id = addServer(d, c, "crash");
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit crash"));
        awaitStatus(c, id, "crashed");
        awaitHistoryContains(c, id, "Minecraft has crashed");
        // crashed with no process: stop/kill/send refused, start allowed
        await().atMost(Instances.WAIT).untilAsserted(() ->
                assertThat(code(() -> c.call("kill_instance", params("id", id.toString())))).isEqualTo(30003));
        assertThat(code(() -> c.call("stop_instance", params("id", id.toString())))).isEqualTo(30003);
        assertThat(code(() -> c.call("send_to_instance", params("id", id.toString(), "message", "x")))).isEqualTo(30003);
        startAndAwaitRunning(c, id);
        c.call("kill_instance", params("id", id.toString()));
        assertThat(status(c, id)).isEqualTo("stopped");
    }

    @Test
    void nonZeroExitWithoutStopIsACrashAndZeroExitIsAStop() throws Exception {
        UUID id = addServer(d, c, "exit");
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit exit 3"));
        awaitStatus(c, id, "crashed");
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit exit 0"));
        awaitStatus(c, id, "stopped");
    }

    @Test
    void killStopsTheWholeTreeAndWaits() throws Exception {
        UUID id = addServer(d, c, "kill");
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit spawn-child"));
        console.awaitLine(id, "spawned child");
        long child = childPid(console, id);
        assertThat(ProcessHandle.of(child)).isPresent();
        c.call("kill_instance", params("id", id.toString()));
        assertThat(status(c, id)).isEqualTo("stopped");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThat(code(() -> c.call("kill_instance", params("id", id.toString())))).isEqualTo(30003);
    }

    @Test
    void childrenLeftBehindByAServerThatExitsOnItsOwnAreKilled() throws Exception {
        UUID id = addServer(d, c, "strays");
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit spawn-child"));
        console.awaitLine(id, "spawned child");
        long child = childPid(console, id);
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).hasValue(true);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit exit 0"));
        awaitStatus(c, id, "stopped");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void stopTimeoutEscalatesToKillingTheTree() throws Exception {
        UUID id = addServer(d, c, "hang");
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit spawn-child"));
        console.awaitLine(id, "spawned child");
        long child = childPid(console, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit hang-on-stop"));
        console.awaitLine(id, "stop will hang");
        c.call("stop_instance", params("id", id.toString()));
        assertThat(status(c, id)).isEqualTo("stopping");
        console.awaitLine(id, "Stopping the server");
        // re-sending stop while stopping is allowed
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void stderrLinesArePrefixed() throws Exception {
        UUID id = addServer(d, c, "stderr");
        V1Console console = V1Console.subscribe(c, id);
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "testkit stderr something odd"));
        console.awaitLine(id, "something odd");
        assertThat(console.of(id)).contains("[STDERR] something odd");
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void wrongStatesAnswer30003() throws Exception {
        UUID id = addServer(d, c, "states");
        String p = id.toString();
        assertThat(code(() -> c.call("stop_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("kill_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("send_to_instance", params("id", p, "message", "list")))).isEqualTo(30003);
        startAndAwaitRunning(c, id);
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(30003);
        assertThat(code(() -> c.call("remove_instance", params("id", p)))).isEqualTo(30003);
        JsonNode upd = Json.mapper().readTree("{\"id\":\"" + p + "\",\"name\":\"x\",\"instance_type\":\"mc_vanilla\","
                + "\"arguments\":[],\"force_rerun_installer\":false}");
        assertThat(code(() -> c.call("update_instance_settings", upd))).isEqualTo(30003);
        JsonNode settings = c.call("get_instance_settings", params("id", p));
        assertThat(settings.get("can_edit").asBoolean()).isFalse();
        assertThat(settings.get("edit_blocked_reason").asText()).isNotEmpty();
        c.call("stop_instance", params("id", p));
        awaitStatus(c, id, "stopped");
        c.call("remove_instance", params("id", p));
        assertThat(Files.exists(d.root().resolve("instances/" + p))).isFalse();
        assertThat(code(() -> c.call("get_instance_report", params("id", p)))).isEqualTo(30001);
    }

    @Test
    void daemonInstanceJsonIsWrittenAndEulaAccepted() throws Exception {
        UUID id = addServer(d, c, "files");
        Path dir = d.root().resolve("instances/" + id);
        JsonNode cfg = Json.mapper().readTree(Files.readString(dir.resolve("daemon_instance.json"), StandardCharsets.UTF_8));
        assertThat(cfg.get("uuid").asText()).isEqualTo(id.toString());
        assertThat(cfg.get("instance_type").asText()).isEqualTo("mc_vanilla");
        assertThat(cfg.get("input_encoding").asText()).isEqualTo("utf-8");
        assertThat(Files.readString(dir.resolve("eula.txt"))).contains("eula=true");
        assertThat(Files.exists(dir.resolve("server.jar"))).isTrue();
        JsonNode s = c.call("get_instance_settings", params("id", id.toString()));
        assertThat(s.get("working_directory").asText()).isEqualTo("instances/" + id);
        assertThat(s.get("current_target_exists").asBoolean()).isTrue();
        assertThat(s.get("can_edit").asBoolean()).isTrue();
        assertThat(s.get("edit_blocked_reason").isNull()).isTrue();
        assertThat(s.get("install_metadata").get("installer_kind").asText()).isEqualTo("universal");
    }

    static long childPid(V1Console console, UUID id) {
        Pattern p = Pattern.compile("spawned child (\\d+)");
        for (String l : console.of(id)) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no child pid");
    }
}
