package dev.mfp.daemon.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry rule of hardening item 2, in process on a temp root. */
class ReservedPathsTest {
    private Path root;
    private ReservedPaths reserved;
    private final String id = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("mfp-reserved").toRealPath();
        Files.createDirectories(root.resolve("instances/" + id + "/world"));
        reserved = new ReservedPaths(root);
    }

    @AfterEach
    void tearDown() throws Exception {
        dev.mfp.daemon.support.TestDaemon.deleteTree(root);
    }

    @Test
    void writesThatTouchTheRegistryAreRefused() {
        for (String p : new String[] {"instances", "instances/" + id, "instances/" + UUID.randomUUID(),
                "instances/stray.txt", "instances/" + id + "/daemon_instance.json",
                "instances/" + id + "/daemon_install_metadata.json", "instances/" + id + "/daemon_run_state.json",
                "instances/" + id + "/.daemon_instance.json.tmp", "instances/" + UUID.randomUUID() + "/a/b"}) {
            DaemonError e = catchThrowableOfType(DaemonError.class, () -> reserved.checkWritable(root.resolve(p)));
            assertThat(e).as(p).isNotNull();
            assertThat(e.kind()).as(p).isEqualTo(Failure.FILE_ACCESS_FAILED);
        }
    }

    @Test
    void everythingElseStaysWritable() {
        for (String p : new String[] {"", "world", "instances-backup/x", "instancesx", "instances/" + id + "/world",
                "instances/" + id + "/server.properties", "instances/" + id + "/world/daemon_instance.json",
                "instances/" + id + "/daemon_instance.json.bak", "instances/" + id + "/.daemon_instance.json",
                "instances/" + id + "/new/dir"}) {
            assertThatCode(() -> reserved.checkWritable(root.resolve(p))).as(p).doesNotThrowAnyException();
        }
    }

    @Test
    void readingTheRegistryNeedsSettings() {
        Path registry = root.resolve("instances/" + id + "/daemon_instance.json");
        assertThat(catchThrowableOfType(DaemonError.class, () -> reserved.checkReadableFile(registry, false)))
                .isNotNull();
        assertThatCode(() -> reserved.checkReadableFile(registry, true)).doesNotThrowAnyException();
        assertThatCode(() -> reserved.checkReadableFile(root.resolve("instances/" + id + "/world/daemon_instance.json"),
                false)).doesNotThrowAnyException();
        for (String tree : new String[] {"", "instances", "instances/" + id}) {
            assertThat(catchThrowableOfType(DaemonError.class,
                    () -> reserved.checkReadableTree(root.resolve(tree), false))).as(tree).isNotNull();
            assertThatCode(() -> reserved.checkReadableTree(root.resolve(tree), true)).doesNotThrowAnyException();
        }
        assertThatCode(() -> reserved.checkReadableTree(root.resolve("instances/" + id + "/world"), false))
                .doesNotThrowAnyException();
    }
}
