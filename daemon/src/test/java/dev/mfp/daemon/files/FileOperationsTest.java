package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.codeOf;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** get_file_info … copy_directory (actions.md §7–8, §15–23): results and every error code. */
class FileOperationsTest {
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
        Files.writeString(root.resolve("w/.hidden"), "h");
        Files.writeString(root.resolve("w/sub/deep/b.txt"), "bb");
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    private int call(String action, Object... kv) {
        return codeOf(() -> c.call(action, params(kv)));
    }

    @Test
    void fileInfo() {
        JsonNode meta = c.call("get_file_info", params("path", "w/a.txt")).get("meta");
        assertThat(meta.get("size").asLong()).isEqualTo(5);
        assertThat(meta.get("hidden").asBoolean()).isFalse();
        assertThat(meta.get("read_only").asBoolean()).isFalse();
        long now = Instant.now().getEpochSecond();
        assertThat(meta.get("last_write_time").asLong()).isBetween(now - 600, now + 5); // seconds, not ms
        assertThat(meta.get("creation_time").asLong()).isBetween(now - 600, now + 5);
        assertThat(meta.get("last_access_time").asLong()).isBetween(now - 600, now + 5);
        assertThat(c.call("get_file_info", params("path", "w/.hidden")).get("meta").get("hidden").asBoolean()).isTrue();
        assertThat(call("get_file_info")).isEqualTo(11001);
        assertThat(call("get_file_info", "path", 3)).isEqualTo(11001);
        assertThat(call("get_file_info", "path", "w/none")).isEqualTo(21001);
        assertThat(call("get_file_info", "path", "w/sub")).isEqualTo(21004);
        assertThat(call("get_file_info", "path", "")).isEqualTo(21004);
        assertThat(call("get_file_info", "path", "../config.json")).isEqualTo(21006);
    }

    @Test
    void directoryInfo() throws Exception {
        Files.createSymbolicLink(root.resolve("w/link-to-sub"), root.resolve("w/sub"));
        JsonNode d = c.call("get_directory_info", params("path", "w"));
        assertThat(d.get("parent").asText()).isEqualTo("");
        assertThat(d.get("files").findValuesAsText("name")).containsExactlyInAnyOrder("a.txt", ".hidden");
        assertThat(d.get("directories").findValuesAsText("name")).containsExactlyInAnyOrder("sub", "link-to-sub");
        JsonNode f = d.get("files").get(0).get("meta");
        assertThat(f.has("size") && f.has("read_only") && f.has("creation_time")).isTrue();
        JsonNode dm = d.get("directories").get(0).get("meta");
        assertThat(dm.has("creation_time") && dm.has("hidden") && dm.has("last_access_time")
                && dm.has("last_write_time")).isTrue();
        assertThat(c.call("get_directory_info", params("path", "w/sub/deep")).get("parent").asText())
                .isEqualTo("w/sub");
        for (String r : new String[] {"", ".", "/"}) {
            JsonNode rootListing = c.call("get_directory_info", params("path", r));
            assertThat(rootListing.get("parent").isNull()).isTrue();
            assertThat(rootListing.get("directories").findValuesAsText("name")).contains("instances", "w", "caches");
        }
        assertThat(call("get_directory_info")).isEqualTo(11001);
        assertThat(call("get_directory_info", "path", "nope")).isEqualTo(21001);
        assertThat(call("get_directory_info", "path", "w/a.txt")).isEqualTo(21005);
        assertThat(call("get_directory_info", "path", "..")).isEqualTo(21006);
    }

    @Test
    void deleteFile() {
        assertThat(call("delete_file", "path", "w/a.txt")).isZero();
        assertThat(root.resolve("w/a.txt")).doesNotExist();
        assertThat(call("delete_file", "path", "w/a.txt")).isEqualTo(21001);
        assertThat(call("delete_file", "path", "w/sub")).isEqualTo(21004);
        assertThat(call("delete_file", "path", "../config.json")).isEqualTo(21006);
        assertThat(call("delete_file")).isEqualTo(11001);
    }

