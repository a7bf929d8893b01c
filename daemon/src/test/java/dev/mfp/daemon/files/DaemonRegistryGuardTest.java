package dev.mfp.daemon.files;

import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hardening item 2: a token with every file permission must not rewrite, plant, rename or delete the daemon's
 * instance registry (that would be command execution), nor read the env it holds without settings.read.
 */
@DaemonTest(noChildProcessesAfter = true)
class DaemonRegistryGuardTest {
    private static final String FILE_ONLY = "mcsl.daemon.file.**";
    private static TestDaemon d;
    @MainClient
    private static MfpClient main;
    private static MfpClient files;
    private static Transfers fileTransfers;
    private static UUID id;
    private static String registry;
    private static byte[] registryBytes;

    @BeforeAll
    static void up() throws Exception {
        id = Instances.addServer(d, main, "guarded");
        registry = "instances/" + id + "/daemon_instance.json";
        registryBytes = Files.readAllBytes(d.root().resolve(registry));
        files = d.connect(d.subtoken(FILE_ONLY, 300));
        fileTransfers = new Transfers(files);
        main.call("create_directory", params("path", "staging/dir"));
        Files.writeString(d.root().resolve("staging/evil.json"), "{\"java_path\":\"/bin/sh\"}");
    }

    @Test
    void theRegistryFileCannotBeWrittenRenamedMovedOrDeleted() {
        String dir = "instances/" + id;
        byte[] evil = "{\"java_path\":\"/bin/sh\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(code(() -> fileTransfers.request(registry, evil.length, Bytes.sha1(evil), Transfers.Mode.BASE64)))
                .isEqualTo(21006);
        assertThat(code(() -> files.call("delete_file", params("path", registry)))).isEqualTo(21006);
        assertThat(code(() -> files.call("rename_file", params("path", registry, "new_name", "x.json"))))
                .isEqualTo(21006);
        assertThat(code(() -> files.call("move_file", params("source_path", registry, "destination_path", "staging/r.json"))))
                .isEqualTo(21006);
        // planting it back under another name: move, copy and rename onto the reserved names
        for (String reserved : List.of("daemon_instance.json", "daemon_run_state.json", "daemon_install_metadata.json",
                ".daemon_instance.json.tmp")) {
            assertThat(code(() -> files.call("copy_file", params("source_path", "staging/evil.json",
                    "destination_path", dir + "/" + reserved)))).as(reserved).isIn(21006);
        }
        assertThat(code(() -> files.call("create_directory", params("path", dir + "/daemon_run_state.json"))))
                .isEqualTo(21006);
        assertThat(d.root().resolve(dir + "/daemon_run_state.json")).doesNotExist();
        assertThat(d.root().resolve(registry)).hasBinaryContent(registryBytes);
    }

    @Test
    void renamingAFileOntoTheRegistryNameIsRefused() throws Exception {
        String dir = "instances/" + id;
        Files.writeString(d.root().resolve(dir + "/notes.json"), "{}");
        Files.delete(d.root().resolve(registry));
        try {
            // even while the registry file is missing (a restart would load what is put there)
            assertThat(code(() -> files.call("rename_file", params("path", dir + "/notes.json",
                    "new_name", "daemon_instance.json")))).isEqualTo(21006);
            assertThat(code(() -> files.call("move_file", params("source_path", "staging/evil.json",
                    "destination_path", registry)))).isEqualTo(21006);
        } finally {
            Files.write(d.root().resolve(registry), registryBytes);
        }
        assertThat(d.root().resolve(dir + "/notes.json")).exists();
    }

