package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.codeOf;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers.Mode;
import dev.mfp.daemon.support.Transfers;
import dev.mfp.protocol.codec.Utf16Packing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Upload sessions: ranges, limits and every error code of actions.md §9–11 and transport.md §9. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DaemonTest
class FilesUploadTest {
    private TestDaemon daemon;
    @MainClient
    private MfpClient c;
    private Transfers t;

    @BeforeAll
    void start() throws Exception {
        t = new Transfers(c);
    }

    private int req(Object... kv) {
        return codeOf(() -> c.call("file_upload_request", params(kv)));
    }

    private int chunk(UUID id, Object offset, String data) {
        return codeOf(() -> c.call("file_upload_chunk", params("file_id", id == null ? null : id.toString(),
                "offset", offset, "data", data)));
    }

    private String u16(byte[] b) {
        return Utf16Packing.encode(b);
    }

    @Test
    void outOfOrderOverlappingAndRepeatedChunks() throws Exception {
        byte[] data = Bytes.random(10_001, 7);
        UUID id = t.request("ooo/f.bin", data.length, Bytes.sha1(data), Mode.BASE64);
        assertThat(t.chunk(id, 6000, data, 6000, 10_001, Mode.BASE64).get("received").asLong()).isEqualTo(4001);
        assertThat(t.chunk(id, 6000, data, 6000, 10_001, Mode.BASE64).get("received").asLong()).isEqualTo(4001);
        assertThat(t.chunk(id, 100, data, 100, 3000, Mode.BASE64).get("received").asLong()).isEqualTo(6901);
        assertThat(t.chunk(id, 2000, data, 2000, 7000, Mode.BASE64).get("received").asLong()).isEqualTo(9901);
        assertThat(Files.exists(daemon.root().resolve("ooo/f.bin"))).isFalse();
        JsonNode last = t.chunk(id, 0, data, 0, 101, Mode.BASE64);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("received").asLong()).isEqualTo(10_001);
        assertThat(Files.readAllBytes(daemon.root().resolve("ooo/f.bin"))).isEqualTo(data);
    }

    @Test
    void runningChecksumFollowsGapsRewritesAndPadding() throws Exception {
        byte[] data = Bytes.random(5001, 11);
        // in order, then a part beyond a gap (read back once the gap is filled), then the gap
        UUID a = t.request("sum/a.bin", data.length, Bytes.sha1(data), Mode.UTF16BE);
        t.chunk(a, 0, data, 0, 1000, Mode.UTF16BE);
        t.chunk(a, 3000, data, 3000, 4000, Mode.BINARY);
        t.chunk(a, 1000, data, 1000, 3000, Mode.UTF16BE);
        assertThat(t.chunk(a, 4000, data, 4000, 5001, Mode.UTF16BE).get("done").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(daemon.root().resolve("sum/a.bin"))).isEqualTo(data);

        // hashed bytes rewritten with other bytes, then corrected: the file is right, so it must be accepted
        byte[] junk = Bytes.random(1000, 12);
        UUID b = t.request("sum/b.bin", data.length, Bytes.sha1(data), Mode.BASE64);
        t.chunk(b, 0, junk, 0, 1000, Mode.BASE64);
        t.chunk(b, 0, data, 0, 1000, Mode.BASE64);
        assertThat(t.chunk(b, 1000, data, 1000, 5001, Mode.BASE64).get("done").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(daemon.root().resolve("sum/b.bin"))).isEqualTo(data);

        // correct bytes hashed, then overwritten with other bytes: the file is wrong, so it must be refused
        UUID c2 = t.request("sum/c.bin", data.length, Bytes.sha1(data), Mode.BASE64);
        t.chunk(c2, 0, data, 0, 1000, Mode.BASE64);
        t.chunk(c2, 500, junk, 0, 10, Mode.BASE64);
        assertThat(code(() -> c.call("file_upload_chunk", params("file_id", c2.toString(), "offset", 1000,
                "data", java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, 1000, 5001))))))
                .isEqualTo(60003);
        assertThat(daemon.root().resolve("sum/c.bin")).doesNotExist();
    }

    @Test
    void binaryFramesOutOfOrderAndMixedWithJson() throws Exception {
        byte[] data = Bytes.random(3001, 8);
        UUID id = t.request("mix/f.bin", data.length, null, Mode.UTF16BE);
        assertThat(t.chunk(id, 2000, data, 2000, 3001, Mode.BINARY).get("received").asLong()).isEqualTo(1001);
        assertThat(t.chunk(id, 1000, data, 1000, 2500, Mode.UTF16BE).get("received").asLong()).isEqualTo(2001);
        assertThat(t.chunk(id, 0, data, 0, 1000, Mode.BINARY).get("done").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(daemon.root().resolve("mix/f.bin"))).isEqualTo(data);
    }

    @Test
    void defaultTargetAndStagingNextToTarget() throws Exception {
        UUID id = UUID.fromString(c.call("file_upload_request", params("size", 4)).get("file_id").asText());
        Path staging = daemon.root().resolve("caches/uploads/.\u0000".replace("\u0000", id.toString())
                + "." + id.toString().replace("-", "") + ".upload.tmp");
        assertThat(staging).exists().hasSize(4);
        c.call("file_upload_chunk", params("file_id", id.toString(), "offset", 0, "data", u16(new byte[] {1, 2, 3, 4})));
        assertThat(Files.readAllBytes(daemon.root().resolve("caches/uploads/" + id))).containsExactly(1, 2, 3, 4);
        assertThat(staging).doesNotExist();
    }

    @Test
    void existingTargetChangesOnlyOnSuccess() throws Exception {
        Path target = daemon.root().resolve("keep/old.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old content");
        byte[] data = "new!".getBytes(StandardCharsets.UTF_8);
        UUID id = t.request("keep/old.txt", 8, null, Mode.BASE64);
        t.chunk(id, 0, data, 0, 4, Mode.BASE64);
        assertThat(Files.readString(target)).isEqualTo("old content");
        c.call("file_upload_cancel", params("file_id", id.toString()));
        assertThat(Files.readString(target)).isEqualTo("old content");
        assertThat(stagingFiles(target.getParent())).isZero();
        // cancelled → gone
        assertThat(code(() -> c.call("file_upload_cancel", params("file_id", id.toString())))).isEqualTo(21102);
        assertThat(chunk(id, 0, u16(data))).isEqualTo(21102);
    }

    @Test
    void checksumMismatchDiscardsAndKeepsOldFile() throws Exception {
        Path target = daemon.root().resolve("sha/old.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        UUID id = t.request("sha/old.txt", 2, "A".repeat(40), Mode.UTF16BE);
        assertThat(chunk(id, 0, u16(new byte[] {1, 2}))).isEqualTo(60003);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(stagingFiles(target.getParent())).isZero();
        assertThat(chunk(id, 0, u16(new byte[] {1, 2}))).isEqualTo(21102);
        // upper-case sha1 is accepted
        byte[] d = {1, 2};
        UUID ok = t.request("sha/ok.bin", 2, Bytes.sha1(d).toUpperCase(), Mode.UTF16BE);
        assertThat(t.chunk(ok, 0, d, 0, 2, Mode.UTF16BE).get("done").asBoolean()).isTrue();
    }

    @Test
    void oddSizePaddingRule() throws Exception {
        // utf16be: a final chunk one byte too long is padding and dropped; two bytes too long is 21103
        UUID id = t.request("odd/a.bin", 3, null, Mode.UTF16BE);
        assertThat(chunk(id, 0, u16(new byte[] {9, 9, 9, 9, 9}))).isEqualTo(21103);
        assertThat(c.call("file_upload_chunk", params("file_id", id.toString(), "offset", 0,
                "data", u16(new byte[] {5, 6, 7, 0}))).get("done").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(daemon.root().resolve("odd/a.bin"))).containsExactly(5, 6, 7);
    }

    @Test
    void requestValidation() throws Exception {
        Files.createDirectories(daemon.root().resolve("adir"));
        assertThat(req("path", "x")).isEqualTo(11001);
        assertThat(req("path", "x", "size", "12")).isEqualTo(11001);
        assertThat(req("path", "x", "size", 1.5)).isEqualTo(11001);
        assertThat(req("path", 5, "size", 1)).isEqualTo(11001);
        assertThat(req("path", "x", "size", 1, "timeout", "1")).isEqualTo(11001);
        assertThat(req("path", "x", "size", -1)).isEqualTo(11002);
        assertThat(req("path", "x", "size", 1, "sha1", "abc")).isEqualTo(11002);
        assertThat(req("path", "x", "size", 1, "sha1", "g".repeat(40))).isEqualTo(11002);
        assertThat(req("path", "x", "size", 1, "timeout", 0)).isEqualTo(11002);
        assertThat(req("path", "x", "size", 1, "timeout", -5)).isEqualTo(11002);
        assertThat(req("path", "x", "size", 1, "encoding", "hex")).isEqualTo(11002);
        assertThat(req("path", "x", "size", 2147483648L)).isEqualTo(21103);
        assertThat(req("path", "x", "size", new java.math.BigInteger("99999999999999999999"))).isEqualTo(21103);
        assertThat(req("path", "../x", "size", 1)).isEqualTo(21006);
        assertThat(req("path", "adir", "size", 1)).isEqualTo(21004);
        assertThat(req("path", "", "size", 1)).isEqualTo(21004);
        assertThat(code(() -> c.call("file_upload_request", null))).isEqualTo(11001);
        // empty sha1 = no check
        assertThat(req("path", "nosha", "size", 0, "sha1", "")).isZero();
    }

    @Test
    void oneUploadPerTarget() {
        c.call("file_upload_request", params("path", "dup/x", "size", 10));
        assertThat(req("path", "dup/x", "size", 10)).isEqualTo(21101);
        assertThat(req("path", "/dup//./x", "size", 10)).isEqualTo(21101);
        assertThat(req("path", "daemon\\dup\\x", "size", 10)).isEqualTo(21101);
    }

    @Test
    void diskFullWhenSpaceCannotBeReserved() throws Exception {
        System.setProperty("mfp.files.minFreeBytes", String.valueOf(Long.MAX_VALUE / 2));
        try {
            assertThat(req("path", "full/x.bin", "size", 1000)).isEqualTo(21007);
        } finally {
            System.clearProperty("mfp.files.minFreeBytes");
        }
        assertThat(stagingFiles(daemon.root().resolve("full"))).isZero();
        assertThat(req("path", "full/x.bin", "size", 1000)).isZero(); // not left reserved
    }

    @Test
    void chunkValidation() throws Exception {
        UUID id = t.request("cv/x.bin", 10, null, Mode.UTF16BE);
        assertThat(chunk(null, 0, "")).isEqualTo(11001);
        assertThat(code(() -> c.call("file_upload_chunk", params("file_id", id.toString(), "data", "")))).isEqualTo(11001);
        assertThat(code(() -> c.call("file_upload_chunk", params("file_id", id.toString(), "offset", 0)))).isEqualTo(11001);
        assertThat(chunk(id, "0", "")).isEqualTo(11001);
        assertThat(code(() -> c.call("file_upload_chunk", params("file_id", 7, "offset", 0, "data", "")))).isEqualTo(11001);
        assertThat(chunk(UUID.randomUUID(), 0, "")).isEqualTo(21102);
        assertThat(code(() -> c.call("file_upload_chunk", params("file_id", "not-a-uuid", "offset", 0, "data", ""))))
                .isEqualTo(21102);
        assertThat(chunk(new UUID(0, 0), 0, "")).isEqualTo(21102);
        assertThat(chunk(id, -1, u16(new byte[2]))).isEqualTo(11002);
        assertThat(chunk(id, 10, u16(new byte[2]))).isEqualTo(11002);
        assertThat(chunk(id, new java.math.BigInteger("99999999999999999999"), u16(new byte[2]))).isEqualTo(11002);
        assertThat(chunk(id, 8, u16(new byte[4]))).isEqualTo(21103);
        assertThat(chunk(id, 0, u16(new byte[(1 << 20) + 2]))).isEqualTo(11002);
        // base64 session: invalid base64 → 11002; a chunk over 1 MiB → 11002
        UUID b = t.request("cv/y.bin", 3 << 20, null, Mode.BASE64);
        assertThat(chunk(b, 0, "***")).isEqualTo(11002);
        assertThat(chunk(b, 0, Base64.getEncoder().encodeToString(new byte[(1 << 20) + 1]))).isEqualTo(11002);
        assertThat(chunk(b, 0, Base64.getEncoder().encodeToString(new byte[1 << 20]))).isZero();
        // size 0: only offset 0 with empty data
        UUID z = t.request("cv/z.bin", 0, null, Mode.UTF16BE);
        assertThat(chunk(z, 1, "")).isEqualTo(11002);
        assertThat(chunk(z, 0, u16(new byte[2]))).isEqualTo(21103);
        assertThat(c.call("file_upload_chunk", params("file_id", z.toString(), "offset", 0, "data", ""))
                .get("done").asBoolean()).isTrue();
        assertThat(daemon.root().resolve("cv/z.bin")).exists().isEmptyFile();
    }

    @Test
    void configuredBase64IsTheDefaultEncoding() throws Exception {
        Path work = Files.createTempDirectory("mfp-b64");
        Files.writeString(work.resolve("config.json"), "{\"upload_chunk_encoding\":\"base64\"}");
        try (TestDaemon d = TestDaemon.startIn(work)) {
            MfpClient bc = d.client();
            UUID id = UUID.fromString(bc.call("file_upload_request", params("path", "b.bin", "size", 3))
                    .get("file_id").asText());
            assertThat(bc.call("file_upload_chunk", params("file_id", id.toString(), "offset", 0, "data", "AQID"))
                    .get("done").asBoolean()).isTrue();
            assertThat(Files.readAllBytes(d.root().resolve("b.bin"))).containsExactly(1, 2, 3);
            // per-session override back to utf16be
            UUID u = UUID.fromString(bc.call("file_upload_request", params("path", "u.bin", "size", 2, "encoding",
                    "UTF16BE")).get("file_id").asText());
            bc.call("file_upload_chunk", params("file_id", u.toString(), "offset", 0, "data", "\u0102"));
            assertThat(Files.readAllBytes(d.root().resolve("u.bin"))).containsExactly(1, 2);
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    @Test
    void idleTimeoutExpiresTheSession() throws Exception {
        UUID id = t.request("idle/x.bin", 10, null, Mode.UTF16BE);
        c.call("file_upload_request", params("path", "idle/y.bin", "size", 10, "timeout", 100));
        Path dir = daemon.root().resolve("idle");
        UUID y = null;
        // the y session expires within the sweep period; x (default 120 s) stays
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> stagingFiles(dir) == 1);
        assertThat(req("path", "idle/y.bin", "size", 1)).isZero(); // target free again
        assertThat(chunk(id, 0, u16(new byte[2]))).isZero();
    }

    @Test
    void disconnectCancelsUploads() throws Exception {
        MfpClient other = daemon.client();
        UUID id = UUID.fromString(other.call("file_upload_request", params("path", "dc/x.bin", "size", 10))
                .get("file_id").asText());
        Path dir = daemon.root().resolve("dc");
        assertThat(stagingFiles(dir)).isOne();
        other.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> stagingFiles(dir) == 0);
        assertThat(chunk(id, 0, u16(new byte[2]))).isEqualTo(21102);
        assertThat(dir.resolve("x.bin")).doesNotExist();
    }

    @Test
    void binaryFrameErrors() throws Exception {
        UUID id = t.request("bin/x.bin", 10, null, Mode.UTF16BE);
        // shorter than 44 bytes: ignored (no ack); the next ack belongs to the next frame
        c.sendBinary(java.nio.ByteBuffer.wrap(new byte[43]));
        c.sendBinary(Transfers.frame(id, 0, new byte[] {1, 2}, new byte[20]));
        JsonNode ack = t.nextAck();
        assertThat(ack.get("file_id").asText()).isEqualTo(id.toString());
        assertThat(ack.get("error").asText()).isEqualTo("Checksum mismatch at offset 0");
        UUID unknown = UUID.randomUUID();
        c.sendBinary(Transfers.frame(unknown, 0, new byte[] {1}, null));
        ack = t.nextAck();
        assertThat(ack.get("file_id").asText()).isEqualTo(unknown.toString());
        assertThat(ack.get("error").asText()).startsWith("Not Uploading");
        c.sendBinary(Transfers.frame(id, 9, new byte[] {1, 2}, null));
        assertThat(t.nextAck().get("error").asText()).startsWith("File Too Big");
        c.sendBinary(Transfers.frame(id, 10, new byte[] {1}, null));
        assertThat(t.nextAck().get("error").asText()).startsWith("Bad Format");
        c.sendBinary(Transfers.frame(id, 0, new byte[] {1, 2}, null));
        ack = t.nextAck();
        assertThat(ack.get("done").asBoolean()).isFalse();
        assertThat(ack.get("received").asLong()).isEqualTo(2);
        // nothing from the bad frames was written
        Path staging;
        try (Stream<Path> s = Files.list(daemon.root().resolve("bin"))) {
            staging = s.filter(p -> p.getFileName().toString().endsWith(".upload.tmp")).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(staging)).containsExactly(1, 2, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void permissions() throws Exception {
        UUID id = t.request("perm/x.bin", 4, null, Mode.UTF16BE);
        MfpClient limited = daemon.connect(daemon.subtoken("mcsl.daemon.file.info.*", 60));
        Transfers lt = new Transfers(limited);
        assertThat(code(() -> limited.call("file_upload_request", params("size", 1)))).isEqualTo(10003);
        assertThat(code(() -> limited.call("file_upload_chunk", params()))).isEqualTo(10003);
        assertThat(code(() -> limited.call("file_upload_cancel", params()))).isEqualTo(10003);
        assertThat(code(() -> limited.call("file_download_request", params()))).isEqualTo(10003);
        limited.sendBinary(Transfers.frame(id, 0, new byte[] {1, 2, 3, 4}, null));
        JsonNode ack = lt.nextAck();
        assertThat(ack.get("file_id").asText()).isEqualTo(id.toString());
        assertThat(ack.get("error").asText()).isEqualTo("Permission Denied");
        assertThat(daemon.root().resolve("perm/x.bin")).doesNotExist();
    }

    static long stagingFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".upload.tmp")).count();
        }
    }
}
