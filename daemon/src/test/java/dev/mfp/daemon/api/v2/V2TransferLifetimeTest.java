package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.support.Bytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.files.FileFault;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.StrictPaths;
import dev.mfp.daemon.files.download.SnapshotDownloads;
import dev.mfp.daemon.files.upload.SequentialUploads;
import dev.mfp.daemon.support.ManualClock;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixed 30-minute lifetime of transfer sessions (transfer.md §6), on the core with a movable clock, and the
 * {@code file_download_sessions} key of a real daemon (0 = unlimited).
 */
class V2TransferLifetimeTest {
    @TempDir
    Path root;

    @Test
    void uploadsExpireThirtyMinutesAfterTheirOpenWhateverArrives() throws Exception {
        ManualClock clock = new ManualClock("2030-01-01T00:00:00Z");
        StrictPaths paths = new StrictPaths(new RootFs(root));
        SequentialUploads up = new SequentialUploads(paths, new FileUsage(), new dev.mfp.daemon.files.SessionSlots(8, 64), clock,
                SequentialUploads.LIFETIME);
        UUID conn = UUID.randomUUID();
        byte[] content = new byte[10];
        SequentialUploads.Opened o = up.open("f.bin", 10, sha256(content), conn);
        assertThat(o.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(29));
        up.chunk(o.sessionId(), conn, 0, ByteBuffer.wrap(content, 0, 5)); // does not extend the lifetime
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> up.chunk(o.sessionId(), conn, 5, ByteBuffer.wrap(content, 5, 5)))
                .isInstanceOfSatisfying(FileFault.class,
                        f -> assertThat(f.reason()).isEqualTo(FileFault.Reason.SESSION_NOT_FOUND));
        assertThat(staging()).isZero();
        assertThat(up.activeSessions()).isZero();
        // the sweep ends an idle expired session too
        SequentialUploads.Opened o2 = up.open("g.bin", 10, sha256(content), conn);
        up.sweep();
        assertThat(up.activeSessions()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(31));
        up.sweep();
        assertThat(up.activeSessions()).isZero();
        assertThat(staging()).isZero();
        assertThatThrownBy(() -> up.close(o2.sessionId(), conn)).isInstanceOf(FileFault.class);
    }

    @Test
    void downloadsExpireAndStopping() throws Exception {
        ManualClock clock = new ManualClock("2030-01-01T00:00:00Z");
        Files.write(root.resolve("d.bin"), new byte[100]);
        StrictPaths paths = new StrictPaths(new RootFs(root));
        SnapshotDownloads down = new SnapshotDownloads(paths, new FileUsage(), new dev.mfp.daemon.files.SessionSlots(3, 256), clock,
                SnapshotDownloads.LIFETIME);
        UUID conn = UUID.randomUUID();
        SnapshotDownloads.Opened o = down.open("d.bin", conn, true);
        assertThat(down.read(o.sessionId(), conn, 0, 10, 0).length()).isEqualTo(10);
        clock.advance(Duration.ofMinutes(30));
        assertThatThrownBy(() -> down.read(o.sessionId(), conn, 0, 10, 0)).isInstanceOfSatisfying(FileFault.class,
                f -> assertThat(f.reason()).isEqualTo(FileFault.Reason.SESSION_NOT_FOUND));
        assertThat(down.activeSessions()).isZero();
        down.closeAll();
        assertThatThrownBy(() -> down.open("d.bin", conn, true)).isInstanceOfSatisfying(FileFault.class,
                f -> assertThat(f.reason()).isEqualTo(FileFault.Reason.STOPPED));
    }

    @Test
    void zeroDownloadSessionsMeansUnlimited(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("config.json"), "{\"file_download_sessions\": 0}");
        try (TestDaemon d = TestDaemon.startIn(work)) {
            Files.write(d.root().resolve("d.bin"), new byte[3]);
            MfpV2Client c = d.v2();
            for (int i = 0; i < 6; i++) {
                JsonNode o = c.call("mcsl.file.download.open", Map.of("path", "d.bin"));
                assertThat(o.get("length").asInt()).isEqualTo(3);
            }
        }
    }

    private long staging() throws Exception {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload.tmp")).count();
        }
    }
}