    @Test
    void deleteDirectory() {
        assertThat(call("delete_directory", "path", "w/sub")).isEqualTo(11001);
        assertThat(call("delete_directory", "path", "w/sub", "recursive", "yes")).isEqualTo(11001);
        assertThat(call("delete_directory", "path", "w/sub", "recursive", false)).isEqualTo(21006);
        assertThat(root.resolve("w/sub/deep/b.txt")).exists();
        assertThat(call("delete_directory", "path", "w/a.txt", "recursive", true)).isEqualTo(21005);
        assertThat(call("delete_directory", "path", "w/none", "recursive", true)).isEqualTo(21001);
        assertThat(call("delete_directory", "path", "", "recursive", true)).isEqualTo(21006);
        assertThat(call("delete_directory", "path", "/", "recursive", true)).isEqualTo(21006);
        assertThat(call("delete_directory", "path", "..", "recursive", true)).isEqualTo(21006);
        assertThat(call("delete_directory", "path", "w/sub", "recursive", true)).isZero();
        assertThat(root.resolve("w/sub")).doesNotExist();
        assertThat(call("create_directory", "path", "w/empty")).isZero();
        assertThat(call("delete_directory", "path", "w/empty", "recursive", false)).isZero();
    }

    @Test
    void rename() {
        assertThat(call("rename_file", "path", "w/a.txt", "new_name", "c.txt")).isZero();
        assertThat(root.resolve("w/c.txt")).hasContent("hello");
        for (String bad : new String[] {"", ".", "..", "x/y", "x\\y", "a\u0000b", "n".repeat(256)}) {
            assertThat(call("rename_file", "path", "w/c.txt", "new_name", bad)).as(bad).isEqualTo(11002);
        }
        assertThat(call("rename_file", "path", "w/c.txt")).isEqualTo(11001);
        assertThat(call("rename_file", "path", "w/none", "new_name", "x")).isEqualTo(21001);
        assertThat(call("rename_file", "path", "w/sub", "new_name", "x")).isEqualTo(21004);
        assertThat(call("rename_directory", "path", "w/c.txt", "new_name", "x")).isEqualTo(21005);
        assertThat(call("rename_file", "path", "w/c.txt", "new_name", ".hidden")).isEqualTo(21002);
        assertThat(call("rename_directory", "path", "w/sub", "new_name", "c.txt")).isEqualTo(21002);
        assertThat(call("rename_directory", "path", "w/sub", "new_name", "sub2")).isZero();
        assertThat(root.resolve("w/sub2/deep/b.txt")).exists();
        assertThat(call("rename_directory", "path", "", "new_name", "x")).isEqualTo(21006);
        assertThat(call("rename_file", "path", "../config.json", "new_name", "x")).isEqualTo(21006);
        assertThat(root.resolve("w/.hidden")).hasContent("h");
    }

    @Test
    void createDirectory() {
        assertThat(call("create_directory", "path", "n/e/w")).isZero();
        assertThat(root.resolve("n/e/w")).isDirectory();
        assertThat(call("create_directory", "path", "n/e/w")).isZero();
        assertThat(call("create_directory", "path", "w/a.txt")).isEqualTo(21005);
        assertThat(call("create_directory", "path", "w/a.txt/x")).isEqualTo(21005);
        assertThat(call("create_directory", "path", "../outside")).isEqualTo(21006);
        assertThat(call("create_directory")).isEqualTo(11001);
        assertThat(daemon.workDir().resolve("outside")).doesNotExist();
    }

