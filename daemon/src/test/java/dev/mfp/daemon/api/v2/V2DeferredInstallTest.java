package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.testkit.TestkitJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * client-compat.md §2 with instances.md §4.4: a settings update of a Forge instance answers once the configuration
 * is saved; the installer it needs runs at the next start, while the instance stays {@code starting}.
 */
@DaemonTest(noChildProcessesAfter = true)
class V2DeferredInstallTest {
    private static TestDaemon d;

    @Test
    void theInstallerRunsAtTheNextStart() throws Exception {
        MfpClient v1 = d.client();
        MfpV2Client v2 = d.v2();
        TestkitJars.forgeInstaller(d.root().resolve("caches/uploads/forge-1.20.1-installer.jar"),
                "{\"spec\":1,\"profile\":\"forge\",\"version\":\"1.20.1-forge-47.2.0\","
                        + "\"path\":\"net.minecraftforge:forge:1.20.1-47.2.0\",\"minecraft\":\"1.20.1\",\"processors\":[]}");
        ObjectNode s = Instances.mcSetting("forge", "caches/uploads/forge-1.20.1-installer.jar");
        s.put("instance_type", "mc_forge").put("mc_version", "1.20.1").put("target", "forge-installer.jar");
        UUID id = UUID.fromString(v1.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
        Path dir = d.root().resolve("instances/" + id);
        Path unixArgs = dir.resolve("libraries/net/minecraftforge/forge/1.20.1-47.2.0/unix_args.txt");
        assertThat(unixArgs).exists();
        FakeServer.writeProperties(d, id, FakeServer.freePort());

        Map<String, Object> update = new HashMap<>();
        update.put("instance_id", id.toString());
        update.put("name", "forge renamed");
        update.put("instance_type", "mc_forge");
        update.put("java_path", null);
        update.put("arguments", List.of());
        update.put("version", null);
        update.put("replacement_core", null);
        update.put("force_rerun_installer", false);
        JsonNode result = v2.call("mcsl.instance.settings.update", update);
        // answered without running the installer: nothing generated was deleted yet, the run is recorded
        assertThat(result.get("reinstalled").asBoolean()).isFalse();
        assertThat(result.get("config").get("name").asText()).isEqualTo("forge renamed");
        assertThat(unixArgs).exists();
        assertThat(dir.resolve("daemon_pending_install.json")).exists();
        // a file permission cannot plant or remove the record
        assertThat(Requests.code(() -> v1.call("delete_file", params("path", "instances/" + id
                + "/daemon_pending_install.json")))).isEqualTo(21006);

        v2.call("mcsl.instance.start", V2Fixtures.id(id));
        assertThat(V2Fixtures.status(v2, id)).isIn("starting", "running");
        V2Fixtures.awaitLog(v2, id, "[MCSL] Running the installer the last settings update needs.");
        V2Fixtures.awaitStatus(v2, id, "running");
        assertThat(dir.resolve("daemon_pending_install.json")).doesNotExist();
        assertThat(Instances.history(v1, id).stream().filter(l -> l.contains("The server installed successfully")))
                .hasSize(2);
        assertThat(v2.call("mcsl.instance.settings.get", V2Fixtures.id(id)).get("config").get("name").asText())
                .isEqualTo("forge renamed");
        v2.call("mcsl.instance.stop", V2Fixtures.id(id));
        V2Fixtures.awaitStatus(v2, id, "stopped");
        // the next start runs no installer
        v2.call("mcsl.instance.start", V2Fixtures.id(id));
        V2Fixtures.awaitStatus(v2, id, "running");
        assertThat(Instances.history(v1, id).stream().filter(l -> l.contains("The server installed successfully")))
                .hasSize(2);
        v2.call("mcsl.instance.halt", V2Fixtures.id(id));
        await().atMost(Instances.WAIT).until(() -> V2Fixtures.status(v2, id).equals("stopped"));
        assertThat(Files.exists(dir)).isTrue();
    }
}
