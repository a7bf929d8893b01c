package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v2 path methods of transfer.md §1–§3 over a real daemon: path rules first, then each method's rows. */
@DaemonTest
class V2FilesTest {
    private static final String DATE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?\\+00:00";
    private static TestDaemon daemon;
    @MainClient
    private MfpV2Client c;
    /** A fresh directory per test, root-relative. */
    private String t;
    private Path dir;

    @BeforeEach
    void fresh() throws Exception {
        t = "t-" + UUID.randomUUID().toString().substring(0, 8);
        dir = Files.createDirectories(daemon.root().resolve(t));
    }

    private static Map<String, Object> path(String p) {
        return Map.of("path", p);
    }

    private static Map<String, Object> transfer(String src, String dst) {
        return Map.of("source_path", src, "destination_path", dst);
    }

    private void fails(String method, Object params, String code) {
        assertThatThrownBy(() -> c.call(method, params)).as("%s %s", method, params)
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> {
                    assertThat(e.daemonErrorCode()).as("%s %s", method, params).isEqualTo(code);
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.error().get("data").get("execution_owner").get("id").asText())
                            .isEqualTo("mcsl.daemon");
                });
    }

    private Path write(String rel, String content) throws Exception {
        Path p = daemon.root().resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    // ---- attack cases: path resolution (transfer.md §1, decisions #5) ----

    @Test
    void hostilePathsAreRefusedByEveryMethod() {
        List<String> hostile = List.of("../x", "..", t + "/../../x", "/etc", "/", "/tmp", "\\etc", "..\\x",
                "   ", "\t", "a\u0000b", "/etc/passwd");
        for (String p : hostile) {
            fails("mcsl.directory.info.get", path(p), "file.path.invalid");
            fails("mcsl.file.info.get", path(p), "file.path.invalid");
            fails("mcsl.directory.create", path(p), "file.path.invalid");
            fails("mcsl.file.delete", path(p), "file.path.invalid");
            fails("mcsl.directory.delete", Map.of("path", p, "recursive", true), "file.path.invalid");
            fails("mcsl.file.copy", transfer(p, t + "/x"), "file.path.invalid");
            fails("mcsl.file.copy", transfer(t + "/x", p), "file.path.invalid");
        }
        assertThat(Path.of("/etc/passwd")).exists(); // nothing happened outside
    }

    @Test
    void theEmptyPathIsTheRootOnlyForDirectoryInfo() {
        JsonNode root = c.call("mcsl.directory.info.get", path(""));
        assertThat(root.get("parent").isNull()).isTrue();
        assertThat(names(root.get("directories"))).contains(t, "instances");
        for (String m : List.of("mcsl.file.info.get", "mcsl.directory.create", "mcsl.file.delete")) {
            fails(m, path(""), "file.path.invalid");
        }
        fails("mcsl.directory.delete", Map.of("path", "", "recursive", true), "file.path.invalid");
        fails("mcsl.file.rename", Map.of("path", "", "new_name", "x"), "file.path.invalid");
        fails("mcsl.directory.move", transfer("", t + "/x"), "file.path.invalid");
        fails("mcsl.directory.copy", transfer("", t + "/x"), "file.path.invalid");
        fails("mcsl.directory.info.get", path(" "), "file.path.invalid"); // only the exact ""
    }

    @Test
    void theRootItselfCannotBeMutated() throws Exception {
        String abs = daemon.root().toString();
        for (String root : List.of(".", "./", abs, abs + "/", "/", t + "/..")) {
            if (root.equals("/")) {
                continue; // an outside path, covered above
            }
            fails("mcsl.directory.delete", Map.of("path", root, "recursive", true), "file.path.invalid");
            fails("mcsl.directory.create", path(root), "file.path.invalid");
            fails("mcsl.directory.rename", Map.of("path", root, "new_name", "x"), "file.path.invalid");
            fails("mcsl.directory.move", transfer(root, t + "/moved"), "file.path.invalid");
            fails("mcsl.directory.copy", transfer(root, t + "/copy"), "file.path.invalid");
            fails("mcsl.directory.copy", transfer(t, root), "file.path.invalid");
            fails("mcsl.file.move", transfer(t + "/none", root), "file.path.invalid");
            fails("mcsl.file.copy", transfer(t + "/none", root), "file.path.invalid");
        }
        assertThat(daemon.root().resolve(t)).isDirectory();
        assertThat(daemon.root().resolve("instances")).isDirectory();
    }

    @Test
    void theAbsoluteRootPathAndPathsBelowItAreAccepted() throws Exception {
        write(t + "/a.txt", "hello");
        String abs = daemon.root().toString();
        assertThat(names(c.call("mcsl.directory.info.get", path(abs)).get("directories"))).contains(t);
        assertThat(c.call("mcsl.file.info.get", path(abs + "/" + t + "/a.txt")).get("meta").get("size").asLong())
                .isEqualTo(5);
        // a leading '/' naming no host entry is root-relative; backslashes are separators
        assertThat(c.call("mcsl.file.info.get", path("/" + t + "/a.txt")).get("meta").get("size").asLong())
                .isEqualTo(5);
        assertThat(c.call("mcsl.file.info.get", path(t + "\\a.txt")).get("meta").get("size").asLong()).isEqualTo(5);
        assertThat(c.call("mcsl.file.info.get", path("./" + t + "/./x/../a.txt")).get("meta").get("size").asLong())
                .isEqualTo(5);
    }

    @Test
    void aSymbolicLinkInsideTheRootIsRefusedWherever() throws Exception {
        write(t + "/real/f.txt", "x");
        Files.createSymbolicLink(dir.resolve("dirlink"), dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("filelink"), dir.resolve("real/f.txt"));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Files.createSymbolicLink(dir.resolve("outside"), Path.of("/etc"));
        for (String p : List.of("dirlink", "dirlink/f.txt", "filelink", "dangling", "outside", "outside/passwd",
                "dirlink/new/deeper")) {
            fails("mcsl.file.info.get", path(t + "/" + p), "file.path.invalid");
            fails("mcsl.directory.info.get", path(t + "/" + p), "file.path.invalid");
            fails("mcsl.file.delete", path(t + "/" + p), "file.path.invalid");
            fails("mcsl.directory.create", path(t + "/" + p), "file.path.invalid");
            fails("mcsl.file.copy", transfer(t + "/real/f.txt", t + "/" + p), "file.path.invalid");
        }
        assertThat(dir.resolve("filelink")).isSymbolicLink();
        assertThat(dir.resolve("real/f.txt")).hasContent("x");
    }

    // ---- listings and metadata ----

    @Test
    void listingsGiveParentsFilesDirectoriesAndDateTimes() throws Exception {
        write(t + "/sub/deeper/f.bin", "12345");
        write(t + "/sub/.hidden", "");
        write(t + "/sub/.x.0123456789abcdef0123456789abcdef.upload.tmp", "");
        JsonNode top = c.call("mcsl.directory.info.get", path(t));
        assertThat(top.get("parent").isNull()).as("a direct child of the root").isTrue();
        assertThat(c.call("mcsl.directory.info.get", path("instances")).get("parent").isNull()).isTrue();
        JsonNode sub = c.call("mcsl.directory.info.get", path(t + "/sub"));
        assertThat(sub.get("parent").asText()).isEqualTo(t);
        assertThat(names(sub.get("files"))).containsExactlyInAnyOrder(".hidden",
                ".x.0123456789abcdef0123456789abcdef.upload.tmp");
        assertThat(names(sub.get("directories"))).containsExactly("deeper");
        JsonNode hidden = sub.get("files").get(0);
        assertThat(hidden.get("meta").get("hidden").asBoolean()).isTrue();
        JsonNode d = sub.get("directories").get(0).get("meta");
        assertThat(fieldNames(d)).containsExactlyInAnyOrder("creation_time", "hidden", "last_access_time",
                "last_write_time");
        assertThat(d.get("last_write_time").asText()).matches(DATE_TIME);
        JsonNode deeper = c.call("mcsl.directory.info.get", path(t + "/sub/deeper"));
        assertThat(deeper.get("parent").asText()).isEqualTo(t + "/sub");
        JsonNode meta = deeper.get("files").get(0).get("meta");
        assertThat(fieldNames(meta)).containsExactlyInAnyOrder("creation_time", "hidden", "last_access_time",
                "last_write_time", "read_only", "size");
        assertThat(meta.get("size").asLong()).isEqualTo(5);
        assertThat(meta.get("hidden").asBoolean()).isFalse();
        assertThat(meta.get("creation_time").asText()).matches(DATE_TIME);
        JsonNode info = c.call("mcsl.file.info.get", path(t + "/sub/deeper/f.bin"));
        assertThat(fieldNames(info)).containsExactly("meta");
        assertThat(info.get("meta").get("size").asLong()).isEqualTo(5);
    }

    @Test
    void wrongKindsAndMissingEntriesAreNotFound() throws Exception {
        write(t + "/f.txt", "x");
        Files.createDirectories(dir.resolve("d"));
        fails("mcsl.directory.info.get", path(t + "/f.txt"), "file.not_found");
        fails("mcsl.directory.info.get", path(t + "/none"), "file.not_found");
        fails("mcsl.file.info.get", path(t + "/d"), "file.not_found");
        fails("mcsl.file.info.get", path(t + "/none"), "file.not_found");
        fails("mcsl.file.delete", path(t + "/d"), "file.not_found");
        fails("mcsl.file.delete", path(t + "/none"), "file.not_found");
        fails("mcsl.directory.delete", Map.of("path", t + "/f.txt", "recursive", false), "file.not_found");
        fails("mcsl.directory.delete", Map.of("path", t + "/none", "recursive", true), "file.not_found");
        fails("mcsl.file.rename", Map.of("path", t + "/d", "new_name", "e"), "file.not_found");
        fails("mcsl.directory.rename", Map.of("path", t + "/f.txt", "new_name", "e"), "file.not_found");
        fails("mcsl.file.move", transfer(t + "/d", t + "/e"), "file.not_found");
        fails("mcsl.directory.move", transfer(t + "/f.txt", t + "/e"), "file.not_found");
        fails("mcsl.file.copy", transfer(t + "/d", t + "/e"), "file.not_found");
        fails("mcsl.directory.copy", transfer(t + "/f.txt", t + "/e"), "file.not_found");
        assertThat(dir.resolve("f.txt")).exists();
        assertThat(dir.resolve("d")).isDirectory();
    }

    // ---- mutations ----

    @Test
    void createDirectoryMakesParentsAndIsIdempotent() throws Exception {
        c.call("mcsl.directory.create", path(t + "/a/b/c"));
        assertThat(dir.resolve("a/b/c")).isDirectory();
        assertThat(c.call("mcsl.directory.create", path(t + "/a/b/c")).size()).isZero();
        write(t + "/file", "x");
        fails("mcsl.directory.create", path(t + "/file"), "file.storage_failed");
        fails("mcsl.directory.create", path(t + "/file/below"), "file.storage_failed");
    }

    @Test
    void deleteFilesAndDirectories() throws Exception {
        write(t + "/f.txt", "x");
        write(t + "/full/inner/g.txt", "y");
        Files.createDirectories(dir.resolve("empty"));
        c.call("mcsl.file.delete", path(t + "/f.txt"));
        assertThat(dir.resolve("f.txt")).doesNotExist();
        c.call("mcsl.directory.delete", Map.of("path", t + "/empty", "recursive", false));
        assertThat(dir.resolve("empty")).doesNotExist();
        fails("mcsl.directory.delete", Map.of("path", t + "/full", "recursive", false), "file.storage_failed");
        assertThat(dir.resolve("full/inner/g.txt")).exists();
        c.call("mcsl.directory.delete", Map.of("path", t + "/full", "recursive", true));
        assertThat(dir.resolve("full")).doesNotExist();
    }

    @Test
    void recursiveDeleteUnlinksLinksWithoutFollowingThem() throws Exception {
        Path outside = Files.createTempDirectory("mfp-outside");
        try {
            Files.writeString(outside.resolve("keep.txt"), "keep");
            write(t + "/tree/x.txt", "x");
            Files.createSymbolicLink(dir.resolve("tree/escape"), outside);
            c.call("mcsl.directory.delete", Map.of("path", t + "/tree", "recursive", true));
            assertThat(dir.resolve("tree")).doesNotExist();
            assertThat(outside.resolve("keep.txt")).hasContent("keep");
        } finally {
            TestDaemon.deleteTree(outside);
        }
    }

    @Test
    void renameFilesAndDirectories() throws Exception {
        write(t + "/f.txt", "x");
        write(t + "/other.txt", "o");
        Files.createDirectories(dir.resolve("d"));
        for (String bad : List.of("", "  ", "a/b", "a\\b", "..", ".", "/x", "\\x")) {
            fails("mcsl.file.rename", Map.of("path", t + "/f.txt", "new_name", bad), "file.path.invalid");
        }
        fails("mcsl.file.rename", Map.of("path", t + "/f.txt", "new_name", "other.txt"), "file.storage_failed");
        fails("mcsl.file.rename", Map.of("path", t + "/f.txt", "new_name", "d"), "file.storage_failed");
        c.call("mcsl.file.rename", Map.of("path", t + "/f.txt", "new_name", "g.txt"));
        assertThat(dir.resolve("g.txt")).hasContent("x");
        c.call("mcsl.directory.rename", Map.of("path", t + "/d", "new_name", "e"));
        assertThat(dir.resolve("e")).isDirectory();
        assertThat(dir.resolve("other.txt")).hasContent("o");
    }

    @Test
    void moveFilesAndDirectories() throws Exception {
        write(t + "/f.txt", "x");
        write(t + "/taken.txt", "t");
        write(t + "/d/inner.txt", "i");
        fails("mcsl.file.move", transfer(t + "/f.txt", t + "/taken.txt"), "file.storage_failed");
        fails("mcsl.file.move", transfer(t + "/f.txt", t + "/missing/f.txt"), "file.not_found");
        fails("mcsl.directory.move", transfer(t + "/d", t + "/d/sub"), "file.storage_failed");
        fails("mcsl.directory.move", transfer(t + "/d", t + "/taken.txt"), "file.storage_failed");
        fails("mcsl.directory.move", transfer(t + "/d", t + "/missing/d"), "file.not_found");
        c.call("mcsl.file.move", transfer(t + "/f.txt", t + "/d/f.txt"));
        assertThat(dir.resolve("d/f.txt")).hasContent("x");
        assertThat(dir.resolve("f.txt")).doesNotExist();
        c.call("mcsl.directory.move", transfer(t + "/d", t + "/moved"));
        assertThat(dir.resolve("moved/inner.txt")).hasContent("i");
        assertThat(dir.resolve("taken.txt")).hasContent("t");
    }

    @Test
    void fileCopyOverwritesTheDestination() throws Exception {
        write(t + "/src.txt", "new content");
        write(t + "/dst.txt", "old");
        Files.createDirectories(dir.resolve("adir"));
        c.call("mcsl.file.copy", transfer(t + "/src.txt", t + "/dst.txt"));
        assertThat(dir.resolve("dst.txt")).hasContent("new content");
        c.call("mcsl.file.copy", transfer(t + "/src.txt", t + "/fresh.txt"));
        assertThat(dir.resolve("fresh.txt")).hasContent("new content");
        fails("mcsl.file.copy", transfer(t + "/src.txt", t + "/missing/x.txt"), "file.not_found");
        fails("mcsl.file.copy", transfer(t + "/src.txt", t + "/adir"), "file.storage_failed");
        // no temporary file is left behind
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void directoryCopyMergesIntoAnExistingDestination() throws Exception {
        write(t + "/src/a.txt", "A2");
        write(t + "/src/sub/b.txt", "B");
        write(t + "/dst/a.txt", "A1");
        write(t + "/dst/keep.txt", "K");
        c.call("mcsl.directory.copy", transfer(t + "/src", t + "/dst"));
        assertThat(dir.resolve("dst/a.txt")).hasContent("A2");
        assertThat(dir.resolve("dst/keep.txt")).hasContent("K");
        assertThat(dir.resolve("dst/sub/b.txt")).hasContent("B");
        c.call("mcsl.directory.copy", transfer(t + "/src", t + "/new/parents/dst"));
        assertThat(dir.resolve("new/parents/dst/sub/b.txt")).hasContent("B");
        fails("mcsl.directory.copy", transfer(t + "/src", t + "/src"), "file.storage_failed");
        fails("mcsl.directory.copy", transfer(t + "/src", t + "/src/inner"), "file.storage_failed");
        assertThat(dir.resolve("src/inner")).doesNotExist();
    }

    @Test
    void directoryCopyRefusesLinksInTheSourceTree() throws Exception {
        write(t + "/src/a.txt", "A");
        Files.createSymbolicLink(dir.resolve("src/link"), Path.of("/etc"));
        fails("mcsl.directory.copy", transfer(t + "/src", t + "/dst"), "file.storage_failed");
        assertThat(dir.resolve("dst")).doesNotExist();
        Files.delete(dir.resolve("src/link"));
        write(t + "/dst2/x", "x");
        Files.createSymbolicLink(dir.resolve("dst2/a.txt"), Path.of("/etc/passwd"));
        fails("mcsl.directory.copy", transfer(t + "/src", t + "/dst2"), "file.storage_failed");
        assertThat(dir.resolve("dst2/a.txt")).isSymbolicLink();
    }

    @Test
    void theDaemonRegistryIsNotWritableThroughFileMethods() throws Exception {
        UUID id = UUID.randomUUID();
        Path inst = Files.createDirectories(daemon.root().resolve("instances/" + id));
        Files.writeString(inst.resolve("daemon_instance.json"), "{}");
        write(t + "/evil.json", "{\"java_path\":\"/bin/sh\"}");
        String reg = "instances/" + id + "/daemon_instance.json";
        fails("mcsl.file.copy", transfer(t + "/evil.json", reg), "file.access_denied");
        fails("mcsl.file.move", transfer(t + "/evil.json", "instances/" + id + "/x/../daemon_instance.json"),
                "file.storage_failed"); // exists: occupied before reserved
        fails("mcsl.file.delete", path(reg), "file.access_denied");
        fails("mcsl.directory.create", path("instances/planted"), "file.access_denied");
        fails("mcsl.directory.copy", transfer(t, "instances/planted"), "file.access_denied");
        fails("mcsl.directory.delete", Map.of("path", "instances/" + id, "recursive", true), "file.access_denied");
        fails("mcsl.directory.rename", Map.of("path", "instances", "new_name", "gone"), "file.access_denied");
        assertThat(inst.resolve("daemon_instance.json")).hasContent("{}");
        assertThat(daemon.root().resolve("instances/planted")).doesNotExist();
        // below an existing instance directory, ordinary files may be written
        c.call("mcsl.directory.create", path("instances/" + id + "/mods"));
        assertThat(inst.resolve("mods")).isDirectory();
        TestDaemon.deleteTree(inst);
    }

    @Test
    void paramsAreStrict() {
        assertThatThrownBy(() -> c.call("mcsl.directory.delete", path(t))).isInstanceOfSatisfying(
                MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32602));
        assertThatThrownBy(() -> c.call("mcsl.file.info.get", Map.of("path", 5))).isInstanceOfSatisfying(
                MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32602));
        assertThatThrownBy(() -> c.call("mcsl.file.move", Map.of("source_path", "a"))).isInstanceOfSatisfying(
                MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32602));
    }

    private static List<String> names(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.get("name").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
