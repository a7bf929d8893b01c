package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2BackupTest.awaitTerminal;
import static dev.mfp.daemon.api.v2.V2BackupTest.startBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.ChildDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9: a kill -9 of the daemon in the middle of a restore leaves the old directory or the restored one,
 * never a mix, and the next daemon cleans up the staging tree and still serves the instance.
 */
class V2RestoreKillTest {
    @TempDir
    Path work;

    private static Map<String, Long> snapshot(Path dir) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(dir.relativize(p).toString(), Files.size(p) * 31 + Files.readAllBytes(p)[0]);
                }
            }
        }
        return out;
    }

    /** Files already extracted into a staging tree ({@code .restore-<hex>/data}), 0 when there is none yet. */
    private static long extracted(Path instances) throws Exception {
        try (Stream<Path> s = Files.list(instances)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".restore-") && !n.startsWith(".restore-old-") && Files.isDirectory(p.resolve("data"))) {
                    try (Stream<Path> f = Files.list(p.resolve("data"))) {
                        return f.count();
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException gone) {
            return 0;
        }
        return 0;
    }

    private static JsonNode call(MfpV2Client c, String method, Object... kv) {
        Map<String, Object> p = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return c.call(method, p);
    }

    @Test
    void aKillDuringARestoreLeavesTheOldOrTheRestoredDirectory() throws Exception {
        Path root = work.resolve("daemon");
        UUID inst;
        Map<String, Long> before;
        Map<String, Long> changed;
        String operation;
        try (ChildDaemon d1 = ChildDaemon.start(work, "-Xmx256m")) {
            MfpV2Client c = d1.v2();
            inst = V2Fixtures.create(c, V2Fixtures.echoRequest(root, "rk", "universal"));
            Path dir = root.resolve("instances/" + inst);
            Random r = new Random(7);
            Files.createDirectories(dir.resolve("data"));
            byte[] chunk = new byte[256 * 1024];
            for (int i = 0; i < 240; i++) {
                r.nextBytes(chunk);
                chunk[0] = 'A';
                Files.write(dir.resolve("data/f" + i), chunk);
            }
            JsonNode b = awaitTerminal(c, startBackup(c, inst, false));
            assertThat(b.get("status").asText()).as(b.toString()).isEqualTo("succeeded");
            String archive = b.get("result_reference").asText();
            before = snapshot(dir);
            for (int i = 0; i < 20; i++) {
                Files.delete(dir.resolve("data/f" + i));
            }
            Files.writeString(dir.resolve("data/extra"), "B after the backup");
            changed = snapshot(dir);
            JsonNode plan = call(c, "mcsl.backup.restore.plan", "archive_id", archive, "instance_id", inst.toString(),
                    "creator_principal", "x");
            call(c, "mcsl.backup.restore.confirm", "plan_id", plan.get("plan_id").asText(), "plan_hash",
                    plan.get("plan_hash").asText(), "confirmer_principal", "x");
            Path journal = root.resolve("backups/restoring/" + inst + ".json");
            operation = call(c, "mcsl.backup.restore.execute", "plan_id", plan.get("plan_id").asText(),
                    "executor_principal", "x").get("operation_id").asText();
            // kill in the middle of the extraction: the staging tree holds part of the archive
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> Files.exists(journal)
                    && extracted(root.resolve("instances")) >= 20);
            d1.killHard();
        }
        try (ChildDaemon d2 = ChildDaemon.start(work, "-Xmx256m")) {
            MfpV2Client c = d2.v2();
            JsonNode op = call(c, "mcsl.operation.get", "operation_id", operation);
            assertThat(op.get("status").asText()).as("the kill fell inside the restore").isEqualTo("interrupted");
            Map<String, Long> now = snapshot(root.resolve("instances/" + inst));
            assertThat(now).satisfiesAnyOf(m -> assertThat(m).isEqualTo(before), m -> assertThat(m).isEqualTo(changed));
            try (Stream<Path> s = Files.list(root.resolve("instances"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly(inst.toString());
            }
            try (Stream<Path> s = Files.list(root.resolve("backups/restoring"))) {
                assertThat(s).isEmpty();
            }
            assertThat(call(c, "mcsl.instance.report.get", "instance_id", inst.toString()).get("status").asText())
                    .isEqualTo("stopped");
            c.close();
        }
    }
}
