package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * extensions.md §1 against the testkit's fake Minecraft server, which answers save-off / save-all / save-on like
 * vanilla: a running server is archived between save-off + flush and save-on, and save-on is sent also when the
 * save line never comes.
 */
@DaemonTest(config = "backups={\"live_save_timeout_seconds\": 2}", noChildProcessesAfter = true)
class V2LiveBackupTest {
    private static TestDaemon d;

    private static Map<String, Object> create(UUID id, boolean maintenance, Boolean live) {
        Map<String, Object> p = new HashMap<>();
        p.put("instance_id", id.toString());
        p.put("maintenance", maintenance);
        p.put("owner_principal", "me");
        if (live != null) {
            p.put("live", live);
        }
        return p;
    }

    /** The console lines without the server's logger prefix. */
    private static List<String> messages(List<String> lines) {
        return lines.stream().map(l -> l.contains("]: ") ? l.substring(l.indexOf("]: ") + 3) : l).toList();
    }

    @Test
    void aRunningServerIsBackedUpWithoutStopping() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createServer(d, c, "live");
        Files.createDirectories(d.root().resolve("instances/" + id + "/world"));
        Files.writeString(d.root().resolve("instances/" + id + "/world/level.dat"), "level");
        c.call("mcsl.instance.start", V2Fixtures.id(id));
        V2Fixtures.awaitStatus(c, id, "running");
        assertThatThrownBy(() -> c.call("mcsl.backup.create", create(id, true, true)))
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32602));
        // without live, a running instance is refused as backups.md says
        assertThatThrownBy(() -> c.call("mcsl.backup.create", create(id, false, null)))
                .isInstanceOfSatisfying(MfpV2Exception.class,
                        e -> assertThat(e.daemonErrorCode()).isEqualTo("instance.running"));

        String op = c.call("mcsl.backup.create", create(id, false, true)).get("operation_id").asText();
        JsonNode done = V2BackupTest.awaitTerminal(c, op);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(V2Fixtures.status(c, id)).isEqualTo("running");
        List<String> logs = messages(V2Fixtures.logs(c, id));
        assertThat(logs).containsSubsequence("Automatic saving is now disabled", "Saved the game",
                "Automatic saving is now enabled");
        JsonNode archives = c.call("mcsl.backup.list", Map.of("instance_id", id.toString())).get("archives");
        assertThat(archives).anyMatch(a -> a.toString().contains(done.get("result_reference").asText()));

        // the save line never comes: save-on is sent all the same, and the operation fails with save_timeout
        V2Fixtures.send(c, id, "testkit hang-on-save");
        String op2 = c.call("mcsl.backup.create", create(id, false, true)).get("operation_id").asText();
        // a second live backup of the same instance meanwhile: one at a time
        String op3 = c.call("mcsl.backup.create", create(id, false, true)).get("operation_id").asText();
        JsonNode a = V2BackupTest.awaitTerminal(c, op2);
        JsonNode b = V2BackupTest.awaitTerminal(c, op3);
        assertThat(List.of(a.get("status").asText(), b.get("status").asText())).containsOnly("failed");
        assertThat(List.of(a.get("error_code").asText(), b.get("error_code").asText()))
                .containsExactlyInAnyOrder("backup.save_timeout", "backup.busy");
        List<String> after = messages(V2Fixtures.logs(c, id));
        assertThat(after.subList(logs.size(), after.size())).containsSubsequence("Automatic saving is now disabled",
                "Automatic saving is now enabled");
        c.call("mcsl.instance.halt", V2Fixtures.id(id));
    }

    @Test
    void liveOnAStoppedServerIsAColdBackupAndOnAnotherTypeIsRefused() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createServer(d, c, "stopped");
        String op = c.call("mcsl.backup.create", create(id, false, true)).get("operation_id").asText();
        assertThat(V2BackupTest.awaitTerminal(c, op).get("status").asText()).isEqualTo("succeeded");
        UUID echo = V2Fixtures.createEcho(d, c, "generic", "universal");
        c.call("mcsl.instance.start", V2Fixtures.id(echo));
        V2Fixtures.awaitStatus(c, echo, "running");
        assertThatThrownBy(() -> c.call("mcsl.backup.create", create(echo, false, true)))
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> {
                    assertThat(e.daemonErrorCode()).isEqualTo("backup.live_unsupported");
                    assertThat(e.kind()).isEqualTo("validation");
                });
        c.call("mcsl.instance.halt", V2Fixtures.id(echo));
    }
}
