package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.codeOf;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers.Mode;
import dev.mfp.daemon.support.Transfers;
import dev.mfp.protocol.codec.Utf16Packing;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bounds of upload sessions (hardening items 11, 13, 21, 22): session caps, no descriptor held by an idle session,
 * a bounded range set, empty files completed at the request, staging files kept out of listings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DaemonTest
class UploadBoundsTest {
    private static final String SHA1_OF_NOTHING = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    private TestDaemon daemon;
    private Path root;

    @BeforeAll
    void start() throws Exception {
        root = daemon.root();
    }

    private static int request(MfpClient c, String path, long size) {
        return codeOf(() -> c.call("file_upload_request", params("path", path, "size", size)));
    }

    @Test
    void sessionsPerConnectionAreCapped() throws Exception {
        MfpClient c = daemon.client();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(c.call("file_upload_request", params("path", "cap/f" + i, "size", 10)).get("file_id").asText());
        }
        assertThat(request(c, "cap/f8", 10)).isEqualTo(10005);
        // another connection is not affected by this one's sessions
        MfpClient other = daemon.client();
        String o = other.call("file_upload_request", params("path", "cap/o", "size", 10)).get("file_id").asText();
        other.call("file_upload_cancel", params("file_id", o));
        // an ended session frees its slot
        c.call("file_upload_cancel", params("file_id", ids.get(0)));
        assertThat(request(c, "cap/f8", 10)).isZero();
        c.close();
    }

    @Test
    void sessionsDaemonWideAreCapped() throws Exception {
        Path work = Files.createTempDirectory("mfp-caps");
        Files.writeString(work.resolve("config.json"),
                "{\"file_upload_sessions_per_connection\":2,\"file_upload_sessions\":3}");
        try (TestDaemon d = TestDaemon.startIn(work)) {
            MfpClient a = d.client();
            MfpClient b = d.client();
            assertThat(request(a, "a1", 1)).isZero();
            assertThat(request(a, "a2", 1)).isZero();
            assertThat(request(a, "a3", 1)).isEqualTo(10005);
            assertThat(request(b, "b1", 1)).isZero();
            assertThat(request(b, "b2", 1)).isEqualTo(10005); // the daemon-wide cap (3) is reached
            a.close();
            // a's sessions end with its connection; b gets the freed slots
            org.awaitility.Awaitility.await().atMost(Transfers.generous())
                    .until(() -> request(b, "b2", 1) == 0);
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    @Test
    void idleSessionsHoldNoDescriptor() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
        MfpClient c = daemon.client();
        Transfers t = new Transfers(c);
        byte[] data = Bytes.random(4000, 3);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID id = t.request("fds/f" + i, data.length, Bytes.sha1(data), Mode.BASE64);
            t.chunk(id, 0, data, 0, 1000, Mode.BASE64);
            ids.add(id);
        }
        assertThat(openUnder(root.resolve("fds"))).as("descriptors held by idle sessions").isEmpty();
        for (UUID id : ids) {
            assertThat(t.chunk(id, 1000, data, 1000, 4000, Mode.BINARY).get("done").asBoolean()).isTrue();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(Files.readAllBytes(root.resolve("fds/f" + i))).isEqualTo(data);
        }
        c.close();
    }

    @Test
    void rangeSetIsBounded() throws Exception {
        MfpClient c = daemon.client();
        Transfers t = new Transfers(c);
        int ranges = 4096;
        long size = 2L * ranges + 2;
        UUID id = t.request("ranges/f", size, null, Mode.BINARY);
        // 4096 disjoint one-byte ranges at even offsets, pipelined as binary frames
        for (int i = 0; i < ranges; i++) {
            c.sendBinary(Transfers.frame(id, 2L * i, new byte[] {1}, null));
        }
        for (int i = 0; i < ranges; i++) {
            JsonNode ack = t.nextAck();
            assertThat(ack).isNotNull();
            assertThat(ack.has("error")).as(ack.toString()).isFalse();
        }
        // one more disjoint range is refused and nothing is recorded
        assertThat(code(() -> c.call("file_upload_chunk", params("file_id", id.toString(), "offset", 2L * ranges,
                "data", Utf16Packing.encode(new byte[] {1, 0}))))).isEqualTo(11002);
        c.sendBinary(Transfers.frame(id, 2L * ranges, new byte[] {1}, null));
        assertThat(t.nextAck().get("error").asText()).startsWith("Bad Format");
        // a chunk that joins existing ranges is still accepted (it does not add a range)
        JsonNode joined = t.chunk(id, 1, new byte[] {2}, 0, 1, Mode.BINARY);
        assertThat(joined.get("received").asLong()).isEqualTo(ranges + 1);
        // and the whole file can still be completed
        byte[] rest = new byte[(int) size];
        JsonNode done = t.chunk(id, 0, rest, 0, (int) size, Mode.BINARY);
        assertThat(done.get("done").asBoolean()).isTrue();
        c.close();
    }

    @Test
    void emptyFileIsCompleteAtTheRequest() throws Exception {
        MfpClient c = daemon.client();
        Files.createDirectories(root.resolve("empty"));
        String id = c.call("file_upload_request", params("path", "empty/e.txt", "size", 0, "sha1", SHA1_OF_NOTHING))
                .get("file_id").asText();
        // the web client sends no chunk: the file is there already, and nothing holds the directory
        assertThat(root.resolve("empty/e.txt")).exists().isEmptyFile();
        assertThat(FilesUploadTest.stagingFiles(root.resolve("empty"))).isZero();
        // an empty chunk after it is answered as a completed upload
        JsonNode late = c.call("file_upload_chunk", params("file_id", id, "offset", 0, "data", ""));
        assertThat(late.get("done").asBoolean()).isTrue();
        assertThat(late.get("received").asLong()).isZero();
        c.call("delete_directory", params("path", "empty", "recursive", true));
        assertThat(root.resolve("empty")).doesNotExist();
        // a wrong sha1 for an empty file fails at the request; nothing is created
        assertThat(code(() -> c.call("file_upload_request", params("path", "empty2/e", "size", 0, "sha1",
                "A".repeat(40))))).isEqualTo(60003);
        assertThat(root.resolve("empty2/e")).doesNotExist();
        c.close();
    }

    @Test
    void stagingFilesAreNotListed() throws Exception {
        MfpClient c = daemon.client();
        c.call("file_upload_request", params("path", "listed/f.bin", "size", 10));
        Files.writeString(root.resolve("listed/.note.txt"), "x");
        assertThat(FilesUploadTest.stagingFiles(root.resolve("listed"))).isOne();
        JsonNode listing = c.call("get_directory_info", params("path", "listed"));
        assertThat(listing.get("files").findValuesAsText("name")).containsExactly(".note.txt");
        c.close();
    }

    /** Paths under {@code dir} that this process has open (descriptors in /proc/self/fd). */
    private static List<String> openUnder(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        out.add(target);
                    }
                } catch (IOException gone) {
                    // closed meanwhile (or the directory stream's own descriptor)
                }
            }
        }
        return out;
    }
}
