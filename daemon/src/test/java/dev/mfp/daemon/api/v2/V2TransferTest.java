package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.support.Bytes.random;
import static dev.mfp.daemon.support.Bytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.CloseInfo;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.v2.BinaryFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upload and download sessions of transfer.md §4–§5 and binary.md §4 over a real daemon. */
@DaemonTest
class V2TransferTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ACK = "mcsl.file.upload.ack";
    private static TestDaemon daemon;
    @MainClient
    private MfpV2Client c;
    private String t;
    private Path dir;

    @BeforeEach
    void fresh() throws Exception {
        t = "t-" + UUID.randomUUID().toString().substring(0, 8);
        dir = Files.createDirectories(daemon.root().resolve(t));
    }

    // ---- helpers ----

    private UUID open(MfpV2Client client, String path, byte[] content) throws Exception {
        JsonNode r = client.call("mcsl.file.upload.open", Map.of("path", path, "length", content.length,
                "sha256", sha256(content)));
        assertThat(r.get("max_chunk_size").asInt()).isEqualTo(1_048_576);
        return UUID.fromString(r.get("session_id").asText());
    }

    private static byte[] chunk(UUID id, long offset, byte[] content, int from, int len) {
        return BinaryFrame.encode(BinaryFrame.Kind.UPLOAD_CHUNK, id, offset, content, from, len);
    }

    private static JsonNode ack(MfpV2Client client) throws Exception {
        JsonNode n = client.nextNotification(ACK, WAIT);
        assertThat(n).as("an upload ack").isNotNull();
        assertThat(n.has("id")).isFalse();
        return n.get("params");
    }

    private static void assertAccepted(JsonNode ack, UUID id, long offset, int length) {
        assertThat(ack.get("session_id").asText()).isEqualTo(id.toString());
        assertThat(ack.get("offset").asLong()).isEqualTo(offset);
        assertThat(ack.get("length").asInt()).isEqualTo(length);
        assertThat(ack.get("status").asText()).as(ack.toString()).isEqualTo("accepted");
        assertThat(ack.has("error")).isFalse();
    }

    private static void assertRejected(JsonNode ack, long offset, String code) {
        assertThat(ack.get("offset").asLong()).isEqualTo(offset);
        assertThat(ack.get("status").asText()).isEqualTo("rejected");
        JsonNode e = ack.get("error");
        assertThat(e.get("code").asInt()).isEqualTo(-32000);
        assertThat(e.get("message").asText()).isEqualTo("Daemon error");
        assertThat(e.get("data").get("daemon_error_code").asText()).isEqualTo(code);
        assertThat(e.get("data").get("execution_owner").get("id").asText()).isEqualTo("mcsl.daemon");
    }

    private static void fails(MfpV2Client client, String method, Object params, String code) {
        assertThatThrownBy(() -> client.call(method, params)).as("%s %s", method, params)
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> assertThat(e.daemonErrorCode()).isEqualTo(code));
    }

    private static Map<String, Object> session(UUID id) {
        return Map.of("session_id", id.toString());
    }

    private List<String> stagingFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".upload.tmp")).toList();
        }
    }

    private static CloseInfo closedWith(MfpV2Client client) throws Exception {
        return client.closed().get(10, TimeUnit.SECONDS);
    }

    // ---- attack cases first: frames and sessions that must not do harm ----

    @Test
    void anOutOfOrderOffsetEndsTheSession() throws Exception {
        byte[] content = random(100, 1);
        UUID id = open(c, t + "/f.bin", content);
        c.sendBinary(chunk(id, 10, content, 10, 10));
        assertRejected(ack(c), 10, "file.chunk.offset.invalid");
        assertThat(stagingFiles()).isEmpty();
        c.sendBinary(chunk(id, 0, content, 0, 10));
        assertRejected(ack(c), 0, "file.session.not_found");
        fails(c, "mcsl.file.upload.close", session(id), "file.session.not_found");
        assertThat(dir.resolve("f.bin")).doesNotExist();
    }

    @Test
    void aResentChunkAndAChunkBeyondTheLengthAreTerminal() throws Exception {
        byte[] content = random(20, 2);
        UUID id = open(c, t + "/f.bin", content);
        c.sendBinary(chunk(id, 0, content, 0, 10));
        assertAccepted(ack(c), id, 0, 10);
        c.sendBinary(chunk(id, 0, content, 0, 10)); // no re-sends
        assertRejected(ack(c), 0, "file.chunk.offset.invalid");
        fails(c, "mcsl.file.upload.cancel", session(id), "file.session.not_found");

        UUID id2 = open(c, t + "/g.bin", content);
        byte[] more = random(21, 3);
        c.sendBinary(chunk(id2, 0, more, 0, 21)); // offset + payload > length
        assertRejected(ack(c), 0, "file.chunk.offset.invalid");
        fails(c, "mcsl.file.upload.close", session(id2), "file.session.not_found");
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void aWrongHashFailsTheCloseDeletesStagingAndLeavesTheTarget() throws Exception {
        Files.writeString(dir.resolve("f.bin"), "original");
        byte[] content = random(64, 4);
        JsonNode r = c.call("mcsl.file.upload.open", Map.of("path", t + "/f.bin", "length", 64,
                "sha256", sha256(random(64, 5))));
        UUID id = UUID.fromString(r.get("session_id").asText());
        c.sendBinary(chunk(id, 0, content, 0, 64));
        assertAccepted(ack(c), id, 0, 64);
        fails(c, "mcsl.file.upload.close", session(id), "file.upload.hash_mismatch");
        assertThat(stagingFiles()).isEmpty();
        assertThat(dir.resolve("f.bin")).hasContent("original");
        fails(c, "mcsl.file.upload.close", session(id), "file.session.not_found");
    }

    @Test
    void anUploadFrameWithABadHeaderAfterItsIdentityEndsTheSessionWithoutAnAck() throws Exception {
        byte[] content = random(30, 6);
        for (String mutation : List.of("negative offset", "declared shorter", "declared longer")) {
            UUID id = open(c, t + "/f.bin", content);
            assertThat(stagingFiles()).hasSize(1);
            byte[] frame = chunk(id, 0, content, 0, 3);
            ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            switch (mutation) {
                case "negative offset" -> b.putLong(20, -1);
                case "declared shorter" -> b.putInt(28, 2);
                default -> b.putInt(28, 99);
            }
            c.sendBinary(frame);
            // the connection stays open and the session is gone, with no ack
            assertThat(c.call("mcsl.daemon.ping").has("time")).isTrue();
            fails(c, "mcsl.file.upload.close", session(id), "file.session.not_found");
            assertThat(c.nextNotification(ACK, Duration.ofMillis(200))).as(mutation).isNull();
            assertThat(stagingFiles()).isEmpty();
        }
    }

    @Test
    void aBadHeaderBeforeItsIdentityAbortsTheConnection() throws Exception {
        byte[] content = random(10, 7);
        UUID id = open(c, t + "/f.bin", content);
        for (int i = 0; i < 5; i++) {
            MfpV2Client x = daemon.v2();
            byte[] frame = chunk(UUID.randomUUID(), 0, content, 0, 3);
            switch (i) {
                case 0 -> frame = new byte[] {1};
                case 1 -> frame[0] = 2;
                case 2 -> frame[1] = (byte) 0xff;
                case 3 -> frame[2] = 1;
                default -> Arrays.fill(frame, 4, 20, (byte) 0);
            }
            x.sendBinary(frame);
            CloseInfo ci = closedWith(x);
            assertThat(ci.code()).as("mutation %d", i).isEqualTo(1011);
            assertThat(ci.reason()).isEqualTo("V2 connection aborted");
        }
        // another connection's session is unaffected
        c.sendBinary(chunk(id, 0, content, 0, 10));
        assertAccepted(ack(c), id, 0, 10);
        c.call("mcsl.file.upload.close", session(id));
        assertThat(Files.readAllBytes(dir.resolve("f.bin"))).isEqualTo(content);
    }

    @Test
    void aDownloadChunkFromTheClientAbortsTheConnectionAndItsUploads() throws Exception {
        MfpV2Client x = daemon.v2();
        byte[] content = random(10, 8);
        open(x, t + "/f.bin", content);
        assertThat(stagingFiles()).hasSize(1);
        x.sendBinary(BinaryFrame.encode(BinaryFrame.Kind.DOWNLOAD_CHUNK, UUID.randomUUID(), 0, content, 0, 3));
        assertThat(closedWith(x).code()).isEqualTo(1011);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(stagingFiles()).isEmpty());
    }

    @Test
    void aMessageAboveTheLargestFrameClosesTheConnection() throws Exception {
        MfpV2Client x = daemon.v2();
        byte[] huge = new byte[BinaryFrame.HEADER_SIZE + BinaryFrame.MAX_PAYLOAD + 1];
        x.sendBinary(huge);
        assertThat(closedWith(x).code()).isEqualTo(1009);
    }

    @Test
    void closingTheConnectionDeletesItsStagingFilesAndFreesTheTarget() throws Exception {
        MfpV2Client x = daemon.v2();
        byte[] content = random(4096, 9);
        UUID id = open(x, t + "/f.bin", content);
        x.sendBinary(chunk(id, 0, content, 0, 100));
        assertAccepted(ack(x), id, 0, 100);
        fails(c, "mcsl.file.upload.open", Map.of("path", t + "/f.bin", "length", 1, "sha256", "0".repeat(64)),
                "file.upload.active");
        x.close();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(stagingFiles()).isEmpty());
        UUID again = open(c, t + "/f.bin", content);
        c.call("mcsl.file.upload.cancel", session(again));
        assertThat(dir.resolve("f.bin")).doesNotExist();
    }

    @Test
    void sessionsOfAnotherConnectionAreNotFound() throws Exception {
        MfpV2Client other = daemon.v2();
        byte[] content = random(10, 10);
        UUID up = open(c, t + "/f.bin", content);
        other.sendBinary(chunk(up, 0, content, 0, 10));
        assertRejected(ack(other), 0, "file.session.not_found");
        fails(other, "mcsl.file.upload.close", session(up), "file.session.not_found");
        fails(other, "mcsl.file.upload.cancel", session(up), "file.session.not_found");
        Files.write(dir.resolve("d.bin"), content);
        UUID down = UUID.fromString(c.call("mcsl.file.download.open", Map.of("path", t + "/d.bin"))
                .get("session_id").asText());
        fails(other, "mcsl.file.download.read", Map.of("session_id", down.toString(), "offset", 0,
                "maximum_length", 10), "file.session.not_found");
        fails(other, "mcsl.file.download.close", session(down), "file.session.not_found");
        // still the owner's
        c.sendBinary(chunk(up, 0, content, 0, 10));
        assertAccepted(ack(c), up, 0, 10);
        c.call("mcsl.file.upload.close", session(up));
        c.call("mcsl.file.download.close", session(down));
    }

    @Test
    void uploadOpenChecksItsParamsInOrder() throws Exception {
        String zero = "0".repeat(64);
        fails(c, "mcsl.file.upload.open", Map.of("path", "../x", "length", -1, "sha256", "bad"),
                "file.upload.length.invalid");
        fails(c, "mcsl.file.upload.open", Map.of("path", "../x", "length", 1, "sha256", "bad"),
                "file.upload.sha256.invalid");
        fails(c, "mcsl.file.upload.open", Map.of("path", "../x", "length", 1, "sha256", zero + "0"),
                "file.upload.sha256.invalid");
        for (String p : List.of("../x", "/etc/passwd", "/etc", "", " ", ".", daemon.root().toString())) {
            fails(c, "mcsl.file.upload.open", Map.of("path", p, "length", 1, "sha256", zero), "file.path.invalid");
        }
        Files.createSymbolicLink(dir.resolve("link"), dir);
        fails(c, "mcsl.file.upload.open", Map.of("path", t + "/link/f", "length", 1, "sha256", zero),
                "file.path.invalid");
        Files.createDirectories(dir.resolve("adir"));
        fails(c, "mcsl.file.upload.open", Map.of("path", t + "/adir", "length", 1, "sha256", zero),
                "file.storage_failed");
        assertThat(dir.resolve("adir")).isEmptyDirectory();
        UUID reg = UUID.randomUUID();
        Files.createDirectories(daemon.root().resolve("instances/" + reg));
        fails(c, "mcsl.file.upload.open", Map.of("path", "instances/" + reg + "/daemon_instance.json", "length", 1,
                "sha256", zero), "file.access_denied");
        TestDaemon.deleteTree(daemon.root().resolve("instances/" + reg));
        assertThatThrownBy(() -> c.call("mcsl.file.upload.close",
                Map.of("session_id", "00000000-0000-0000-0000-000000000000")))
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32602));
        assertThat(stagingFiles()).isEmpty();
    }

    // ---- uploads ----

    @Test
    void aMultiChunkUploadIsAcknowledgedInOrderAndCommittedAtClose() throws Exception {
        byte[] content = random(2 * 1_048_576 + 12_345, 11);
        Files.writeString(dir.resolve("sub"), "x"); // not in the way: the target is in a new directory
        Files.delete(dir.resolve("sub"));
        String path = t + "/new/dir/big.bin";
        JsonNode r = c.call("mcsl.file.upload.open", Map.of("path", path, "length", content.length,
                "sha256", sha256(content).toUpperCase(Locale.ROOT)));
        UUID id = UUID.fromString(r.get("session_id").asText());
        assertThat(r.get("expires_at").asText()).endsWith("+00:00");
        Path staging = dir.resolve("new/dir/.big.bin." + id.toString().replace("-", "") + ".upload.tmp");
        assertThat(staging).exists();
        assertThat(Files.size(staging)).as("pre-allocated").isEqualTo(content.length);
        int[] sizes = {1_048_576, 1_048_576, 0, 12_345};
        long offset = 0;
        for (int size : sizes) { // sent without waiting for acks
            c.sendBinary(chunk(id, offset, content, (int) offset, size));
            offset += size;
        }
        offset = 0;
        for (int size : sizes) {
            assertAccepted(ack(c), id, offset, size);
            offset += size;
        }
        assertThat(dir.resolve("new/dir/big.bin")).doesNotExist();
        assertThat(c.call("mcsl.file.upload.close", session(id)).size()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("new/dir/big.bin"))).isEqualTo(content);
        assertThat(staging).doesNotExist();
        fails(c, "mcsl.file.upload.close", session(id), "file.session.not_found");
    }

    @Test
    void anUploadReplacesAnExistingFileAndAnEmptyUploadWorks() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "old old old");
        byte[] content = "new".getBytes();
        UUID id = open(c, t + "/f.txt", content);
        c.sendBinary(chunk(id, 0, content, 0, 3));
        assertAccepted(ack(c), id, 0, 3);
        c.call("mcsl.file.upload.close", session(id));
        assertThat(dir.resolve("f.txt")).hasContent("new");
        UUID empty = open(c, t + "/empty.txt", new byte[0]);
        c.call("mcsl.file.upload.close", session(empty));
        assertThat(dir.resolve("empty.txt")).isEmptyFile();
    }

    @Test
    void anIncompleteCloseKeepsTheSession() throws Exception {
        byte[] content = random(1000, 12);
        UUID id = open(c, t + "/f.bin", content);
        c.sendBinary(chunk(id, 0, content, 0, 400));
        assertAccepted(ack(c), id, 0, 400);
        fails(c, "mcsl.file.upload.close", session(id), "file.upload.incomplete");
        assertThat(stagingFiles()).hasSize(1);
        c.sendBinary(chunk(id, 400, content, 400, 600));
        assertAccepted(ack(c), id, 400, 600);
        c.call("mcsl.file.upload.close", session(id));
        assertThat(Files.readAllBytes(dir.resolve("f.bin"))).isEqualTo(content);
    }

    @Test
    void cancelDeletesTheStagingFileAndLeavesTheTarget() throws Exception {
        Files.writeString(dir.resolve("f.bin"), "keep");
        byte[] content = random(100, 13);
        UUID id = open(c, t + "/f.bin", content);
        c.sendBinary(chunk(id, 0, content, 0, 50));
        assertAccepted(ack(c), id, 0, 50);
        c.call("mcsl.file.upload.cancel", session(id));
        assertThat(stagingFiles()).isEmpty();
        assertThat(dir.resolve("f.bin")).hasContent("keep");
        c.sendBinary(chunk(id, 50, content, 50, 50));
        assertRejected(ack(c), 50, "file.session.not_found");
        fails(c, "mcsl.file.upload.cancel", session(id), "file.session.not_found");
    }

    @Test
    void aTargetThatBecameADirectoryFailsTheClose() throws Exception {
        byte[] content = random(10, 14);
        UUID id = open(c, t + "/f.bin", content);
        c.sendBinary(chunk(id, 0, content, 0, 10));
        assertAccepted(ack(c), id, 0, 10);
        Files.createDirectories(dir.resolve("f.bin/inner"));
        fails(c, "mcsl.file.upload.close", session(id), "file.storage_failed");
        assertThat(stagingFiles()).isEmpty();
        assertThat(dir.resolve("f.bin/inner")).isDirectory();
    }

    // ---- downloads ----

    @Test
    void aDownloadIsReadInChunksUpToAnEmptyFinalFrame() throws Exception {
        byte[] content = random(10_000, 15);
        Files.write(dir.resolve("d.bin"), content);
        JsonNode o = c.call("mcsl.file.download.open", Map.of("path", t + "/d.bin"));
        UUID id = UUID.fromString(o.get("session_id").asText());
        assertThat(o.get("length").asLong()).isEqualTo(10_000);
        assertThat(o.get("sha256").asText()).isEqualTo(sha256(content)).matches("[0-9a-f]{64}");
        assertThat(o.get("max_chunk_size").asInt()).isEqualTo(1_048_576);
        assertThat(o.get("expires_at").asText()).endsWith("+00:00");
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        long offset = 0;
        for (int expected : new int[] {4096, 4096, 1808}) {
            JsonNode r = read(id, offset, 4096);
            assertThat(r.get("length").asInt()).isEqualTo(expected);
            assertThat(r.get("is_final").asBoolean()).isEqualTo(expected == 1808);
            got.writeBytes(frame(id, offset, expected));
            offset += expected;
        }
        assertThat(got.toByteArray()).isEqualTo(content);
        JsonNode eof = read(id, 10_000, 4096);
        assertThat(eof.get("length").asInt()).isZero();
        assertThat(eof.get("is_final").asBoolean()).isTrue();
        assertThat(frame(id, 10_000, 0)).isEmpty();
        // random access, repeated
        for (int i = 0; i < 2; i++) {
            assertThat(read(id, 5, 3).get("length").asInt()).isEqualTo(3);
            assertThat(frame(id, 5, 3)).isEqualTo(Arrays.copyOfRange(content, 5, 8));
        }
        Map<String, Object> bad = Map.of("session_id", id.toString(), "offset", 0, "maximum_length", 0);
        fails(c, "mcsl.file.download.read", bad, "file.chunk.size.invalid");
        fails(c, "mcsl.file.download.read", Map.of("session_id", id.toString(), "offset", 0,
                "maximum_length", 1_048_577), "file.chunk.size.invalid");
        fails(c, "mcsl.file.download.read", Map.of("session_id", id.toString(), "offset", 10_001,
                "maximum_length", 1), "file.chunk.offset.invalid");
        fails(c, "mcsl.file.download.read", Map.of("session_id", id.toString(), "offset", -1,
                "maximum_length", 1), "file.chunk.offset.invalid");
        assertThat(read(id, 0, 1).get("length").asInt()).as("errors are not terminal").isEqualTo(1);
        frame(id, 0, 1);
        c.call("mcsl.file.download.close", session(id));
        fails(c, "mcsl.file.download.read", Map.of("session_id", id.toString(), "offset", 0, "maximum_length", 1),
                "file.session.not_found");
        fails(c, "mcsl.file.download.close", session(id), "file.session.not_found");
        assertThat(c.nextBinary(Duration.ofMillis(100))).as("no frame after an error").isNull();
    }

    @Test
    void aShrunkFileFailsTheReadWithoutAFrame() throws Exception {
        byte[] content = random(1000, 16);
        Path f = Files.write(dir.resolve("d.bin"), content);
        UUID id = UUID.fromString(c.call("mcsl.file.download.open", Map.of("path", t + "/d.bin"))
                .get("session_id").asText());
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(500);
        }
        fails(c, "mcsl.file.download.read", Map.of("session_id", id.toString(), "offset", 400,
                "maximum_length", 200), "file.storage_failed");
        assertThat(c.nextBinary(Duration.ofMillis(200))).isNull();
        assertThat(read(id, 0, 100).get("length").asInt()).isEqualTo(100);
        assertThat(frame(id, 0, 100)).isEqualTo(Arrays.copyOf(content, 100));
        c.call("mcsl.file.download.close", session(id));
    }

    @Test
    void aConnectionHoldsAtMostThreeDownloads() throws Exception {
        Files.write(dir.resolve("d.bin"), random(10, 17));
        Map<String, Object> p = Map.of("path", t + "/d.bin");
        UUID first = UUID.fromString(c.call("mcsl.file.download.open", p).get("session_id").asText());
        c.call("mcsl.file.download.open", p);
        c.call("mcsl.file.download.open", p);
        fails(c, "mcsl.file.download.open", p, "file.download.limit");
        daemon.v2().call("mcsl.file.download.open", p); // counted per connection
        c.call("mcsl.file.download.close", session(first));
        c.call("mcsl.file.download.open", p);
    }

    @Test
    void downloadOpenRefusesWhatIsNoFileInTheRoot() throws Exception {
        Files.createDirectories(dir.resolve("adir"));
        Files.write(dir.resolve("f"), new byte[1]);
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("f"));
        fails(c, "mcsl.file.download.open", Map.of("path", t + "/adir"), "file.not_found");
        fails(c, "mcsl.file.download.open", Map.of("path", t + "/none"), "file.not_found");
        fails(c, "mcsl.file.download.open", Map.of("path", t + "/link"), "file.path.invalid");
        fails(c, "mcsl.file.download.open", Map.of("path", "/etc/passwd"), "file.path.invalid");
        fails(c, "mcsl.file.download.open", Map.of("path", "../x"), "file.path.invalid");
        fails(c, "mcsl.file.download.open", Map.of("path", ""), "file.path.invalid");
    }

    private JsonNode read(UUID id, long offset, int max) {
        JsonNode r = c.call("mcsl.file.download.read", Map.of("session_id", id.toString(), "offset", offset,
                "maximum_length", max));
        assertThat(r.get("session_id").asText()).isEqualTo(id.toString());
        assertThat(r.get("offset").asLong()).isEqualTo(offset);
        return r;
    }

    /** The DownloadChunk frame after a read: its header checked, its payload returned. */
    private byte[] frame(UUID id, long offset, int length) throws Exception {
        ByteBuffer m = c.nextBinary(WAIT);
        assertThat(m).as("a DownloadChunk").isNotNull();
        BinaryFrame.Decoded d = BinaryFrame.decode(m);
        assertThat(d.isFrame()).isTrue();
        assertThat(d.frame().kind()).isEqualTo(BinaryFrame.Kind.DOWNLOAD_CHUNK);
        assertThat(d.frame().sessionId()).isEqualTo(id);
        assertThat(d.frame().offset()).isEqualTo(offset);
        assertThat(m.remaining()).isEqualTo(BinaryFrame.HEADER_SIZE + length);
        byte[] payload = new byte[d.frame().payload().remaining()];
        d.frame().payload().get(payload);
        return payload;
    }
}
