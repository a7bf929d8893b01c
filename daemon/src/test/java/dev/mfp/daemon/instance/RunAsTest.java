package dev.mfp.daemon.instance;

import dev.mfp.daemon.instance.process.RunAs;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hardening items 2 and 3: a daemon running as root runs game servers as the unprivileged instance user, with the
 * instance's env but in a directory it owns, and does not take an instance file that user planted for its own;
 * secrets are owner-only. As another user the daemon runs them as itself, which is asserted instead.
 */
class RunAsTest {
    private static final boolean ROOT = RunAs.daemonUid() == 0;

    @AfterAll
    static void noLeftovers() {
        TestDaemon.assertNoChildProcesses();
    }

    @Test
    void serversRunAsTheInstanceUserWithTheirEnvAndTheRegistryStaysTheDaemons() throws Exception {
        Path work = Files.createTempDirectory("mfp-runas");
        try {
            UUID id;
            Path dir;
            try (TestDaemon d = TestDaemon.startIn(work)) {
                MfpClient c = d.client();
                ObjectNode s = Instances.mcSetting("runas", FakeServer.uploadServerJar(d));
                s.putObject("env").put("MFP_TEST_SECRET", "s3cret");
                id = UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
                FakeServer.writeProperties(d, id, FakeServer.freePort());
                dir = d.root().resolve("instances/" + id);
                startAndAwaitRunning(c, id);
                long pid = ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst()
                        .orElseThrow().pid();
                int expectedUid = ROOT ? Integer.parseInt(idOf(RunAs.DEFAULT_USER)) : RunAs.daemonUid();
                assertThat(uidOf(pid)).as("server uid").isEqualTo(expectedUid);
                String environ = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1);
                assertThat(List.of(environ.split("\0"))).contains("MFP_TEST_SECRET=s3cret");
                if (ROOT) {
                    assertThat(List.of(environ.split("\0"))).contains("HOME=" + dir, "USER=" + RunAs.DEFAULT_USER);
                    assertThat(ownerUid(dir)).as("instance dir owner").isEqualTo(expectedUid);
                    assertThat(ownerUid(dir.resolve("server.properties"))).isEqualTo(expectedUid);
                    assertThat(ownerUid(dir.resolve("daemon_instance.json"))).as("registry owner").isZero();
                }
                assertThat(mode(dir.resolve("daemon_instance.json"))).isEqualTo("rw-------");
                assertThat(mode(dir.resolve("daemon_run_state.json"))).isEqualTo("rw-------");
                assertThat(mode(work.resolve("config.json"))).isEqualTo("rw-------");
                c.call("kill_instance", params("id", id.toString()));
            }
            if (ROOT) {
                // the server's user owns the directory and could replace the registry: a file it wrote is not loaded
                Path registry = dir.resolve("daemon_instance.json");
                String content = Files.readString(registry);
                Files.delete(registry);
                Files.writeString(registry, content);
                Files.setOwner(registry, registry.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(RunAs.DEFAULT_USER));
                Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rw-------"));
                try (TestDaemon d = TestDaemon.startIn(work)) {
                    JsonNode all = d.client().call("get_all_reports", null).get("reports");
                    assertThat(all.has(id.toString())).as("planted registry loaded").isFalse();
                }
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    @Test
    void existingSecretsAreTightenedAtStart() throws Exception {
        Path work = Files.createTempDirectory("mfp-secrets");
        try {
            UUID id;
            try (TestDaemon d = TestDaemon.startIn(work)) {
                id = Instances.addServer(d, d.client(), "secret");
            }
            Path registry = work.resolve("daemon/instances/" + id + "/daemon_instance.json");
            Files.setPosixFilePermissions(work.resolve("config.json"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(work.resolve("daemon"), PosixFilePermissions.fromString("rwxr-xr-x"));
            try (TestDaemon d = TestDaemon.startIn(work)) {
                assertThat(mode(work.resolve("config.json"))).isEqualTo("rw-------");
                assertThat(mode(registry)).isEqualTo("rw-------");
                // root: the instance user must still pass through to its directory
                assertThat(mode(work.resolve("daemon"))).isEqualTo(ROOT ? "rwx-----x" : "rwx------");
                assertThat(d.client().call("get_all_reports", null).get("reports").has(id.toString())).isTrue();
            }
        } finally {
            TestDaemon.deleteTree(work);
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static int ownerUid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int uidOf(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("Uid:")) {
                return Integer.parseInt(l.split("\\s+")[2]); // effective uid
            }
        }
        throw new AssertionError("no Uid line for " + pid);
    }

    private static String idOf(String user) throws Exception {
        Process p = new ProcessBuilder("id", "-u", user).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