    @Test
    void moveAndCopy() throws Exception {
        assertThat(call("copy_file", "source_path", "w/a.txt", "destination_path", "x/y/a2.txt")).isZero();
        assertThat(root.resolve("x/y/a2.txt")).hasContent("hello");
        assertThat(root.resolve("w/a.txt")).hasContent("hello");
        assertThat(call("move_file", "source_path", "x/y/a2.txt", "destination_path", "x/a3.txt")).isZero();
        assertThat(root.resolve("x/y/a2.txt")).doesNotExist();
        assertThat(root.resolve("x/a3.txt")).hasContent("hello");
        assertThat(call("copy_directory", "source_path", "w/sub", "destination_path", "cp/sub")).isZero();
        assertThat(root.resolve("cp/sub/deep/b.txt")).hasContent("bb");
        assertThat(call("move_directory", "source_path", "cp/sub", "destination_path", "mv/sub")).isZero();
        assertThat(root.resolve("mv/sub/deep/b.txt")).hasContent("bb");
        assertThat(root.resolve("cp/sub")).doesNotExist();

        for (String a : new String[] {"move_file", "copy_file", "move_directory", "copy_directory"}) {
            boolean dir = a.endsWith("directory");
            String src = dir ? "w/sub" : "w/a.txt";
            assertThat(call(a, "source_path", src)).as(a).isEqualTo(11001);
            assertThat(call(a, "destination_path", "q")).as(a).isEqualTo(11001);
            assertThat(call(a, "source_path", "w/none", "destination_path", "q")).as(a).isEqualTo(21001);
            assertThat(call(a, "source_path", dir ? "w/a.txt" : "w/sub", "destination_path", "q")).as(a)
                    .isEqualTo(dir ? 21005 : 21004);
            assertThat(call(a, "source_path", src, "destination_path", "x/a3.txt")).as(a).isEqualTo(21002);
            assertThat(call(a, "source_path", src, "destination_path", "w")).as(a).isEqualTo(21002);
            assertThat(call(a, "source_path", src, "destination_path", "../out")).as(a).isEqualTo(21006);
            assertThat(call(a, "source_path", "../config.json", "destination_path", "q")).as(a).isEqualTo(21006);
        }
        assertThat(call("move_directory", "source_path", "w", "destination_path", "w/sub/w")).isEqualTo(11002);
        assertThat(call("copy_directory", "source_path", "w", "destination_path", "w/inner")).isEqualTo(11002);
        assertThat(call("copy_directory", "source_path", "w", "destination_path", "w")).isEqualTo(11002);
        assertThat(call("move_directory", "source_path", "w", "destination_path", "./w/")).isEqualTo(11002);
        assertThat(call("move_file", "source_path", "w/a.txt", "destination_path", "w/a.txt/x")).isEqualTo(21005);
        assertThat(daemon.workDir().resolve("out")).doesNotExist();
    }

    @Test
    void filesOfOpenSessionsAreInUse() throws Exception {
        JsonNode up = c.call("file_upload_request", params("path", "w/a.txt", "size", 3));
        assertThat(call("delete_file", "path", "w/a.txt")).isEqualTo(21003);
        assertThat(call("rename_file", "path", "w/a.txt", "new_name", "z")).isEqualTo(21003);
        assertThat(call("move_file", "source_path", "w/a.txt", "destination_path", "z")).isEqualTo(21003);
        assertThat(call("delete_directory", "path", "w", "recursive", true)).isEqualTo(21003);
        assertThat(call("move_directory", "source_path", "w", "destination_path", "z")).isEqualTo(21003);
        assertThat(call("copy_file", "source_path", "w/.hidden", "destination_path", "w/a.txt")).isEqualTo(21002);
        c.call("file_upload_cancel", params("file_id", up.get("file_id").asText()));
        String dl = c.call("file_download_request", params("path", "w/sub/deep/b.txt")).get("file_id").asText();
        assertThat(call("delete_file", "path", "w/sub/deep/b.txt")).isEqualTo(21003);
        assertThat(call("delete_directory", "path", "w/sub", "recursive", true)).isEqualTo(21003);
        assertThat(call("copy_file", "source_path", "w/sub/deep/b.txt", "destination_path", "b2")).isZero();
        c.call("file_download_close", params("file_id", dl));
        assertThat(call("delete_directory", "path", "w/sub", "recursive", true)).isZero();
        assertThat(root.resolve("w/a.txt")).hasContent("hello");
    }
}
