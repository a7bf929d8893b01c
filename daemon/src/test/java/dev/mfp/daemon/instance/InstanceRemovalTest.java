package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.addServer;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** remove_instance (hardening items 14 and 22): a no-follow delete, and open uploads inside are cancelled first. */
@DaemonTest
class InstanceRemovalTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @Test
    void deleteDoesNotFollowADirectorySwappedForALink() throws Exception {
        Path outside = Files.createDirectories(d.workDir().toRealPath().resolve("victim"));
        int files = 400;
        for (int i = 0; i < files; i++) {
            Files.writeString(outside.resolve("f" + i), "precious");
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            UUID id = addServer(d, c, "swap" + attempt);
            Path dir = d.root().resolve("instances/" + id);
            Path sub = dir.resolve("world");
            Path parked = dir.resolve("world-real");
            Files.createDirectories(sub);
            for (int i = 0; i < files; i++) {
                Files.writeString(sub.resolve("f" + i), "x");
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread racer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        Files.move(sub, parked);
                        Files.createSymbolicLink(sub, outside);
                        Thread.onSpinWait();
                        Files.delete(sub);
                        Files.move(parked, sub);
                    } catch (Exception e) {
                        return; // the daemon deleted something the racer needed: the tree is going away
                    }
                }
            }, "swap-racer");
            racer.start();
            int code;
            try {
                c.call("remove_instance", params("id", id.toString()));
                code = 0;
            } catch (MfpException e) {
                code = e.code();
            } finally {
                stop.set(true);
                racer.join(10_000);
            }
            assertThat(code).isIn(0, 21006);
            try (Stream<Path> s = Files.list(outside)) {
                assertThat(s.count()).as("files outside the root deleted").isEqualTo(files);
            }
        }
    }

    @Test
    void removalCancelsOpenUploadsInside() throws Exception {
        UUID id = addServer(d, c, "uploads");
        String fileId = c.call("file_upload_request", params("path", "instances/" + id + "/world/level.dat",
                "size", 10)).get("file_id").asText();
        c.call("remove_instance", params("id", id.toString()));
        assertThat(d.root().resolve("instances/" + id)).doesNotExist();
        assertThat(Requests.code(() -> c.call("file_upload_chunk", params("file_id", fileId, "offset", 0,
                "data", "\u0102")))).isEqualTo(21102);
        // the target is no longer held by the cancelled session (not 21105 in use); the directory is gone, and
        // creating an entry directly under instances/ belongs to add_instance (hardening item 2): 21006
        assertThat(Requests.code(() -> c.call("file_upload_request", params("path", "instances/" + id
                + "/world/level.dat", "size", 2)))).isEqualTo(21006);
    }

    @Test
    void theDirectoryIsMovedAsideAndDeletedInTheBackground() throws Exception {
        UUID id = addServer(d, c, "staged");
        Path world = Files.createDirectories(d.root().resolve("instances/" + id + "/world/region"));
        for (int i = 0; i < 200; i++) {
            Files.write(world.resolve("r." + i + ".mca"), new byte[4096]);
        }
        c.call("remove_instance", params("id", id.toString()));
        assertThat(d.root().resolve("instances/" + id)).doesNotExist();
        org.awaitility.Awaitility.await().atMost(Instances.WAIT).until(() -> {
            try (var s = Files.list(d.root().resolve("instances"))) {
                return s.noneMatch(p -> p.getFileName().toString().startsWith(id + ".removing-"));
            }
        });
    }

    @Test
    void aRemovalInterruptedByAStopIsFinishedAtTheNextStart() throws Exception {
        Path work = Files.createTempDirectory("mfp-removal");
        Path left = work.resolve("daemon/instances/" + UUID.randomUUID() + ".removing-0123456789abcdef0123456789abcdef");
        Files.createDirectories(left.resolve("world"));
        Files.write(left.resolve("world/level.dat"), new byte[10]);
        try (TestDaemon again = TestDaemon.startIn(work)) {
            org.awaitility.Awaitility.await().atMost(Instances.WAIT).until(() -> !Files.exists(left));
            assertThat(again.client().call("get_all_reports", null).get("reports").size()).isZero();
        } finally {
            TestDaemon.deleteTree(work);
        }
    }
}
