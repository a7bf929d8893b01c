package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.instance.slp.ServerListPing;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reports: status, config, server.properties, players through a real Server List Ping, CPU/memory. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceReportTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @Test
    void runningReportHasPropertiesPlayersAndPerformance() throws Exception {
        UUID id = addServer(d, c, "report", "-Dtestkit.players=Alex,Steve");
        JsonNode stopped = Instances.report(c, id);
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(stopped.get("properties").get("motd").asText()).isEqualTo("MFP test");
        assertThat(stopped.get("players").size()).isZero();
        assertThat(stopped.get("performance_counter").get("cpu").asDouble()).isZero();
        assertThat(stopped.get("performance_counter").get("memory").asLong()).isZero();
        assertThat(stopped.get("config").get("uuid").asText()).isEqualTo(id.toString());

        startAndAwaitRunning(c, id);
        JsonNode running = Instances.report(c, id);
        assertThat(running.get("players").findValuesAsText("name")).containsExactly("Alex", "Steve");
        assertThat(running.get("players").get(0).get("uuid").asText())
                .isEqualTo(UUID.nameUUIDFromBytes("OfflinePlayer:Alex".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(running.get("performance_counter").get("memory").asLong()).isPositive();
        assertThat(running.get("performance_counter").get("cpu").asDouble()).isBetween(0.0, 100.0);

        c.call("send_to_instance", params("id", id.toString(), "message", "testkit players Notch"));
        await().atMost(Instances.WAIT).untilAsserted(() ->
                assertThat(Instances.report(c, id).get("players").findValuesAsText("name")).containsExactly("Notch"));

        JsonNode all = c.call("get_all_reports", null).get("reports");
        assertThat(all.get(id.toString()).get("status").asText()).isEqualTo("running");
        JsonNode legacy = c.call("get_instance_status", params("id", id.toString())).get("report");
        assertThat(legacy.get("status").asText()).isEqualTo("running");
        c.call("kill_instance", params("id", id.toString()));
    }

    @Test
    void slpClientFailsFastOnAClosedPort() {
        assertThat(ServerListPing.players("127.0.0.1", FakeServer.freePort(), Duration.ofSeconds(2))).isEmpty();
    }
}
