package dev.mfp.daemon.conformance;

import static dev.mfp.daemon.support.Instances.awaitHistoryContains;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * files-and-instances.md §5.1: {@code daemon_instance.json} may be edited externally; the daemon SHOULD reload it
 * on change and MUST ignore a changed {@code uuid}.
 */
@DaemonTest(noChildProcessesAfter = true)
class InstanceConfigReloadConformanceTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    /** Rewrites the file as an editor would, with an mtime that surely differs from the daemon's own write. */
    private static void edit(Path file, ObjectNode cfg, int secondsAhead) throws Exception {
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(cfg),
                StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    @Test
    void externalEditsAreReloadedAndAChangedUuidIsIgnored() throws Exception {
        UUID id = EchoServer.add(d, c, "before", "universal");
        String p = id.toString();
        Path file = d.root().resolve("instances/" + p + "/daemon_instance.json");
        ObjectNode cfg = (ObjectNode) Json.mapper().readTree(file.toFile());
        cfg.put("name", "edited by hand");
        cfg.put("uuid", UUID.randomUUID().toString());
        cfg.put("target_type", "executable");
        cfg.set("arguments", Json.mapper().valueToTree(List.of("x", "y")));
        cfg.set("event_rules", Json.mapper().readTree(
                "[{\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"ping-rule\"}],"
                        + "\"actions\":[{\"type\":\"SendCommand\",\"command\":\"pong-rule\"}]}]"));
        edit(file, cfg, 5);
        JsonNode report = c.call("get_instance_report", params("id", p)).get("report").get("config");
        assertThat(report.get("name").asText()).isEqualTo("edited by hand");
        assertThat(report.get("uuid").asText()).isEqualTo(p);
        assertThat(c.call("get_all_reports", null).get("reports").get(p).get("config").get("name").asText())
                .isEqualTo("edited by hand");
        assertThat(c.call("get_instance_settings", params("id", p)).get("config").get("arguments"))
                .isEqualTo(Json.mapper().valueToTree(List.of("x", "y")));
        assertThat(c.call("get_event_rules", params("instance_id", p)).get("rules")).isEqualTo(cfg.get("event_rules"));
        // the edited config is what the next start uses (arguments are passed to an executable), and rules run
        c.call("start_instance", params("id", p));
        awaitHistoryContains(c, id, "ARGS: 2:x y");
        c.call("send_to_instance", params("id", p, "message", "ping-rule"));
        awaitHistoryContains(c, id, "pong-rule");
        c.call("kill_instance", params("id", p));
        // an invalid edit is ignored: the last good config stays
        Files.writeString(file, "{ broken", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(c.call("get_instance_report", params("id", p)).get("report").get("config").get("name").asText())
                .isEqualTo("edited by hand");
        // the daemon's own writes are not mistaken for edits, and win over the broken file
        c.call("update_instance_settings", params("id", p, "name", "via action", "instance_type", "universal",
                "arguments", List.of(), "force_rerun_installer", false));
        assertThat(c.call("get_instance_report", params("id", p)).get("report").get("config").get("name").asText())
                .isEqualTo("via action");
        JsonNode onDisk = Json.mapper().readTree(file.toFile());
        assertThat(onDisk.get("name").asText()).isEqualTo("via action");
        assertThat(onDisk.get("uuid").asText()).isEqualTo(p);
        c.call("remove_instance", params("id", p));
    }
}
