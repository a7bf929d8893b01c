package dev.mfp.daemon.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AnchoredDir#mkdir} creates relative to the open directory, never through a parent swapped for a link. */
class AnchoredMkdirTest {
    private Path work;
    private Path root;
    private Path outside;
    private PathSandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("mfp-mkdir").toRealPath();
        root = Files.createDirectories(work.resolve("root"));
        outside = Files.createDirectories(work.resolve("outside"));
        sandbox = new PathSandbox(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        TestDaemon.deleteTree(work);
    }

    @Test
    void descriptorsAreUsedOnLinux() {
        String arch = System.getProperty("os.arch");
        boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux");
        if (linux && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertThat(DirectoryDescriptor.available()).isTrue();
        }
    }

    @Test
    void aParentSwappedForALinkAfterTheHandleWasOpenedIsNeverFollowed() throws IOException {
        Files.createDirectories(root.resolve("a"));
        try (AnchoredDir a = sandbox.openDirectory(root.resolve("a"))) {
            Files.move(root.resolve("a"), root.resolve("a-moved"));
            Files.createSymbolicLink(root.resolve("a"), outside);
            // with descriptors: walked from the root, the link in the way makes it fail; without: created by path,
            // verified, and what was created through the link is removed again
            assertThatThrownBy(() -> a.mkdir("x")).isInstanceOf(IOException.class);
        }
        assertThat(outsideEntries()).isZero();
    }

    @Test
    void belowADirectoryItCreatedItKeepsCreatingInTheSameDirectory() throws IOException {
        Files.createDirectories(root.resolve("b"));
        try (AnchoredDir b = sandbox.openDirectory(root.resolve("b")); AnchoredDir c = b.mkdir("c")) {
            Files.move(root.resolve("b"), root.resolve("b-moved"));
            Files.createSymbolicLink(root.resolve("b"), outside);
            if (DirectoryDescriptor.available()) {
                // c holds the descriptor of the directory it is: mkdirat lands there, inside the root
                c.mkdir("d").close();
                assertThat(root.resolve("b-moved/c/d")).isDirectory();
            } else {
                assertThatThrownBy(() -> c.mkdir("d")).isInstanceOf(IOException.class);
            }
        }
        assertThat(outsideEntries()).isZero();
    }

    private long outsideEntries() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            return s.count();
        }
    }
}
