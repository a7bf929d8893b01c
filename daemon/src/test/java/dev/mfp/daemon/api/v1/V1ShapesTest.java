package dev.mfp.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.files.DirectoryInfo;
import dev.mfp.daemon.files.DirectoryListing;
import dev.mfp.daemon.files.FileInfo;
import dev.mfp.daemon.host.HostInfo;
import dev.mfp.daemon.host.JavaInstall;
import dev.mfp.daemon.instance.report.InstanceReport;
import dev.mfp.daemon.instance.report.ProcessUsage;
import dev.mfp.daemon.instance.slp.OnlinePlayer;
import dev.mfp.protocol.json.Json;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The core's values in the v1 records: every member of models.md, in its units. */
class V1ShapesTest {
    private static final HostInfo.Drive ROOT = new HostInfo.Drive("ext4", 499963174912L, 321234567168L, "/");
    private static final HostInfo HOST = new HostInfo(new HostInfo.Os("Linux 6.8.0", "X64"),
            new HostInfo.Cpu("GenuineIntel", "Intel(R) Xeon(R) Gold 6338", 16, 7.5, 8, 16),
            new HostInfo.Memory(32768000L, 20480000L), ROOT, List.of(ROOT), "1.0.0.0");
    private static final String DRIVE = "{\"drive_format\":\"ext4\",\"total\":499963174912,\"free\":321234567168,"
            + "\"name\":\"/\"}";
    private static final String SYSTEM_INFO = "{\"os\":{\"name\":\"Linux 6.8.0\",\"arch\":\"X64\"},\"cpu\":{\"vendor\":"
            + "\"GenuineIntel\",\"name\":\"Intel(R) Xeon(R) Gold 6338\",\"count\":16,\"usage\":7.5,\"core_count\":8,"
            + "\"thread_count\":16},\"mem\":{\"total\":32768000,\"free\":20480000},\"drive\":" + DRIVE + ",\"drives\":["
            + DRIVE + "],\"daemon_version\":\"1.0.0.0\"";
    private static final UUID STEVE = UUID.fromString("8667ba71-b85a-4004-af54-457a9734eed7");

    @Test
    void systemInfoAndTheFlatDaemonReport() {
        assertThat(tree(V1Shapes.systemInfo(HOST))).isEqualTo(parse(SYSTEM_INFO + "}"));
        assertThat(tree(V1Shapes.daemonReport(HOST, 1783670000000L)))
                .isEqualTo(parse(SYSTEM_INFO + ",\"start_time_stamp\":1783670000000}"));
    }

    @Test
    void javaList() {
        assertThat(tree(V1Shapes.javaList(List.of(new JavaInstall("/usr/bin/java", "21.0.5", "x64")))))
                .isEqualTo(parse("[{\"path\":\"/usr/bin/java\",\"version\":\"21.0.5\",\"architecture\":\"x64\"}]"));
    }

    @Test
    void fileMetadataAndListingInUnixSeconds() {
        FileInfo file = new FileInfo(1700000000L, false, 1700000100L, 1700000200L, true, 42L);
        String meta = "{\"creation_time\":1700000000,\"hidden\":false,\"last_access_time\":1700000100,"
                + "\"last_write_time\":1700000200,\"read_only\":true,\"size\":42}";
        assertThat(tree(V1Shapes.fileMetadata(file))).isEqualTo(parse(meta));
        var listing = new DirectoryListing("", List.of(new DirectoryListing.FileItem("a.txt", file)),
                List.of(new DirectoryListing.DirectoryItem(".d", new DirectoryInfo(1L, true, 2L, 3L))));
        assertThat(tree(V1Shapes.directoryEntry(listing))).isEqualTo(parse("{\"parent\":\"\",\"files\":[{\"name\":"
                + "\"a.txt\",\"meta\":" + meta + "}],\"directories\":[{\"name\":\".d\",\"meta\":{\"creation_time\":1,"
                + "\"hidden\":true,\"last_access_time\":2,\"last_write_time\":3}}]}"));
        assertThat(tree(V1Shapes.directoryEntry(new DirectoryListing(null, List.of(), List.of()))))
                .isEqualTo(parse("{\"parent\":null,\"files\":[],\"directories\":[]}"));
    }

    @Test
    void reportWithPlayersAndTheProcessCounter() throws Exception {
        InstanceConfig config = config();
        var report = new InstanceReport(InstanceStatus.RUNNING, ConfigDocument.spec(config), Map.of("server-port", "25565"),
                List.of(new OnlinePlayer("Steve", STEVE)), new ProcessUsage(12.5, 1_073_741_824L));
        JsonNode json = tree(V1Shapes.report(report));
        assertThat(names(json)).containsExactly("status", "config", "properties", "players", "performance_counter");
        assertThat(json.get("status").asText()).isEqualTo("running");
        assertThat(json.get("config")).isEqualTo(tree(config));
        assertThat(json.get("properties")).isEqualTo(parse("{\"server-port\":\"25565\"}"));
        assertThat(json.get("players")).isEqualTo(parse("[{\"name\":\"Steve\",\"uuid\":\"" + STEVE + "\"}]"));
        assertThat(json.get("performance_counter")).isEqualTo(parse("{\"cpu\":12.5,\"memory\":1073741824}"));
    }

    private static InstanceConfig config() throws Exception {
        return Json.mapper().readValue("{\"name\":\"Survival\",\"target\":\"server.jar\",\"instance_type\":"
                + "\"mc_paper\",\"target_type\":\"jar\",\"uuid\":\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\","
                + "\"mc_version\":\"1.21.4\",\"java_path\":\"java\"}", InstanceConfig.class);
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
