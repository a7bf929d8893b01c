package dev.mfp.daemon.conformance;

import static dev.mfp.daemon.support.Bytes.sha1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * actions.md §7–23, files-and-instances.md §1–4 and models.md §1 on the wire. The UTF-16BE packing is written here
 * from files-and-instances.md §3.3 (no daemon class is used for it).
 */
class FilesConformanceTest {
    private TestDaemon daemon;
    private MfpClient c;
    private Path root;

    @BeforeEach
    void start() throws Exception {
        daemon = TestDaemon.start();
        c = daemon.client();
        root = daemon.root();
        Files.createDirectories(root.resolve("w/sub/deep"));
        Files.writeString(root.resolve("w/a.txt"), "hello");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    static Map<String, Object> p(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Bytes → UTF-16BE packed string: one code unit per byte pair, a zero byte appended to an odd count. */
    static String pack(byte[] b) {
        StringBuilder s = new StringBuilder((b.length + 1) / 2);
        for (int i = 0; i < b.length; i += 2) {
            int hi = b[i] & 0xFF;
            int lo = i + 1 < b.length ? b[i + 1] & 0xFF : 0;
            s.append((char) (hi << 8 | lo));
        }
        return s.toString();
    }

    /** Packed string → bytes (always an even count). */
    static byte[] unpack(String s) {
        byte[] b = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            b[2 * i] = (byte) (s.charAt(i) >> 8);
            b[2 * i + 1] = (byte) s.charAt(i);
        }
        return b;
    }

    private int code(String action, Map<String, Object> params) {
        try {
            c.call(action, params);
            return 0;
        } catch (MfpException e) {
            return e.code();
        }
    }

    private MfpException error(String action, Map<String, Object> params) {
        try {
            c.call(action, params);
            throw new AssertionError(action + " succeeded");
        } catch (MfpException e) {
            return e;
        }
    }

    private static Set<String> members(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    // ---------------------------------------------------------------- models.md §1, actions.md §7–8

    @Test
    void models1_metadataMembersAndUnits() {
        JsonNode meta = c.call("get_file_info", p("path", "w/a.txt")).get("meta");
        assertThat(members(meta)).containsExactlyInAnyOrder("creation_time", "hidden", "last_access_time",
                "last_write_time", "read_only", "size");
        long now = Instant.now().getEpochSecond();
        for (String t : List.of("creation_time", "last_access_time", "last_write_time")) {
            assertThat(meta.get(t).isIntegralNumber()).isTrue();
            assertThat(meta.get(t).asLong()).as(t + " in seconds").isBetween(now - 3600, now + 60);
        }
        assertThat(meta.get("size").asLong()).isEqualTo(5);
        JsonNode listing = c.call("get_directory_info", p("path", "w"));
        assertThat(members(listing)).containsExactlyInAnyOrder("parent", "files", "directories");
        JsonNode file = listing.get("files").get(0);
        assertThat(members(file)).containsExactlyInAnyOrder("name", "meta");
        assertThat(file.get("name").asText()).isEqualTo("a.txt");
        assertThat(members(file.get("meta"))).isEqualTo(members(meta));
        JsonNode dir = listing.get("directories").get(0);
        assertThat(members(dir)).containsExactlyInAnyOrder("name", "meta");
        assertThat(dir.get("name").asText()).isEqualTo("sub");
        assertThat(members(dir.get("meta"))).containsExactlyInAnyOrder("creation_time", "hidden", "last_access_time",
                "last_write_time");
    }

    @Test
    void a7_parentOfTheListedDirectory() {
        assertThat(c.call("get_directory_info", p("path", "")).get("parent").isNull()).isTrue();
        assertThat(c.call("get_directory_info", p("path", ".")).get("parent").isNull()).isTrue();
        assertThat(c.call("get_directory_info", p("path", "/")).get("parent").isNull()).isTrue();
        assertThat(c.call("get_directory_info", p("path", "w")).get("parent").asText()).isEqualTo("");
        assertThat(c.call("get_directory_info", p("path", "w/sub/deep")).get("parent").asText()).isEqualTo("w/sub");
        assertThat(c.call("get_directory_info", p("path", "\\w\\sub\\")).get("parent").asText()).isEqualTo("w");
        // the legacy prefix and an absolute path inside the root give root-relative paths
        assertThat(c.call("get_directory_info", p("path", "daemon/w/sub")).get("parent").asText()).isEqualTo("w");
        assertThat(c.call("get_directory_info", p("path", root.toAbsolutePath() + "/w/sub")).get("parent").asText())
                .isEqualTo("w");
        assertThat(code("get_directory_info", p("path", "w/a.txt"))).isEqualTo(21005);
        assertThat(code("get_directory_info", p("path", "w/none"))).isEqualTo(21001);
        MfpException out = error("get_directory_info", p("path", "../"));
        assertThat(out.code()).isEqualTo(21006);
        assertThat(out.getMessage()).contains("File Access Failed: path is outside the daemon root");
    }

    @Test
    void f1_2_legacyDaemonPrefix() {
        assertThat(c.call("get_file_info", p("path", "daemon/w/a.txt")).get("meta").get("size").asLong()).isEqualTo(5);
        assertThat(c.call("get_file_info", p("path", "daemon\\w\\a.txt")).get("meta").get("size").asLong()).isEqualTo(5);
        assertThat(code("create_directory", p("path", "daemon/made"))).isZero();
        assertThat(root.resolve("made")).isDirectory();
        assertThat(root.resolve("daemon")).doesNotExist();
    }

    // ---------------------------------------------------------------- actions.md §15–23

    @Test
    void a16_a19_directories() throws Exception {
        assertThat(code("create_directory", p("path", "n/e/w"))).isZero();
        assertThat(code("create_directory", p("path", "n/e/w"))).as("idempotent").isZero();
        assertThat(code("create_directory", p("path", "w"))).isZero();
        assertThat(code("create_directory", p("path", "w/a.txt"))).isEqualTo(21005);
        assertThat(code("create_directory", p("path", "w/a.txt/below"))).isEqualTo(21005);
        MfpException notEmpty = error("delete_directory", p("path", "w", "recursive", false));
        assertThat(notEmpty.code()).isEqualTo(21006);
        assertThat(notEmpty.getMessage()).contains("directory not empty");
        assertThat(code("delete_directory", p("path", "", "recursive", true))).isEqualTo(21006);
        assertThat(code("delete_directory", p("path", "w/a.txt", "recursive", true))).isEqualTo(21005);
        assertThat(code("delete_directory", p("path", "w/sub"))).as("recursive is required").isEqualTo(11001);
        assertThat(code("delete_directory", p("path", "n/e/w", "recursive", false))).isZero();
        assertThat(code("delete_directory", p("path", "w", "recursive", true))).isZero();
        assertThat(root.resolve("w")).doesNotExist();
    }

    @Test
    void a15_a17_a18_a20_a23_fileOperations() throws Exception {
        assertThat(code("delete_file", p("path", "w/sub"))).isEqualTo(21004);
        assertThat(code("rename_file", p("path", "w/a.txt", "new_name", "x/y"))).isEqualTo(11002);
        assertThat(code("rename_file", p("path", "w/a.txt", "new_name", ".."))).isEqualTo(11002);
        assertThat(code("rename_file", p("path", "w/sub", "new_name", "z"))).isEqualTo(21004);
        assertThat(code("rename_directory", p("path", "w/a.txt", "new_name", "z"))).isEqualTo(21005);
        assertThat(code("rename_directory", p("path", "w/sub", "new_name", "a.txt"))).isEqualTo(21002);
        assertThat(code("copy_file", p("source_path", "w/a.txt", "destination_path", "new/parents/a.txt"))).isZero();
        assertThat(root.resolve("new/parents/a.txt")).hasContent("hello");
        assertThat(code("copy_file", p("source_path", "w/a.txt", "destination_path", "new/parents/a.txt"))).isEqualTo(21002);
        assertThat(code("move_file", p("source_path", "w/a.txt", "destination_path", "new/parents/a.txt"))).isEqualTo(21002);
        assertThat(code("copy_directory", p("source_path", "w", "destination_path", "w/sub/w"))).isEqualTo(11002);
        assertThat(code("move_directory", p("source_path", "w", "destination_path", "w/sub/w"))).isEqualTo(11002);
        assertThat(code("copy_directory", p("source_path", "w", "destination_path", "backup/w"))).isZero();
        assertThat(root.resolve("backup/w/a.txt")).hasContent("hello");
        assertThat(root.resolve("backup/w/sub/deep")).isDirectory();
        assertThat(code("move_directory", p("source_path", "backup/w", "destination_path", "moved"))).isZero();
        assertThat(root.resolve("moved/a.txt")).hasContent("hello");
        assertThat(code("copy_file", p("source_path", "w/a.txt", "destination_path", "../escape"))).isEqualTo(21006);
        assertThat(daemon.workDir().resolve("escape")).doesNotExist();
    }

    // ---------------------------------------------------------------- download (actions.md §12–14, f&i §4)

    @Test
    void a13_theSpecExampleAndHalfOpenRanges() throws Exception {
        Files.write(root.resolve("dl.txt"), "[2026-01-01]".getBytes(StandardCharsets.US_ASCII));
        JsonNode s = c.call("file_download_request", p("path", "dl.txt"));
        assertThat(members(s)).containsExactlyInAnyOrder("file_id", "size", "sha1");
        assertThat(s.get("size").asLong()).isEqualTo(12);
        assertThat(s.get("sha1").asText()).isEqualTo(sha1("[2026-01-01]".getBytes(StandardCharsets.US_ASCII)));
        String id = s.get("file_id").asText();
        JsonNode r = c.call("file_download_range", p("file_id", id, "range", "0..4"));
        assertThat(members(r)).containsExactly("content");
        assertThat(r.get("content").asText()).isEqualTo("\u5b32\u3032");
        // odd length: one zero byte appended; the last byte (b = size) is reachable
        assertThat(c.call("file_download_range", p("file_id", id, "range", "9..12")).get("content").asText())
                .isEqualTo("\u3031\u5d00");
        assertThat(c.call("file_download_range", p("file_id", id, "range", "12..12")).get("content").asText()).isEmpty();
        assertThat(c.call("file_download_chunk", p("file_id", id, "range", "11..12")).get("content").asText())
                .isEqualTo("\u5d00");
        for (String bad : new String[] {"0..13", "5..4", "-1..2", "0-4", "0..", "..4", " 0..4", "0..4 ", "a..b", ""}) {
            assertThat(code("file_download_range", p("file_id", id, "range", bad))).as(bad).isEqualTo(11002);
        }
        assertThat(code("file_download_range", p("file_id", id))).isEqualTo(11001);
        assertThat(code("file_download_close", p("file_id", id))).isZero();
        assertThat(code("file_download_range", p("file_id", id, "range", "0..1"))).isEqualTo(21105);
        assertThat(code("file_download_close", p("file_id", id))).isEqualTo(21105);
        assertThat(code("file_download_request", p("path", "w"))).isEqualTo(21004);
        assertThat(code("file_download_request", p("path", "none"))).isEqualTo(21001);
        assertThat(code("file_download_request", p("path", "../x"))).isEqualTo(21006);
    }

    @Test
    void f4_rangeLimitIsOneMibAndSessionsPerFileAreLimited() throws Exception {
        byte[] big = new byte[(1 << 20) + 3];
        new Random(1).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(c.call("file_download_request", p("path", "big.bin")).get("file_id").asText());
        }
        assertThat(code("file_download_request", p("path", "big.bin"))).as("file_download_sessions = 3").isEqualTo(10005);
        assertThat(code("file_download_request", p("path", "w/a.txt"))).as("the limit is per file").isZero();
        String id = ids.get(0);
        String content = c.call("file_download_range", p("file_id", id, "range", "3.." + (3 + (1 << 20))))
                .get("content").asText();
        assertThat(unpack(content)).isEqualTo(java.util.Arrays.copyOfRange(big, 3, big.length));
        assertThat(code("file_download_range", p("file_id", id, "range", "0.." + ((1 << 20) + 1)))).isEqualTo(11002);
        c.call("file_download_close", p("file_id", ids.get(1)));
        assertThat(code("file_download_request", p("path", "big.bin"))).as("a closed session frees its slot").isZero();
    }

    // ---------------------------------------------------------------- upload (actions.md §9–11, f&i §3)

    @Test
    void f3_uploadWithPackedChunksOutOfOrderOverlappingAndOdd() throws Exception {
        byte[] data = new byte[7];
        new Random(2).nextBytes(data);
        Files.writeString(root.resolve("w/target.bin"), "old");
        String id = c.call("file_upload_request", p("path", "w/target.bin", "size", 7, "sha1", sha1(data).toUpperCase(),
                "timeout", 60_000)).get("file_id").asText();
        String staging = "." + "target.bin" + "." + id.replace("-", "") + ".upload.tmp";
        assertThat(root.resolve("w").resolve(staging)).as("staging file next to the target").exists();
        JsonNode r = c.call("file_upload_chunk", p("file_id", id, "offset", 2, "data", pack(slice(data, 2, 6))));
        assertThat(members(r)).containsExactlyInAnyOrder("done", "received");
        assertThat(r.get("done").asBoolean()).isFalse();
        assertThat(r.get("received").asLong()).isEqualTo(4);
        r = c.call("file_upload_chunk", p("file_id", id, "offset", 0, "data", pack(slice(data, 0, 4))));
        assertThat(r.get("received").asLong()).as("overlaps are not double counted").isEqualTo(6);
        assertThat(root.resolve("w/target.bin")).as("untouched until completion").hasContent("old");
        // the final chunk of an odd-sized file carries one padding byte, which is dropped
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 5, "data", pack(new byte[4])))).isEqualTo(21103);
        r = c.call("file_upload_chunk", p("file_id", id, "offset", 6, "data", pack(slice(data, 6, 7))));
        assertThat(r.get("done").asBoolean()).isTrue();
        assertThat(r.get("received").asLong()).isEqualTo(7);
        assertThat(Files.readAllBytes(root.resolve("w/target.bin"))).isEqualTo(data);
        assertThat(root.resolve("w").resolve(staging)).doesNotExist();
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 0, "data", ""))).isEqualTo(21102);
        assertThat(code("file_upload_cancel", p("file_id", id))).isEqualTo(21102);
    }

    @Test
    void f3_defaultTargetZeroSizeAndLoneSurrogates() throws Exception {
        String id = c.call("file_upload_request", p("size", 0)).get("file_id").asText();
        JsonNode r = c.call("file_upload_chunk", p("file_id", id, "offset", 0, "data", ""));
        assertThat(r.get("done").asBoolean()).isTrue();
        assertThat(r.get("received").asLong()).isZero();
        assertThat(root.resolve("caches/uploads/" + id)).exists().isEmptyFile();
        // bytes whose pairs are lone surrogates (D8 00, DF FF, DC 01) survive both ways
        byte[] data = {(byte) 0xD8, 0x00, 0x41, (byte) 0xDF, (byte) 0xFF, (byte) 0xDC, 0x01, 0x7F};
        String up = c.call("file_upload_request", p("path", "sur.bin", "size", data.length, "sha1", sha1(data)))
                .get("file_id").asText();
        assertThat(c.call("file_upload_chunk", p("file_id", up, "offset", 0, "data", pack(data))).get("done").asBoolean())
                .isTrue();
        assertThat(Files.readAllBytes(root.resolve("sur.bin"))).isEqualTo(data);
        String dl = c.call("file_download_request", p("path", "sur.bin")).get("file_id").asText();
        String content = c.call("file_download_range", p("file_id", dl, "range", "0.." + data.length)).get("content").asText();
        assertThat(content).isEqualTo(pack(data));
    }

    @Test
    void f3_sessionRulesAndErrors() throws Exception {
        String id = c.call("file_upload_request", p("path", "one/t.bin", "size", 4)).get("file_id").asText();
        // one active upload per (normalized) target
        for (String same : new String[] {"one/t.bin", "./one//t.bin", "/one/t.bin", "daemon/one/t.bin", "one\\t.bin"}) {
            assertThat(code("file_upload_request", p("path", same, "size", 4))).as(same).isEqualTo(21101);
        }
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 4, "data", ""))).isEqualTo(11002);
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", -1, "data", ""))).isEqualTo(11002);
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 2, "data", pack(new byte[4])))).isEqualTo(21103);
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 0))).isEqualTo(11001);
        assertThat(code("file_upload_chunk", p("file_id", "not-a-uuid", "offset", 0, "data", ""))).isEqualTo(21102);
        assertThat(code("file_upload_chunk", p("file_id", 5, "offset", 0, "data", ""))).isEqualTo(11001);
        assertThat(code("file_upload_cancel", p("file_id", id))).isZero();
        assertThat(code("file_upload_cancel", p("file_id", id))).isEqualTo(21102);
        try (Stream<Path> s = Files.list(root.resolve("one"))) {
            assertThat(s.toList()).as("staging file deleted, nothing at the target").isEmpty();
        }
        assertThat(code("file_upload_request", p("path", "x", "size", 2147483647L))).isZero();
        assertThat(code("file_upload_request", p("path", "y", "size", 2147483648L))).isEqualTo(21103);
        assertThat(code("file_upload_request", p("path", "y", "size", -1))).isEqualTo(11002);
        assertThat(code("file_upload_request", p("path", "y"))).isEqualTo(11001);
        assertThat(code("file_upload_request", p("path", "y", "size", 1, "sha1", "xyz"))).isEqualTo(11002);
        assertThat(code("file_upload_request", p("path", "y", "size", 1, "timeout", 0))).isEqualTo(11002);
        assertThat(code("file_upload_request", p("path", "w", "size", 1))).isEqualTo(21004);
        assertThat(code("file_upload_request", p("path", "../y", "size", 1))).isEqualTo(21006);
        assertThat(code("file_upload_request", p("path", "z", "size", 1, "sha1", ""))).as("empty sha1 = no check").isZero();
    }

    @Test
    void f3_checksumMismatchDiscardsTheFile() throws Exception {
        Files.writeString(root.resolve("keep.txt"), "old");
        String id = c.call("file_upload_request", p("path", "keep.txt", "size", 2, "sha1", sha1(new byte[] {1, 2})))
                .get("file_id").asText();
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 0, "data", pack(new byte[] {1, 3}))))
                .isEqualTo(60003);
        assertThat(root.resolve("keep.txt")).hasContent("old");
        assertThat(code("file_upload_chunk", p("file_id", id, "offset", 0, "data", pack(new byte[] {1, 2}))))
                .as("the session ended").isEqualTo(21102);
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.endsWith(".upload.tmp"));
        }
    }

    /**
     * files-and-instances.md §2: the target of an open upload is in use (21003) even before it exists, so no other
     * action may put a directory at it (or at a path below it, which would create it as a directory): the upload
     * could not be moved into place any more.
     */
    @Test
    void f2_theTargetOfAnOpenUploadCannotBecomeADirectory() throws Exception {
        String id = c.call("file_upload_request", p("path", "up/t.bin", "size", 2)).get("file_id").asText();
        assertThat(code("create_directory", p("path", "up/t.bin"))).isEqualTo(21003);
        assertThat(code("create_directory", p("path", "up/t.bin/below"))).isEqualTo(21003);
        assertThat(code("copy_file", p("source_path", "w/a.txt", "destination_path", "up/t.bin/a.txt"))).isEqualTo(21003);
        assertThat(code("copy_directory", p("source_path", "w/sub", "destination_path", "up/t.bin/sub"))).isEqualTo(21003);
        assertThat(code("move_directory", p("source_path", "w/sub", "destination_path", "up/t.bin"))).isEqualTo(21003);
        assertThat(code("file_upload_request", p("path", "up/t.bin/x", "size", 1))).isEqualTo(21003);
        assertThat(code("rename_directory", p("path", "w/sub", "new_name", "t.bin"))).isZero(); // another directory
        assertThat(root.resolve("up/t.bin")).doesNotExist();
        JsonNode done = c.call("file_upload_chunk", p("file_id", id, "offset", 0, "data", pack(new byte[] {'o', 'k'})));
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(root.resolve("up/t.bin")).hasContent("ok");
        assertThat(code("create_directory", p("path", "up/t.bin"))).as("a file now").isEqualTo(21005);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
