package dev.mfp.daemon.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pure resolution rules of files-and-instances.md §1.2 on a real temporary tree. */
class PathSandboxTest {
    private Path work;
    private Path root;
    private PathSandbox sandbox;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("mfp-sandbox").toRealPath();
        root = Files.createDirectories(work.resolve("daemon"));
        Files.createDirectories(root.resolve("instances/a"));
        Files.writeString(work.resolve("config.json"), "{\"main_token\":\"secret\"}");
        sandbox = new PathSandbox(root);
    }

    @AfterEach
    void tearDown() throws Exception {
        TestDaemon.deleteTree(work);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|''", "'.'|''", "'/'|''", "'//'|''", "'\\'|''", "'./.'|''",
        "instances|instances", "/instances|instances", "\\instances|instances", "instances/|instances",
        "instances//a|instances/a", "instances\\a|instances/a", "instances/./a|instances/a",
        "instances/a/..|instances", "instances/../instances/a|instances/a", "a/b/../../c|c",
        "daemon/instances|instances", "daemon|''", "/daemon/instances/a|instances/a", "./daemon/x|x",
        "'ü/名前'|'ü/名前'"})
    void normalizes(String in, String expected) {
        assertThat(sandbox.toClientPath(sandbox.resolve(in))).isEqualTo(expected);
    }

    @Test
    void absolutePathStartingWithTheRootIsAccepted() {
        assertThat(sandbox.toClientPath(sandbox.resolve(root + "/instances/a"))).isEqualTo("instances/a");
        assertThat(sandbox.toClientPath(sandbox.resolve(root.toString()))).isEqualTo("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../", "/..", "\\..", "../config.json", "instances/../../config.json", "a/../..",
        "..\\config.json", "daemon/../config.json", "C:\\Windows", "c:/x", "C:", "x\0y", "\0"})
    void refusesEscapes(String in) {
        assertCode(() -> sandbox.resolve(in), Failure.FILE_ACCESS_FAILED);
    }

    @Test
    void rootPrefixWithDotDotEscapes() {
        assertCode(() -> sandbox.resolve(root + "/../config.json"), Failure.FILE_ACCESS_FAILED);
        assertCode(() -> sandbox.resolve(root + "/instances/../../config.json"), Failure.FILE_ACCESS_FAILED);
    }

    @Test
    void overLongNamesAndPaths() {
        assertThat(sandbox.toClientPath(sandbox.resolve("x".repeat(255)))).isEqualTo("x".repeat(255));
        assertCode(() -> sandbox.resolve("x".repeat(256)), Failure.FILE_ACCESS_FAILED);
        assertCode(() -> sandbox.resolve("é".repeat(128)), Failure.FILE_ACCESS_FAILED); // 256 UTF-8 bytes
        assertCode(() -> sandbox.resolve("a/".repeat(2049)), Failure.FILE_ACCESS_FAILED);
    }

    @Test
    void legacyPrefixKeptWhenTheRootHasADaemonEntry() throws Exception {
        Files.createDirectories(root.resolve("daemon"));
        assertThat(sandbox.toClientPath(sandbox.resolve("daemon/instances"))).isEqualTo("daemon/instances");
    }

    @Test
    void symlinksInsideAreFollowedOutsideRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("in"), root.resolve("instances"));
        Files.createSymbolicLink(root.resolve("rel"), Path.of("instances/a"));
        Files.createSymbolicLink(root.resolve("out"), work);
        Files.createSymbolicLink(root.resolve("cfg"), work.resolve("config.json"));
        Files.createSymbolicLink(root.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(root.resolve("chain2"), Path.of("../"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(root.resolve("dangling-out"), work.resolve("nothing"));
        // a chain that leaves and comes back is refused as well
        Files.createSymbolicLink(work.resolve("back"), root.resolve("instances"));
        Files.createSymbolicLink(root.resolve("outandback"), work.resolve("back"));

        assertThat(sandbox.resolve("in/a")).isEqualTo(root.resolve("instances/a"));
        assertThat(sandbox.resolve("rel")).isEqualTo(root.resolve("instances/a"));
        assertThat(sandbox.resolve("in/new/file")).isEqualTo(root.resolve("instances/new/file"));
        assertThat(sandbox.resolveEntry("in")).isEqualTo(root.resolve("in"));
        for (String p : List.of("out", "out/config.json", "cfg", "chain1", "chain1/config.json", "loop1",
                "loop1/x", "dangling-out", "dangling-out/x", "outandback", "outandback/a")) {
            assertCode(() -> sandbox.resolve(p), Failure.FILE_ACCESS_FAILED);
            assertCode(() -> sandbox.resolveEntry(p), Failure.FILE_ACCESS_FAILED);
        }
    }

    @Test
    void validNames() {
        assertThat(PathSandbox.isValidName("a.txt")).isTrue();
        for (String bad : new String[] {"", ".", "..", "a/b", "a\\b", "a\0", "x".repeat(256)}) {
            assertThat(PathSandbox.isValidName(bad)).as(bad).isFalse();
        }
    }

    @Test
    void anchoredDirRefusesASymlinkSwappedIn() throws Exception {
        Path dir = sandbox.resolve("instances/a");
        Files.delete(dir);
        Files.createSymbolicLink(dir, work);
        assertThatThrownBy(() -> sandbox.openDirectory(dir).close()).isInstanceOf(java.io.IOException.class);
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, Failure code) {
        assertThatThrownBy(c).isInstanceOfSatisfying(DaemonError.class, e -> assertThat(e.kind()).isEqualTo(code));
    }
}
