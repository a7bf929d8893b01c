package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * v2 events.md §4.1 on the shared console: v2 sees the daemon's lifecycle lines and no blank lines; v1 keeps seeing
 * exactly the lines the process wrote (v1 events.md §2), on the same instance at the same time.
 */
@DaemonTest
class V2LifecycleLinesTest {
    private static TestDaemon d;

    private static List<String> v1History(MfpClient c, UUID id) {
        List<String> out = new ArrayList<>();
        c.call("get_instance_log_history", Map.of("id", id.toString())).get("logs").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void eachFrontEndSeesItsOwnLines() throws Exception {
        MfpV2Client v2 = d.v2();
        MfpClient v1 = d.client();
        UUID id = V2Fixtures.createEcho(d, v2, "lines", "universal");
        v2.call("mcsl.event.subscribe", Map.of("event", "mcsl.event.instance.log", "meta",
                Map.of("instance_id", id.toString())));
        v2.call("mcsl.instance.start", V2Fixtures.id(id));
        v1.call("send_to_instance", Map.of("id", id.toString(), "message", "")); // echoed: one empty line
        V2Fixtures.send(v2, id, "visible");
        V2Fixtures.awaitLog(v2, id, "visible");
        await().atMost(V2Fixtures.WAIT).until(() -> v1History(v1, id).contains("visible"));
        V2Fixtures.send(v2, id, "exit 0");
        V2Fixtures.awaitStatus(v2, id, "stopped");
        V2Fixtures.awaitLog(v2, id, "[MCSL] Instance stopped.");

        List<String> v2Lines = V2Fixtures.logs(v2, id);
        assertThat(v2Lines).containsSubsequence("[MCSL] Instance starting.", "visible", "[MCSL] Instance stopped.")
                .noneMatch(String::isBlank);
        List<String> v1Lines = v1History(v1, id);
        assertThat(v1Lines).contains("", "visible").noneMatch(l -> l.startsWith("[MCSL]"));

        List<String> events = new ArrayList<>();
        JsonNode n;
        while ((n = v2.nextNotification("mcsl.event.instance.log", Duration.ofSeconds(2))) != null) {
            events.add(n.get("params").get("data").get("log").asText());
            if (events.contains("[MCSL] Instance stopped.")) {
                break;
            }
        }
        assertThat(events).containsSubsequence("[MCSL] Instance starting.", "visible", "[MCSL] Instance stopped.")
                .noneMatch(String::isBlank);
    }
}
