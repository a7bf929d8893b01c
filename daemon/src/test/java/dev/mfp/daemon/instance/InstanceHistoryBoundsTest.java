package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console history is bounded in bytes as well as in lines, so its answer stays small whatever is printed. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceHistoryBoundsTest {
    /** The documented default of {@code instance_log_history_bytes}. */
    private static final int DEFAULT_HISTORY_BYTES = 2 << 20;
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @Test
    void thousandLinesOfSixteenKiNonAsciiCharsKeepTheAnswerWithinTheByteBound() throws Exception {
        Path script = d.root().resolve("caches/uploads/long-lines.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\ni=0\nwhile [ $i -lt 1000 ]; do cat line.txt; i=$((i+1)); done\n"
                + "echo 'long lines done'\n");
        ObjectNode s = Instances.mcSetting("long-lines", "caches/uploads/long-lines.sh");
        s.put("instance_type", "universal");
        s.put("target", "long-lines.sh");
        s.put("target_type", "executable");
        s.put("mc_version", "");
        UUID id = UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
        String line = "é".repeat(16 * 1024);
        Files.writeString(d.root().resolve("instances/" + id + "/line.txt"), line + "\n", StandardCharsets.UTF_8);

        c.call("start_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
        Instances.awaitHistoryContains(c, id, "long lines done");

        JsonNode logs = c.call("get_instance_log_history", params("id", id.toString())).get("logs");
        int wire = Json.mapper().writeValueAsBytes(logs).length;
        assertThat(wire).as("JSON size of the history").isLessThanOrEqualTo(DEFAULT_HISTORY_BYTES);
        List<String> lines = Instances.history(c, id);
        assertThat(lines).last().isEqualTo("long lines done");
        // (a line of exactly 16 Ki chars is followed by an empty piece: the reader splits at 16 Ki)
        assertThat(lines.subList(0, lines.size() - 1)).as("the newest complete lines are kept")
                .filteredOn(l -> !l.isEmpty()).isNotEmpty().allMatch(line::equals);
    }
}
