package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2BackupTest.awaitTerminal;
import static dev.mfp.daemon.api.v2.V2BackupTest.startBackup;
import static dev.mfp.daemon.api.v2.V2Fixtures.awaitStatus;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The confirmed restore of backups.md §3.4–§3.6 over a real daemon. */
@DaemonTest(noChildProcessesAfter = true)
class V2BackupRestoreTest {
    private static TestDaemon d;

    private static Path dir(UUID inst) {
        return d.root().resolve("instances/" + inst);
    }

    private static String backup(MfpV2Client c, UUID inst) {
        JsonNode t = awaitTerminal(c, startBackup(c, inst, false));
        assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("succeeded");
        return t.get("result_reference").asText();
    }

    private static JsonNode plan(MfpV2Client c, String archive, UUID inst) {
        return c.call("mcsl.backup.restore.plan", Map.of("archive_id", archive, "instance_id", inst.toString(),
                "creator_principal", "ignored"));
    }

    private static JsonNode confirm(MfpV2Client c, JsonNode plan) {
        return c.call("mcsl.backup.restore.confirm", Map.of("plan_id", plan.get("plan_id").asText(), "plan_hash",
                plan.get("plan_hash").asText(), "confirmer_principal", "ignored"));
    }

    private static JsonNode execute(MfpV2Client c, JsonNode plan) {
        return c.call("mcsl.backup.restore.execute", Map.of("plan_id", plan.get("plan_id").asText(),
                "executor_principal", "ignored"));
    }

    private static List<String> staging() throws Exception {
        try (Stream<Path> s = Files.list(d.root().resolve("instances"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".restore-")).toList();
        }
    }

