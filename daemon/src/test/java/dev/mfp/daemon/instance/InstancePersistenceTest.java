package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Daemon restarts: instances and rules come back (stopped); shutdown stops servers gracefully, kills if needed. */
class InstancePersistenceTest {
    @AfterAll
    static void noLeftovers() {
        TestDaemon.assertNoChildProcesses();
    }

    @Test
    void restartKeepsInstancesAndShutdownStopsThemGracefully() throws Exception {
        Path work = Files.createTempDirectory("mfp-persist");
        try {
            UUID keep;
            UUID hang;
            String rules = "[{\"name\":\"r\",\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"x\"}],\"actions\":[]}]";
            long hangPid;
            try (TestDaemon d = TestDaemon.startWith(work, Map.of("instance_stop_timeout_ms", 2000))) {
                MfpClient c = d.client();
                keep = addServer(d, c, "keep");
                hang = addServer(d, c, "hang");
                c.call("save_event_rules", params("instance_id", keep.toString(), "rules", Json.mapper().readTree(rules)));
                startAndAwaitRunning(c, keep);
                startAndAwaitRunning(c, hang);
                c.call("send_to_instance", params("id", hang.toString(), "message", "testkit hang-on-stop"));
                Instances.awaitHistoryContains(c, hang, "stop will hang");
                hangPid = d.daemon() != null ? childPids().get(0) : 0;
                // invalid instance folders are skipped at the next start
                Files.createDirectories(d.root().resolve("instances/" + UUID.randomUUID()));
                Files.writeString(Files.createDirectories(d.root().resolve("instances/" + UUID.randomUUID()))
                        .resolve("daemon_instance.json"), "{ not json");
                Files.createDirectories(d.root().resolve("instances/not-a-uuid"));
            }
            // closing the daemon stopped "keep" with the stop command and killed "hang" after the timeout
            assertThat(childPids()).isEmpty();
            assertThat(ProcessHandle.of(hangPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
            try (TestDaemon d = TestDaemon.startIn(work)) {
                MfpClient c = d.client();
                JsonNode all = c.call("get_all_reports", null).get("reports");
                assertThat(all.size()).isEqualTo(2);
                assertThat(all.get(keep.toString()).get("status").asText()).isEqualTo("stopped");
                assertThat(all.get(hang.toString()).get("status").asText()).isEqualTo("stopped");
                assertThat(all.get(keep.toString()).get("config").get("name").asText()).isEqualTo("keep");
                assertThat(c.call("get_event_rules", params("instance_id", keep.toString())).get("rules"))
                        .isEqualTo(Json.mapper().readTree(rules));
                // the history of the previous daemon run is gone; the instance runs again
                assertThat(Instances.history(c, keep)).isEmpty();
                startAndAwaitRunning(c, keep);
                assertThat(Instances.history(c, keep)).anyMatch(l -> l.contains("Done ("));
            }
            assertThat(childPids()).isEmpty();
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    private static List<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    }
}
