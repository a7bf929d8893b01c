package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2Fixtures.awaitStatus;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static dev.mfp.daemon.api.v2.V2Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.backup.BackupService;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** backups.md §1–§3.3, §5, §6 over a real /api/v2 WebSocket with real instances. */
@DaemonTest(noChildProcessesAfter = true)
class V2BackupTest {
    private static TestDaemon d;

    static Map<String, Object> create(UUID instance, boolean maintenance) {
        return Map.of("instance_id", instance.toString(), "maintenance", maintenance, "owner_principal", "ignored");
    }

    static String startBackup(MfpV2Client c, UUID instance, boolean maintenance) {
        return c.call("mcsl.backup.create", create(instance, maintenance)).get("operation_id").asText();
    }

    static JsonNode awaitTerminal(MfpV2Client c, String operationId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = c.call("mcsl.operation.get", Map.of("operation_id", operationId));
            return !Set.of("queued", "running").contains(last[0].get("status").asText());
        });
        return last[0];
    }

    static List<JsonNode> archives(MfpV2Client c, UUID instance) {
        Map<String, Object> p = new HashMap<>();
        p.put("instance_id", instance == null ? null : instance.toString());
        List<JsonNode> out = new ArrayList<>();
        c.call("mcsl.backup.list", p).get("archives").forEach(out::add);
        return out;
    }

    static Set<String> archiveFiles(TestDaemon daemon) throws IOException {
        Path dir = daemon.root().resolve("backups/archives");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    static String sha256(Path p) throws Exception {
        return Bytes.sha256(Files.readAllBytes(p));
    }

    private static Path dir(UUID instance) {
        return d.root().resolve("instances/" + instance);
    }

    // --- failure paths first ---

    @Test
    void directBackupOfARunningInstanceIsRefusedAtOnce() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "bk-running", "universal");
        c.call("mcsl.instance.start", id(inst));
        awaitStatus(c, inst, "running");
        try {
            MfpV2Exception e = V2Fixtures.error(() -> c.call("mcsl.backup.create", create(inst, false)));
            assertThat(e.daemonErrorCode()).isEqualTo("instance.running");
            assertThat(e.code()).isEqualTo(-32000);
            assertThat(archives(c, inst)).isEmpty();
        } finally {
            c.call("mcsl.instance.stop", id(inst));
            awaitStatus(c, inst, "stopped");
        }
    }

    @Test
    void unknownInstanceAndStrictParams() {
        MfpV2Client c = d.v2();
        assertThat(code(() -> c.call("mcsl.backup.create", create(UUID.randomUUID(), false))))
                .isEqualTo("instance.not_found");
        invalidParams(() -> c.call("mcsl.backup.list", Map.of()));
        invalidParams(() -> c.call("mcsl.backup.create", Map.of("instance_id", UUID.randomUUID().toString(),
                "maintenance", false))); // owner_principal is required (and ignored)
        invalidParams(() -> c.call("mcsl.backup.prune", Map.of()));
        invalidParams(() -> c.call("mcsl.backup.list", Map.of("instance_id", "not-a-uuid")));
    }

    @Test
    void aSymlinkPointingOutsideIsNeverFollowedIntoAnArchive() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "bk-link", "universal");
        Path outside = Files.createTempFile("mfp-outside", ".txt");
        try {
            Files.writeString(outside, "TOP-SECRET-OUTSIDE");
            Files.createDirectories(dir(inst).resolve("world"));
            Files.createSymbolicLink(dir(inst).resolve("world/escape.txt"), outside);
            Set<String> before = archiveFiles(d);
            JsonNode op = awaitTerminal(c, startBackup(c, inst, false));
            assertThat(op.get("status").asText()).isEqualTo("failed");
            assertThat(op.get("error_code").asText()).isEqualTo("operation.failed");
            assertThat(op.get("error_message").asText()).contains("symbolic link");
            assertThat(op.get("result_reference").isNull()).isTrue();
            assertThat(archives(c, inst)).isEmpty();
            assertThat(archiveFiles(d)).isEqualTo(before);
        } finally {
            Files.deleteIfExists(dir(inst).resolve("world/escape.txt"));
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void cancelMidBackupLeavesNoArchiveUnderTheFinalName() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "bk-cancel", "universal");
        Path big = Files.createDirectories(dir(inst).resolve("big"));
        Random r = new Random(42);
        byte[] chunk = new byte[256 * 1024];
        for (int i = 0; i < 200; i++) {
            r.nextBytes(chunk); // incompressible: deflate has to work through every byte
            Files.write(big.resolve("f" + i + ".bin"), chunk);
        }
        Set<String> before = archiveFiles(d);
        String op = startBackup(c, inst, false);
        JsonNode cancel = c.call("mcsl.operation.cancel", Map.of("operation_id", op));
        assertThat(cancel.get("operation_id").asText()).isEqualTo(op);
        assertThat(cancel.get("cancel_requested").asBoolean()).isTrue();
        JsonNode after = c.call("mcsl.operation.get", Map.of("operation_id", op));
        assertThat(after.get("cancellable").asBoolean()).isFalse();
        // a second cancel: already requested
        assertThat(c.call("mcsl.operation.cancel", Map.of("operation_id", op)).get("cancel_requested").asBoolean())
                .isFalse();
        JsonNode t = awaitTerminal(c, op);
        assertThat(t.get("status").asText()).isEqualTo("cancelled");
        assertThat(t.get("stage").asText()).isEqualTo("cancelled");
        assertThat(t.get("error_code").asText()).isEqualTo("operation.cancelled");
        assertThat(t.get("error_message").asText()).isEqualTo("The operation was cancelled.");
        assertThat(t.get("completed_at").isNull()).isFalse();
        assertThat(archives(c, inst)).isEmpty();
        assertThat(archiveFiles(d)).isEqualTo(before); // neither <id>.zip nor <id>.zip.tmp
    }

    // --- success ---

    @Test
    void backupOfAStoppedInstanceSucceedsWithAVerifiableArchive() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "bk-ok", "universal");
        Files.createDirectories(dir(inst).resolve("world/region"));
        Files.writeString(dir(inst).resolve("world/region/r.0.0.mca"), "region-bytes");
        Files.createDirectories(dir(inst).resolve(".restore-0123"));
        Files.writeString(dir(inst).resolve(".restore-0123/skipped.txt"), "staging");
        Files.writeString(dir(inst).resolve("world/.removing-x"), "skipped too");
        String op = startBackup(c, inst, false);
        JsonNode t = awaitTerminal(c, op);
        assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("succeeded");
        assertThat(t.get("kind").asText()).isEqualTo("backup.create");
        assertThat(t.get("target").asText()).isEqualTo(inst.toString());
        assertThat(t.get("owner_principal").asText()).isEqualTo("daemon-main");
        assertThat(t.get("cancellable").asBoolean()).isFalse();
        assertThat(t.get("error_code").isNull()).isTrue();
        String archiveId = t.get("result_reference").asText();

        List<JsonNode> list = archives(c, inst);
        assertThat(list).hasSize(1);
        JsonNode m = list.get(0);
        assertThat(m.get("archive_id").asText()).isEqualTo(archiveId);
        assertThat(m.get("instance_id").asText()).isEqualTo(inst.toString());
        assertThat(m.get("instance_name").asText()).isEqualTo("bk-ok");
        assertThat(m.get("manifest_version").asInt()).isEqualTo(1);
        assertThat(m.get("compression_method").asText()).isEqualTo("deflate");
        Path zip = d.root().resolve("backups/archives/" + archiveId + ".zip");
        assertThat(zip).exists();
        assertThat(m.get("sha256").asText()).isEqualTo(sha256(zip));
        assertThat(m.get("compressed_size_bytes").asLong()).isEqualTo(Files.size(zip));
        assertThat(m.get("config_sha256").asText()).isEqualTo(sha256(dir(inst).resolve("daemon_instance.json")));
        List<String> manifestPaths = new ArrayList<>();
        long total = 0;
        for (JsonNode f : m.get("files")) {
            manifestPaths.add(f.get("relative_path").asText());
            total += f.get("size_bytes").asLong();
        }
        assertThat(m.get("total_size_bytes").asLong()).isEqualTo(total);
        assertThat(manifestPaths).contains("world/region/r.0.0.mca", "daemon_instance.json", "server.sh")
                .noneMatch(p -> p.contains(".restore-") || p.contains(".removing-"));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = z.stream().map(ZipEntry::getName).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(manifestPaths);
            assertThat(new String(z.getInputStream(z.getEntry("world/region/r.0.0.mca")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("region-bytes");
        }
        // listed without a filter too, and by everyone with the permission
        assertThat(archives(c, null)).extracting(n -> n.get("archive_id").asText()).contains(archiveId);
        // the audit record carries the instance as target and the operation id
        JsonNode rec = c.call("mcsl.audit.query", Map.of("method", "mcsl.backup.create", "target", inst.toString()))
                .get("records").get(0);
        assertThat(rec.get("operation_id").asText()).isEqualTo(op);
    }

    @Test
    void maintenanceBackupStopsArchivesAndStartsTheInstanceAgain() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "bk-maint", "universal");
        c.call("mcsl.instance.start", id(inst));
        awaitStatus(c, inst, "running");
        try {
            JsonNode t = awaitTerminal(c, startBackup(c, inst, true));
            assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("succeeded");
            assertThat(t.get("progress").get("unit").asText()).isEqualTo("weight");
            assertThat(t.get("progress").get("completed").asDouble()).isEqualTo(1.0);
            assertThat(archives(c, inst)).hasSize(1);
            awaitStatus(c, inst, "running");
        } finally {
            c.call("mcsl.instance.stop", id(inst));
            awaitStatus(c, inst, "stopped");
        }
    }

    /**
     * backups.md §3.2: a server that does not stop within the wait fails the maintenance backup with
     * {@code backup.stop_timeout}, writes no archive, and is not left for dead (the kill of the stop timeout still
     * ends it). The 30 s wait is shortened to 1.5 s by {@link BackupService#TEST_STOP_WAIT}; the stop's own kill
     * comes after 20 s.
     */
    @Test
    void aServerThatDoesNotStopFailsTheMaintenanceBackup() throws Exception {
        Path work = Files.createTempDirectory("mfp-backup-hang");
        System.setProperty(BackupService.TEST_STOP_WAIT, "1500");
        try (TestDaemon hang = TestDaemon.startWith(work, Map.of("instance_stop_timeout_ms", 20_000))) {
            System.clearProperty(BackupService.TEST_STOP_WAIT);
            MfpV2Client c = hang.v2();
            UUID inst = V2Fixtures.createServer(hang, c, "bk-hang");
            c.call("mcsl.instance.start", id(inst));
            awaitStatus(c, inst, "running");
            V2Fixtures.send(c, inst, "testkit hang-on-stop");
            JsonNode t = awaitTerminal(c, startBackup(c, inst, true));
            assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("failed");
            assertThat(t.get("error_code").asText()).isEqualTo("backup.stop_timeout");
            assertThat(archives(c, inst)).isEmpty();
            assertThat(archiveFiles(hang)).isEmpty();
            assertThat(status(c, inst)).isEqualTo("stopping"); // still the daemon's to end, not forgotten
            c.call("mcsl.instance.halt", id(inst));
            awaitStatus(c, inst, "stopped");
        } finally {
            System.clearProperty(BackupService.TEST_STOP_WAIT);
            TestDaemon.deleteTree(work);
        }
    }

    @Test
    void pruneAndRetentionKeepAtMostMaximumCount() throws Exception {
        Path work = Files.createTempDirectory("mfp-backup-count");
        try {
            Files.writeString(work.resolve("config.json"), "{\"backups\":{\"maximum_count\":2}}");
            try (TestDaemon small = TestDaemon.startIn(work)) {
                MfpV2Client c = small.v2();
                UUID inst = V2Fixtures.createEcho(small, c, "bk-count", "universal");
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    JsonNode t = awaitTerminal(c, startBackup(c, inst, false));
                    assertThat(t.get("status").asText()).isEqualTo("succeeded");
                    ids.add(t.get("result_reference").asText());
                }
                // retention ran after each archive: the oldest is gone, index first, then its zip
                assertThat(archives(c, inst)).extracting(n -> n.get("archive_id").asText())
                        .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
                assertThat(archiveFiles(small)).containsExactlyInAnyOrder(ids.get(1) + ".zip", ids.get(2) + ".zip");
                JsonNode pruned = c.call("mcsl.backup.prune", Map.of("owner_principal", "x"));
                assertThat(pruned.get("removed_archive_ids")).isEmpty();
                // sorted newest first
                assertThat(archives(c, null).get(0).get("archive_id").asText()).isEqualTo(ids.get(2));
            }
            // a zip without a manifest (a kill between the rename and the index) is deleted at start
            Files.writeString(work.resolve("daemon/backups/archives/" + UUID.randomUUID() + ".zip"), "orphan");
            Files.writeString(work.resolve("daemon/backups/archives/" + UUID.randomUUID() + ".zip.tmp"), "half");
            Files.writeString(work.resolve("config.json"), "{\"backups\":{\"maximum_count\":1}}");
            try (TestDaemon again = TestDaemon.startIn(work)) {
                MfpV2Client c = again.v2();
                assertThat(archiveFiles(again)).hasSize(2);
                List<JsonNode> before = archives(c, null);
                JsonNode pruned = c.call("mcsl.backup.prune", Map.of("owner_principal", "x"));
                // oldest removed first down to the new cap
                assertThat(pruned.get("removed_archive_ids")).hasSize(1);
                assertThat(pruned.get("removed_archive_ids").get(0).asText())
                        .isEqualTo(before.get(1).get("archive_id").asText());
                assertThat(archives(c, null)).hasSize(1);
                assertThat(archiveFiles(again)).containsExactly(before.get(0).get("archive_id").asText() + ".zip");
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }
}