    @Test
    void noEntryCanBeCreatedOrRemovedDirectlyUnderInstances() throws Exception {
        UUID planted = UUID.randomUUID();
        String newDir = "instances/" + planted;
        byte[] evil = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(code(() -> files.call("create_directory", params("path", newDir)))).isEqualTo(21006);
        assertThat(code(() -> files.call("create_directory", params("path", newDir + "/deep/er")))).isEqualTo(21006);
        assertThat(code(() -> fileTransfers.request(newDir + "/daemon_instance.json", evil.length,
                Bytes.sha1(evil), Transfers.Mode.BASE64))).isEqualTo(21006);
        assertThat(code(() -> fileTransfers.request(newDir + "/server.jar", evil.length,
                Bytes.sha1(evil), Transfers.Mode.BASE64))).isEqualTo(21006);
        assertThat(code(() -> files.call("move_directory", params("source_path", "staging/dir",
                "destination_path", newDir)))).isEqualTo(21006);
        assertThat(code(() -> files.call("copy_directory", params("source_path", "staging/dir",
                "destination_path", newDir)))).isEqualTo(21006);
        assertThat(code(() -> files.call("copy_file", params("source_path", "staging/evil.json",
                "destination_path", "instances/stray.json")))).isEqualTo(21006);
        assertThat(code(() -> files.call("rename_directory", params("path", "instances/" + id,
                "new_name", planted.toString())))).isEqualTo(21006);
        assertThat(code(() -> files.call("move_directory", params("source_path", "instances/" + id,
                "destination_path", "staging/moved")))).isEqualTo(21006);
        assertThat(code(() -> files.call("delete_directory", params("path", "instances/" + id, "recursive", true))))
                .isEqualTo(21006);
        assertThat(code(() -> files.call("rename_directory", params("path", "instances", "new_name", "old"))))
                .isEqualTo(21006);
        assertThat(code(() -> files.call("delete_directory", params("path", "instances", "recursive", true))))
                .isEqualTo(21006);
        try (Stream<Path> s = Files.list(d.root().resolve("instances"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(id.toString());
        }
        assertThat(d.root().resolve(registry)).hasBinaryContent(registryBytes);
    }

    @Test
    void theServerFilesOfAnInstanceStayEditable() throws Exception {
        String dir = "instances/" + id;
        byte[] props = "motd=edited\n".getBytes(StandardCharsets.UTF_8);
        fileTransfers.upload(dir + "/plugins/a.properties", props, Transfers.Mode.BASE64);
        assertThat(d.root().resolve(dir + "/plugins/a.properties")).hasBinaryContent(props);
        files.call("rename_file", params("path", dir + "/plugins/a.properties", "new_name", "b.properties"));
        files.call("copy_file", params("source_path", dir + "/plugins/b.properties", "destination_path", dir + "/c.properties"));
        files.call("delete_directory", params("path", dir + "/plugins", "recursive", true));
        files.call("delete_file", params("path", dir + "/c.properties"));
        assertThat(d.root().resolve(dir + "/plugins")).doesNotExist();
    }

    @Test
    void readingTheRegistryNeedsSettingsRead() throws Exception {
        assertThat(code(() -> files.call("file_download_request", params("path", registry)))).isEqualTo(21006);
        assertThat(code(() -> files.call("copy_file", params("source_path", registry, "destination_path", "staging/leak.json"))))
                .isEqualTo(21006);
        assertThat(code(() -> files.call("copy_directory", params("source_path", "instances/" + id,
                "destination_path", "staging/leak")))).isEqualTo(21006);
        assertThat(code(() -> files.call("copy_directory", params("source_path", "instances",
                "destination_path", "staging/leak")))).isEqualTo(21006);
        assertThat(d.root().resolve("staging/leak")).doesNotExist();
        assertThat(d.root().resolve("staging/leak.json")).doesNotExist();
        // the listing still shows it; its content is what is guarded
        JsonNode info = files.call("get_directory_info", params("path", "instances/" + id));
        assertThat(info.toString()).contains("daemon_instance.json");

        MfpClient reader = d.connect(d.subtoken(FILE_ONLY + ",mcsl.daemon.instance.settings.read", 300));
        assertThat(new Transfers(reader).download(registry)).isEqualTo(registryBytes);
        assertThat(new Transfers(main).download(registry)).isEqualTo(registryBytes);
    }
}
