package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code remove_instance} racing {@code save_event_rules}: a removed instance never comes back. */
class RemoveWhileSavingRulesTest {
    private static final int INSTANCES = 40;

    @Test
    void removedInstancesStayRemovedAcrossARestart() throws Exception {
        Path work = Files.createTempDirectory("mfp-remove-race");
        List<UUID> ids = new ArrayList<>();
        List<CompletableFuture<JsonNode>> removals = new ArrayList<>();
        List<CompletableFuture<JsonNode>> saves = new ArrayList<>();
        try (TestDaemon d = TestDaemon.startWith(work, Map.of())) {
            MfpClient a = d.client();
            MfpClient b = d.client();
            Path script = d.root().resolve("caches/uploads/idle.sh");
            Files.createDirectories(script.getParent());
            Files.writeString(script, "#!/bin/sh\nexec sleep 600\n");
            for (int i = 0; i < INSTANCES; i++) {
                ObjectNode s = Instances.mcSetting("race-" + i, "caches/uploads/idle.sh");
                s.put("instance_type", "universal");
                s.put("target", "idle.sh");
                s.put("target_type", "executable");
                s.put("mc_version", "");
                ids.add(UUID.fromString(a.call("add_instance", params("setting", s)).get("config").get("uuid").asText()));
            }
            JsonNode rules = Json.mapper().readTree("[{\"name\":\"r\",\"triggers\":[{\"type\":\"ConsoleOutput\","
                    + "\"pattern\":\"x\"}],\"actions\":[{\"type\":\"SendCommand\",\"command\":\"y\"}]}]");
            for (UUID id : ids) {
                for (int k = 0; k < 3; k++) {
                    saves.add(b.request("save_event_rules", params("instance_id", id.toString(), "rules", rules)));
                }
                removals.add(a.request("remove_instance", params("id", id.toString())));
                for (int k = 0; k < 3; k++) {
                    saves.add(b.request("save_event_rules", params("instance_id", id.toString(), "rules", rules)));
                }
            }
            for (CompletableFuture<JsonNode> r : removals) {
                assertThat(r.get().get("retcode").asInt()).isZero();
            }
            for (CompletableFuture<JsonNode> s : saves) {
                assertThat(s.get().get("retcode").asInt()).as("a save answers OK or 'not found'").isIn(0, 30001);
            }
            for (UUID id : ids) {
                assertThat(d.root().resolve("instances/" + id)).as("directory of removed " + id).doesNotExist();
            }
        }
        try (TestDaemon again = TestDaemon.startIn(work)) {
            JsonNode reports = again.client().call("get_all_reports", null).get("reports");
            List<String> back = new ArrayList<>();
            reports.fieldNames().forEachRemaining(back::add);
            assertThat(back).as("instances back after the restart").isEmpty();
        } finally {
            TestDaemon.deleteTree(work);
        }
        TestDaemon.assertNoChildProcesses();
    }
}
