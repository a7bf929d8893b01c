package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile paths (issue #3 §5): each row is sent through the real daemon; the answer must carry the expected code,
 * a sentinel outside the root and config.json must be untouched, and nothing about the outside may leak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DaemonTest
class HostilePathsTest {
    private TestDaemon daemon;
    @MainClient
    private MfpClient c;
    private Path work;
    private Path root;
    private Path outside;
    private Path sentinel;
    private String configBefore;
    private FileTime sentinelTime;

    @BeforeAll
    void start() throws Exception {
        work = daemon.workDir().toRealPath();
        root = daemon.root();
        outside = Files.createDirectories(work.resolve("outside"));
        Files.createDirectories(outside.resolve("secret-dir"));
        sentinel = outside.resolve("sentinel.txt");
        Files.writeString(sentinel, "SENTINEL-CONTENT");
        sentinelTime = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(sentinel, sentinelTime);
        configBefore = Files.readString(work.resolve("config.json"));
        Files.createDirectories(root.resolve("w"));
        Files.writeString(root.resolve("w/a.txt"), "inside");
        Files.createSymbolicLink(root.resolve("lnk-out"), outside);
        Files.createSymbolicLink(root.resolve("lnk-cfg"), work.resolve("config.json"));
        Files.createSymbolicLink(root.resolve("lnk-file"), sentinel);
        Files.createSymbolicLink(root.resolve("c1"), Path.of("c2"));
        Files.createSymbolicLink(root.resolve("c2"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("dang"), outside.resolve("not-yet"));
        Files.createDirectories(root.resolve("inst/x"));
        Files.createSymbolicLink(root.resolve("inst/x/up"), Path.of("../../.."));
    }

    @AfterEach
    void outsideUntouched() throws Exception {
        assertThat(Files.readString(sentinel)).isEqualTo("SENTINEL-CONTENT");
        assertThat(Files.getLastModifiedTime(sentinel)).isEqualTo(sentinelTime);
        assertThat(Files.readString(work.resolve("config.json"))).isEqualTo(configBefore);
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sentinel.txt", "secret-dir");
        }
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json", "daemon",
                    "outside");
        }
    }

    Stream<Arguments> rows() {
        String r = root.toString();
        List<Arguments> a = new ArrayList<>();
        a.add(row("get_file_info", 21006, "path", "../config.json"));
        a.add(row("get_file_info", 21006, "path", "..\\config.json"));
        a.add(row("get_file_info", 21006, "path", "instances/../../config.json"));
        a.add(row("get_file_info", 21006, "path", "/../config.json"));
        a.add(row("get_file_info", 21006, "path", "\\..\\..\\config.json"));
        a.add(row("get_file_info", 21006, "path", "daemon/../config.json"));
        a.add(row("get_file_info", 21006, "path", "daemon/../../config.json"));
        a.add(row("get_file_info", 21006, "path", "./../outside/sentinel.txt"));
        a.add(row("get_file_info", 21006, "path", "w/./../../outside/sentinel.txt"));
        a.add(row("get_file_info", 21006, "path", "C:\\Windows\\win.ini"));
        a.add(row("get_file_info", 21006, "path", "c:/x"));
        a.add(row("get_file_info", 21006, "path", r + "/../config.json"));
        a.add(row("get_file_info", 21006, "path", r + "\\..\\outside\\sentinel.txt"));
        a.add(row("get_file_info", 21001, "path", work + "/config.json")); // not the root prefix: root-relative
        a.add(row("get_file_info", 21001, "path", "/etc/passwd"));
        a.add(row("get_file_info", 21001, "path", "\\\\server\\share\\x"));
        a.add(row("get_file_info", 21001, "path", ".../config.json"));
        a.add(row("get_file_info", 21001, "path", "%2e%2e/config.json"));
        a.add(row("get_file_info", 21006, "path", "w/a\u0000.txt"));
        a.add(row("get_file_info", 21006, "path", "../config.json\u0000.txt"));
        a.add(row("get_file_info", 21006, "path", "x".repeat(256)));
        a.add(row("get_file_info", 21006, "path", "w/" + "ab/".repeat(2100)));
        a.add(row("get_file_info", 21006, "path", "lnk-cfg"));
        a.add(row("get_file_info", 21006, "path", "lnk-file"));
        a.add(row("get_file_info", 21006, "path", "lnk-out/sentinel.txt"));
        a.add(row("get_file_info", 21006, "path", "c1/sentinel.txt"));
        a.add(row("get_file_info", 21006, "path", "inst/x/up/config.json"));
        a.add(row("get_directory_info", 21006, "path", "lnk-out"));
        a.add(row("get_directory_info", 21006, "path", "c1"));
        a.add(row("get_directory_info", 21006, "path", ".."));
        a.add(row("get_directory_info", 21006, "path", "inst/x/up"));
        a.add(row("delete_file", 21006, "path", "lnk-out/sentinel.txt"));
        a.add(row("delete_file", 21006, "path", "../outside/sentinel.txt"));
        a.add(row("delete_directory", 21006, "path", "lnk-out", "recursive", true));
        a.add(row("delete_directory", 21006, "path", "../outside", "recursive", true));
        a.add(row("delete_directory", 21006, "path", "c1/secret-dir", "recursive", true));
        a.add(row("rename_file", 21006, "path", "lnk-out/sentinel.txt", "new_name", "x"));
        a.add(row("rename_file", 11002, "path", "w/a.txt", "new_name", "../../outside/planted"));
        a.add(row("rename_directory", 21006, "path", "lnk-out/secret-dir", "new_name", "x"));
        a.add(row("move_file", 21006, "source_path", "lnk-out/sentinel.txt", "destination_path", "stolen"));
        a.add(row("move_file", 21006, "source_path", "w/a.txt", "destination_path", "lnk-out/planted"));
        a.add(row("move_directory", 21006, "source_path", "w", "destination_path", "../outside/w"));
        a.add(row("copy_file", 21006, "source_path", "lnk-file", "destination_path", "stolen"));
        a.add(row("copy_file", 21006, "source_path", "w/a.txt", "destination_path", "c1/planted"));
        a.add(row("copy_directory", 21006, "source_path", "lnk-out", "destination_path", "stolen"));
        a.add(row("copy_directory", 21006, "source_path", "w", "destination_path", "inst/x/up/outside/w"));
        a.add(row("create_directory", 21006, "path", "lnk-out/newdir"));
        a.add(row("create_directory", 21006, "path", "dang/x"));
        a.add(row("create_directory", 21006, "path", "../newdir"));
        a.add(row("file_upload_request", 21006, "path", "lnk-out/planted", "size", 1));
        a.add(row("file_upload_request", 21006, "path", "dang", "size", 1));
        a.add(row("file_upload_request", 21006, "path", "inst/x/up/outside/planted", "size", 1));
        a.add(row("file_upload_request", 21006, "path", "lnk-cfg", "size", 1));
        a.add(row("file_download_request", 21006, "path", "lnk-cfg"));
        a.add(row("file_download_request", 21006, "path", "daemon/../config.json"));
        a.add(row("file_download_request", 21006, "path", "c1/sentinel.txt"));
        return a.stream();
    }

    private static Arguments row(String action, int code, Object... kv) {
        return Arguments.of(action, code, params(kv));
    }

    @ParameterizedTest(name = "{0} {2} → {1}")
    @MethodSource("rows")
    void refused(String action, int expected, ObjectNode p) throws Exception {
        JsonNode resp = c.request(action, p).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(resp.get("retcode").asInt()).as(resp.toString()).isEqualTo(expected);
        assertThat(resp.get("data").isNull()).isTrue();
        String message = resp.get("message").asText();
        assertThat(message).doesNotContain(work.toString()).doesNotContain("SENTINEL").doesNotContain("secret")
                .doesNotContain("Exception").doesNotContain("\n");
    }

    @Test
    void listingsShowNoLinkThatLeadsOut() {
        JsonNode listing = c.call("get_directory_info", params("path", ""));
        List<String> names = new ArrayList<>(listing.get("files").findValuesAsText("name"));
        names.addAll(listing.get("directories").findValuesAsText("name"));
        assertThat(names).contains("w", "inst").doesNotContain("lnk-out", "lnk-cfg", "lnk-file", "c1", "c2", "dang");
        assertThat(listing.toString()).doesNotContain("sentinel").doesNotContain("secret");
        JsonNode x = c.call("get_directory_info", params("path", "inst/x"));
        assertThat(x.get("directories")).isEmpty();
        assertThat(x.get("files")).isEmpty();
    }

    @Test
    void uploadIntoADirectorySwappedForALinkFailsAndWritesNothingOutside() throws Exception {
        // Each chunk re-opens the session's directory from the root without following links (an idle session holds
        // no descriptor): a directory replaced by a link to the outside makes the chunk fail, nothing is written.
        Files.createDirectories(root.resolve("swap"));
        UUID id = UUID.fromString(c.call("file_upload_request", params("path", "swap/f.bin", "size", 2))
                .get("file_id").asText());
        Files.move(root.resolve("swap"), root.resolve("swap-old"));
        Files.createSymbolicLink(root.resolve("swap"), outside);
        ObjectNode chunk = params("file_id", id.toString(), "offset", 0, "data", "\u0102");
        assertThat(Requests.code(() -> c.call("file_upload_chunk", chunk))).isEqualTo(21006);
        assertThat(Requests.code(() -> c.call("file_upload_chunk", chunk))).isEqualTo(21102); // session ended
        assertThat(root.resolve("swap-old/f.bin")).doesNotExist();
        Files.delete(root.resolve("swap"));
        // Replaced by another real directory: not the session's directory any more, refused as well.
        Files.createDirectories(root.resolve("swap2"));
        UUID id2 = UUID.fromString(c.call("file_upload_request", params("path", "swap2/f.bin", "size", 2))
                .get("file_id").asText());
        Files.move(root.resolve("swap2"), root.resolve("swap2-old"));
        Files.createDirectories(root.resolve("swap2"));
        assertThat(Requests.code(() -> c.call("file_upload_chunk", params("file_id", id2.toString(), "offset", 0,
                "data", "\u0102")))).isEqualTo(21006);
        assertThat(root.resolve("swap2/f.bin")).doesNotExist();
        assertThat(root.resolve("swap2-old/f.bin")).doesNotExist();
    }

    @Test
    void operationsDoNotFollowALinkSwappedInAfterTheCheck() throws Exception {
        // A recursive delete walks with no-follow handles: a link inside the tree is removed, never followed.
        Files.createDirectories(root.resolve("tree/sub"));
        Files.writeString(root.resolve("tree/sub/f"), "x");
        Files.createSymbolicLink(root.resolve("tree/sub/escape"), outside);
        c.call("delete_directory", params("path", "tree", "recursive", true));
        assertThat(root.resolve("tree")).doesNotExist();
        // Directory copy skips links instead of copying what they point to.
        Files.createDirectories(root.resolve("tree2"));
        Files.createSymbolicLink(root.resolve("tree2/escape"), outside);
        Files.createSymbolicLink(root.resolve("tree2/cfg"), work.resolve("config.json"));
        c.call("copy_directory", params("source_path", "tree2", "destination_path", "tree3"));
        try (Stream<Path> s = Files.list(root.resolve("tree3"))) {
            assertThat(s).isEmpty();
        }
        // A parent directory replaced by a link between check and use makes the handle walk fail (no follow).
        Path d = root.resolve("race");
        Files.createDirectories(d);
        PathSandbox sandbox = new PathSandbox(root);
        Path checked = sandbox.resolve("race/planted.txt");
        Files.delete(d);
        Files.createSymbolicLink(d, outside);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.openDirectory(checked.getParent()))
                .isInstanceOf(java.io.IOException.class);
        Files.delete(d);
    }
}
