package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** get_instance_settings / update_instance_settings: validation, persistence, core replacement, reinstall. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceSettingsTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    private static ObjectNode update(UUID id) {
        return params("id", id.toString(), "name", "renamed", "instance_type", "mc_paper", "java_path", null,
                "arguments", FakeServer.smallJvm("-Dx=1"), "version", "1.20.6", "replacement_core", null,
                "force_rerun_installer", false);
    }

    @Test
    void updateIsValidatedPersistedAndApplied() throws Exception {
        UUID id = addServer(d, c, "settings");
        JsonNode r = c.call("update_instance_settings", update(id));
        assertThat(r.get("config").get("name").asText()).isEqualTo("renamed");
        assertThat(r.get("config").get("instance_type").asText()).isEqualTo("mc_paper");
        assertThat(r.get("config").get("mc_version").asText()).isEqualTo("1.20.6");
        assertThat(r.get("config").get("java_path").asText()).isEqualTo(FakeServer.java());
        assertThat(r.get("config").get("arguments").toString()).contains("-Dx=1");
        assertThat(r.get("requires_restart").asBoolean()).isFalse();
        assertThat(r.get("reinstalled").asBoolean()).isFalse();
        assertThat(r.get("deleted_generated_paths").size()).isZero();
        JsonNode disk = Json.mapper().readTree(d.root().resolve("instances/" + id + "/daemon_instance.json").toFile());
        assertThat(disk.get("name").asText()).isEqualTo("renamed");
        startAndAwaitRunning(c, id);
        Instances.awaitHistoryContains(c, id, "Done (");
        c.call("kill_instance", params("id", id.toString()));

        assertThat(code(() -> c.call("update_instance_settings", update(id).put("name", "")))).isEqualTo(11002);
        assertThat(code(() -> c.call("update_instance_settings", update(id).put("version", "nope")))).isEqualTo(11002);
        ObjectNode missing = update(id);
        missing.remove("force_rerun_installer");
        assertThat(code(() -> c.call("update_instance_settings", missing))).isEqualTo(11001);
        assertThat(code(() -> c.call("update_instance_settings", update(id).put("instance_type", "bogus"))))
                .isEqualTo(11001);
        assertThat(code(() -> c.call("update_instance_settings", update(UUID.randomUUID())))).isEqualTo(30001);
        ObjectNode noCore = update(id);
        noCore.set("replacement_core", Json.mapper().valueToTree(Map.of("uploaded_source_path", "caches/uploads/none.jar")));
        assertThat(code(() -> c.call("update_instance_settings", noCore))).isEqualTo(21001);
        ObjectNode forge = update(id).put("instance_type", "mc_forge").put("version", "1.2.5").put("force_rerun_installer", true);
        assertThat(code(() -> c.call("update_instance_settings", forge))).isEqualTo(30004);
    }

    @Test
    void replacementCoreKeepsTheOriginalAndReinstallRuns() throws Exception {
        UUID id = addServer(d, c, "replace");
        Path dir = d.root().resolve("instances/" + id);
        Path upload = d.root().resolve("caches/uploads/new-core.jar");
        Files.copy(FakeServer.serverJar(), upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectNode u = update(id);
        u.set("replacement_core", Json.mapper().valueToTree(Map.of("uploaded_source_path", "caches/uploads/new-core.jar")));
        JsonNode r = c.call("update_instance_settings", u);
        assertThat(r.get("preserved_original_paths").size()).isEqualTo(1);
        String backup = r.get("preserved_original_paths").get(0).asText();
        assertThat(backup).startsWith("instances/" + id + "/server.jar.").endsWith(".bak");
        assertThat(d.root().resolve(backup)).exists();
        assertThat(dir.resolve("server.jar")).exists();

        ObjectNode re = update(id).put("force_rerun_installer", true);
        re.set("replacement_core", Json.mapper().valueToTree(Map.of("uploaded_source_path", "caches/uploads/new-core.jar",
                "preferred_target_name", "core2.jar")));
        JsonNode r2 = c.call("update_instance_settings", re);
        assertThat(r2.get("reinstalled").asBoolean()).isTrue();
        assertThat(r2.get("config").get("target").asText()).isEqualTo("core2.jar");
        assertThat(dir.resolve("core2.jar")).exists();
        JsonNode s = c.call("get_instance_settings", params("id", id.toString()));
        assertThat(s.get("install_metadata").get("resolved_launch_target").asText()).isEqualTo("core2.jar");
        assertThat(s.get("current_target_exists").asBoolean()).isTrue();
        assertThat(List.of(s.get("config").get("target").asText())).containsExactly("core2.jar");
    }
}