    @Test
    void planAndConfirmRefusals() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "rs-refuse", "universal");
        UUID other = V2Fixtures.createEcho(d, c, "rs-other", "universal");
        String archive = backup(c, inst);
        assertThat(code(() -> plan(c, UUID.randomUUID().toString(), inst))).isEqualTo("backup.archive_not_found");
        assertThat(code(() -> plan(c, archive, other))).isEqualTo("backup.instance_mismatch");
        invalidParams(() -> c.call("mcsl.backup.restore.plan", Map.of("archive_id", archive)));
        JsonNode p = plan(c, archive, inst);
        assertThat(p.get("status").asText()).isEqualTo("blocked");
        assertThat(code(() -> execute(c, p))).isEqualTo("plan.not_ready");
        String planId = p.get("plan_id").asText();
        assertThat(code(() -> c.call("mcsl.backup.restore.confirm", Map.of("plan_id", planId, "plan_hash",
                "0".repeat(64), "confirmer_principal", "x")))).isEqualTo("plan.hash_mismatch");
        invalidParams(() -> c.call("mcsl.backup.restore.confirm", Map.of("plan_id", planId, "plan_hash", "  ",
                "confirmer_principal", "x")));
        JsonNode issued = c.call("mcsl.auth.token.issue", Map.of("subject", "rs-bot", "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.backup.**"), "ttl_seconds", 300));
        MfpV2Client bot = d.connectV2(issued.get("token").asText());
        assertThat(code(() -> confirm(bot, p))).isEqualTo("plan.forbidden");
        assertThat(code(() -> c.call("mcsl.backup.restore.confirm", Map.of("plan_id", UUID.randomUUID().toString(),
                "plan_hash", "ab", "confirmer_principal", "x")))).isEqualTo("plan.not_found");
        // a live plan pins its archive against prune
        assertThat(c.call("mcsl.backup.prune", Map.of("owner_principal", "x")).get("removed_archive_ids")
                .toString()).doesNotContain(archive);
    }

    @Test
    void aCorruptedArchiveIsDetectedAndTheDirectoryIsKept() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "rs-corrupt", "universal");
        Files.writeString(dir(inst).resolve("state.txt"), "original");
        String archive = backup(c, inst);
        Files.writeString(dir(inst).resolve("state.txt"), "changed");
        JsonNode p = confirm(c, plan(c, archive, inst));
        Path zip = d.root().resolve("backups/archives/" + archive + ".zip");
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(zip, bytes);
        JsonNode t = awaitTerminal(c, execute(c, p).get("operation_id").asText());
        assertThat(t.get("status").asText()).isEqualTo("failed");
        assertThat(t.get("error_code").asText()).isEqualTo("backup.checksum_mismatch");
        assertThat(Files.readString(dir(inst).resolve("state.txt"))).isEqualTo("changed");
        assertThat(code(() -> execute(c, p))).isEqualTo("plan.single_flight"); // a failed execution consumes it
    }

    @Test
    void aRunningInstanceIsNotReplaced() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "rs-running", "universal");
        String archive = backup(c, inst);
        JsonNode p = confirm(c, plan(c, archive, inst));
        c.call("mcsl.instance.start", id(inst));
        awaitStatus(c, inst, "running");
        try {
            JsonNode t = awaitTerminal(c, execute(c, p).get("operation_id").asText());
            assertThat(t.get("error_code").asText()).isEqualTo("instance.running");
            assertThat(staging()).isEmpty();
        } finally {
            c.call("mcsl.instance.stop", id(inst));
            awaitStatus(c, inst, "stopped");
        }
    }

    @Test
    void confirmedRestoreSwapsTheDirectoryAndConsumesThePlan() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "rs-ok", "universal");
        Files.createDirectories(dir(inst).resolve("world"));
        Files.writeString(dir(inst).resolve("world/level.dat"), "v1");
        String archive = backup(c, inst);
        Files.writeString(dir(inst).resolve("world/level.dat"), "v2");
        Files.writeString(dir(inst).resolve("world/new.dat"), "later");

        JsonNode p = plan(c, archive, inst);
        assertThat(p.get("kind").asText()).isEqualTo("backup.restore");
        assertThat(p.get("risk_class").asText()).isEqualTo("destructive");
        assertThat(p.get("requires_confirmation").asBoolean()).isTrue();
        assertThat(p.get("plan_hash").asText()).matches("[0-9a-f]{64}");
        assertThat(p.get("instance_name").asText()).isEqualTo(inst.toString());
        assertThat(p.get("source").asText()).isEqualTo(archive);
        assertThat(p.get("payload").get("archive_id").asText()).isEqualTo(archive);
        assertThat(p.get("creator_principal").asText()).isEqualTo("daemon-main");
        // the same intent hashes the same (it does not depend on id or times)
        assertThat(plan(c, archive, inst).get("plan_hash").asText()).isEqualTo(p.get("plan_hash").asText());
        JsonNode ready = confirm(c, p);
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(ready.get("confirmed_by").asText()).isEqualTo("daemon-main");
        assertThat(confirm(c, p).get("confirmed_at").asText()).isEqualTo(ready.get("confirmed_at").asText());

        JsonNode started = execute(c, p);
        assertThat(started.get("plan_id").asText()).isEqualTo(p.get("plan_id").asText());
        JsonNode t = awaitTerminal(c, started.get("operation_id").asText());
        assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("succeeded");
        assertThat(t.get("kind").asText()).isEqualTo("backup.restore.execute");
        assertThat(t.get("target").asText()).isEqualTo(p.get("plan_id").asText());
        assertThat(t.get("result_reference").asText()).isEqualTo(archive);
        assertThat(Files.readString(dir(inst).resolve("world/level.dat"))).isEqualTo("v1");
        assertThat(dir(inst).resolve("world/new.dat")).doesNotExist();
        assertThat(staging()).isEmpty();
        assertThat(code(() -> execute(c, p))).isEqualTo("plan.single_flight");
        // still a working instance
        assertThat(V2Fixtures.status(c, inst)).isEqualTo("stopped");
        JsonNode rec = c.call("mcsl.audit.query", Map.of("method", "mcsl.backup.restore.confirm")).get("records")
                .get(0);
        assertThat(rec.get("plan_id").asText()).isEqualTo(p.get("plan_id").asText());
        assertThat(rec.get("plan_hash").asText()).isEqualTo(p.get("plan_hash").asText());
        assertThat(rec.get("confirmed_by").asText()).isEqualTo("daemon-main");
    }
}
