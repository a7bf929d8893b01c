package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.host.HostInfo;
import dev.mfp.daemon.host.JavaInstall;
import dev.mfp.daemon.instance.report.InstanceReport;
import dev.mfp.daemon.instance.report.ProcessUsage;
import dev.mfp.daemon.instance.slp.OnlinePlayer;
import dev.mfp.protocol.json.Json;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.v2.model.ConsoleMode;
import dev.mfp.protocol.v2.model.V2Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The core's values in the v2 records: every member of models.md (v2), in its units. */
class V2ShapesTest {
    private static final HostInfo.Drive ROOT = new HostInfo.Drive("ext4", 499963174912L, 321234567168L, "/");
    private static final HostInfo HOST = new HostInfo(new HostInfo.Os("Linux 6.8.0", "X64"),
            new HostInfo.Cpu("GenuineIntel", "Intel(R) Xeon(R) Gold 6338", 16, 7.5, 8, 16),
            new HostInfo.Memory(32768000L, 20480000L), ROOT, List.of(ROOT), "1.0.0.0");
    /** methods.md §3.4, the {@code result} of the example. */
    private static final String SYSTEM_INFO = "{\"os\":{\"name\":\"Linux 6.8.0\",\"architecture\":\"X64\"},\"cpu\":"
            + "{\"vendor\":\"GenuineIntel\",\"name\":\"Intel(R) Xeon(R) Gold 6338\",\"count\":16,\"usage\":7.5,"
            + "\"core_count\":8,\"thread_count\":16},\"mem\":{\"total_kilobytes\":32768000,\"free_kilobytes\":"
            + "20480000},\"drive\":{\"drive_format\":\"ext4\",\"total_bytes\":499963174912,\"free_bytes\":"
            + "321234567168,\"name\":\"/\"},\"drives\":[{\"drive_format\":\"ext4\",\"total_bytes\":499963174912,"
            + "\"free_bytes\":321234567168,\"name\":\"/\"}],\"daemon_version\":\"1.0.0.0\"}";
    private static final UUID STEVE = UUID.fromString("8667ba71-b85a-4004-af54-457a9734eed7");

    @Test
    void systemInfoMatchesTheSpecExampleAndTheReportWrapsIt() {
        assertThat(tree(V2Shapes.systemInfo(HOST))).isEqualTo(parse(SYSTEM_INFO));
        JsonNode report = tree(V2Shapes.daemonReport(HOST, 1783670000000L));
        assertThat(names(report)).containsExactly("system_info", "start_timestamp");
        assertThat(report.get("system_info")).isEqualTo(parse(SYSTEM_INFO));
        assertThat(report.get("start_timestamp").asLong()).isEqualTo(1783670000000L);
    }

    @Test
    void javaListIsItems() {
        assertThat(tree(V2Shapes.javaList(List.of(new JavaInstall("/usr/bin/java", "21.0.5", "x64"))))).isEqualTo(
                parse("{\"items\":[{\"path\":\"/usr/bin/java\",\"version\":\"21.0.5\",\"architecture\":\"x64\"}]}"));
    }

    @Test
    void reportHasTheV2Members() throws Exception {
        InstanceConfig config = Json.mapper().readValue("{\"name\":\"Survival\",\"target\":\"server.jar\","
                + "\"instance_type\":\"mc_paper\",\"target_type\":\"jar\",\"uuid\":"
                + "\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\",\"mc_version\":\"1.21.4\",\"java_path\":\"java\"}",
                InstanceConfig.class);
        var report = new InstanceReport(InstanceStatus.RUNNING, ConfigDocument.spec(config), Map.of("server-port", "25565"),
                List.of(new OnlinePlayer("Steve", STEVE)), new ProcessUsage(12.5, 1_073_741_824L));
        JsonNode json = tree(V2Shapes.report(report, 4242L, true));
        assertThat(names(json)).containsExactly("status", "config", "properties", "players",
                "performance_counter", "process_id", "ready_timed_out");
        assertThat(json.get("status").asText()).isEqualTo("running");
        assertThat(json.get("config")).isEqualTo(tree(V2Models.configuration(config, ConsoleMode.PIPE)));
        assertThat(json.get("properties")).isEqualTo(parse("{\"server-port\":\"25565\"}"));
        assertThat(json.get("players")).isEqualTo(parse("[{\"name\":\"Steve\",\"uuid\":\"" + STEVE + "\"}]"));
        assertThat(json.get("performance_counter")).isEqualTo(parse("{\"cpu\":12.5,\"memory_bytes\":1073741824}"));
        assertThat(json.get("process_id").isInt()).isTrue();
        assertThat(json.get("process_id").asInt()).isEqualTo(4242);
        assertThat(json.get("ready_timed_out").asBoolean()).isTrue();

        var stopped = new InstanceReport(InstanceStatus.STOPPED, ConfigDocument.spec(config), Map.of(), List.of(), ProcessUsage.NONE);
        JsonNode none = tree(V2Shapes.report(stopped, null, false));
        assertThat(none.get("process_id").isNull()).isTrue();
        assertThat(none.get("ready_timed_out").asBoolean()).isFalse();
        assertThat(none.get("performance_counter")).isEqualTo(parse("{\"cpu\":0.0,\"memory_bytes\":0}"));
    }

    /** What {@code Json.mapper()} writes, read back (a tree straight from the value has other number nodes). */
    private static JsonNode tree(Object value) {
        try {
            return parse(Json.mapper().writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
