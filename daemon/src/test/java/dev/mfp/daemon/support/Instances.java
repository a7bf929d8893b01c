package dev.mfp.daemon.support;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Instances of the fake server over v1: creation, status, start, the log history. */
public final class Instances {
    public static final Duration WAIT = Duration.ofSeconds(60);

    private Instances() {
    }

    /** A v1 setting for a Minecraft instance of the fake server. */
    public static ObjectNode mcSetting(String name, String source, String... jvmArgs) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", name);
        s.put("instance_type", "mc_vanilla");
        s.put("target", "server.jar");
        s.put("target_type", "jar");
        s.put("mc_version", "1.21.4");
        s.put("java_path", FakeServer.java());
        s.set("arguments", Json.mapper().valueToTree(FakeServer.smallJvm(jvmArgs)));
        s.put("source", source);
        s.put("source_type", "core");
        return s;
    }

    /** Adds a fake Minecraft server instance with its own free port; returns its id. */
    public static UUID addServer(TestDaemon d, MfpClient c, String name, String... jvmArgs) throws IOException {
        JsonNode config = c.call("add_instance", params("setting", mcSetting(name, FakeServer.uploadServerJar(d),
                jvmArgs))).get("config");
        UUID id = UUID.fromString(config.get("uuid").asText());
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        return id;
    }

    public static JsonNode report(MfpClient c, UUID id) {
        return c.call("get_instance_report", params("id", id.toString())).get("report");
    }

    public static String status(MfpClient c, UUID id) {
        return report(c, id).get("status").asText();
    }

    public static void awaitStatus(MfpClient c, UUID id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(status(c, id)).isEqualTo(status));
    }

    public static void startAndAwaitRunning(MfpClient c, UUID id) {
        c.call("start_instance", params("id", id.toString()));
        awaitStatus(c, id, "running");
    }

    public static List<String> history(MfpClient c, UUID id) {
        JsonNode logs = c.call("get_instance_log_history", params("id", id.toString())).get("logs");
        List<String> out = new ArrayList<>();
        logs.forEach(n -> out.add(n.asText()));
        return out;
    }

    public static void awaitHistoryContains(MfpClient c, UUID id, String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                history(c, id).stream().anyMatch(l -> l.contains(text)));
    }
}
