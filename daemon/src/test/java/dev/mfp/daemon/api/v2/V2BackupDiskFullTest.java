package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2BackupTest.archiveFiles;
import static dev.mfp.daemon.api.v2.V2BackupTest.archives;
import static dev.mfp.daemon.api.v2.V2BackupTest.awaitTerminal;
import static dev.mfp.daemon.api.v2.V2BackupTest.startBackup;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9: a disk that fills up during an archive or a restore. The daemon runs on a real 32 MiB tmpfs (mounting
 * needs root, which CI has); the operation fails with {@code operation.failed}, no partial archive or staging tree
 * is left, the instance is untouched, and once space is back the same operations succeed.
 */
class V2BackupDiskFullTest {
    private Path mount;
    private TestDaemon d;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("mfp-diskfull");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m,mode=0755", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "a tmpfs cannot be mounted here (needs root): " + out);
        d = TestDaemon.startIn(mount);
    }

    @AfterEach
    void unmount() throws Exception {
        if (d != null) {
            d.close();
        }
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(mount);
        }
    }

    private static void random(Path f, int mib) throws Exception {
        byte[] b = new byte[1024 * 1024];
        Random r = new Random(mib);
        try (var out = Files.newOutputStream(f)) {
            for (int i = 0; i < mib; i++) {
                r.nextBytes(b);
                out.write(b);
            }
        }
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(d.root().resolve("instances"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    private JsonNode restore(MfpV2Client c, String archive, UUID inst) {
        JsonNode plan = c.call("mcsl.backup.restore.plan", Map.of("archive_id", archive, "instance_id",
                inst.toString(), "creator_principal", "x"));
        c.call("mcsl.backup.restore.confirm", Map.of("plan_id", plan.get("plan_id").asText(), "plan_hash",
                plan.get("plan_hash").asText(), "confirmer_principal", "x"));
        return awaitTerminal(c, c.call("mcsl.backup.restore.execute", Map.of("plan_id",
                plan.get("plan_id").asText(), "executor_principal", "x")).get("operation_id").asText());
    }

    @Test
    void aFullDiskFailsTheArchiveAndTheRestoreCleanly() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "disk-full", "universal");
        Path dir = d.root().resolve("instances/" + inst);
        random(dir.resolve("big.bin"), 20); // incompressible: its archive needs 20 MiB more than is left
        byte[] big = Files.readAllBytes(dir.resolve("big.bin"));

        JsonNode failed = awaitTerminal(c, startBackup(c, inst, false));
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("error_code").asText()).isEqualTo("operation.failed");
        assertThat(archiveFiles(d)).as("no partial archive").isEmpty();
        assertThat(archives(c, inst)).isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("big.bin"))).isEqualTo(big);
        assertThat(c.call("mcsl.daemon.ping", Map.of()).has("time")).isTrue();

        // space back: the same backup works
        Files.delete(dir.resolve("big.bin"));
        random(dir.resolve("world.bin"), 8);
        Files.writeString(dir.resolve("state.txt"), "archived");
        JsonNode ok = awaitTerminal(c, startBackup(c, inst, false));
        assertThat(ok.get("status").asText()).as(ok.toString()).isEqualTo("succeeded");
        String archive = ok.get("result_reference").asText();

        // a restore that runs out of space while extracting leaves the instance as it was
        Files.writeString(dir.resolve("state.txt"), "current");
        Path filler = d.workDir().resolve("filler.bin");
        long free = Files.getFileStore(mount).getUsableSpace();
        random(filler, (int) (free / (1024 * 1024)) - 3);
        JsonNode full = restore(c, archive, inst);
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("failed");
        assertThat(full.get("error_code").asText()).isEqualTo("operation.failed");
        assertThat(dir.resolve("state.txt")).hasContent("current");
        assertThat(leftovers()).as("no staging tree").isEmpty();
        try (Stream<Path> s = Files.list(d.root().resolve("backups/restoring"))) {
            assertThat(s).isEmpty();
        }

        Files.delete(filler);
        JsonNode restored = restore(c, archive, inst);
        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("succeeded");
        assertThat(dir.resolve("state.txt")).hasContent("archived");
        assertThat(leftovers()).isEmpty();
    }
}
