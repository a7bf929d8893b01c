package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Instances.mcSetting;
import static dev.mfp.daemon.support.Instances.startAndAwaitRunning;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.V1Console;
import dev.mfp.testkit.TestkitJars;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every source type and the Forge installer flow (with the testkit's fake installer). */
class InstanceSourcesTest {
    private static Path work;
    private static TestDaemon d;
    private static MfpClient c;
    private static HttpServer http;
    private static String base;

    @BeforeAll
    static void up() throws Exception {
        work = Files.createTempDirectory("mfp-sources");
        // the URL sources below are served from loopback
        d = TestDaemon.startWith(work, Map.of("instance_download_max_bytes", 1_000_000,
                "instance_archive_max_bytes", 2_000_000, "instance_archive_max_entries", 50,
                "instance_source_allow_private", true));
        c = d.client();
        byte[] jar = Files.readAllBytes(FakeServer.serverJar());
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/server.jar", ex -> {
            ex.sendResponseHeaders(200, jar.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(jar);
            }
        });
        http.createContext("/huge.jar", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length: the limit must still hold
            try (OutputStream o = ex.getResponseBody()) {
                byte[] block = new byte[64 * 1024];
                for (int i = 0; i < 40; i++) {
                    o.write(block);
                }
            } catch (java.io.IOException ignored) {
                // the daemon hung up
            }
        });
        http.createContext("/missing.jar", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @AfterAll
    static void down() throws Exception {
        http.stop(0);
        d.close();
        TestDaemon.deleteTree(work);
        TestDaemon.assertNoChildProcesses();
    }

    @Test
    void coreFromHttpUrlIsDownloaded() throws Exception {
        JsonNode cfg = c.call("add_instance", params("setting", mcSetting("http", base + "/server.jar"))).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        assertThat(Files.readAllBytes(d.root().resolve("instances/" + id + "/server.jar")))
                .isEqualTo(Files.readAllBytes(FakeServer.serverJar()));
        try (var s = Files.list(d.root().resolve("caches/downloads"))) {
            assertThat(s.count()).as("temporary downloads are cleaned up").isZero();
        }
        assertThat(code(() -> c.call("add_instance", params("setting", mcSetting("huge", base + "/huge.jar")))))
                .isEqualTo(60001);
        assertThat(code(() -> c.call("add_instance", params("setting", mcSetting("404", base + "/missing.jar")))))
                .isEqualTo(60001);
    }

    @Test
    void archiveIsExtractedSafely() throws Exception {
        Path ok = zip("pack.zip", Map.of("server.jar", Files.readAllBytes(FakeServer.serverJar()),
                "config/settings.txt", "x=1".getBytes(), "eula.txt", "eula=false\n".getBytes()));
        ObjectNode s = mcSetting("archive", "caches/uploads/pack.zip");
        s.put("source_type", "archive");
        UUID id = UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
        Path dir = d.root().resolve("instances/" + id);
        assertThat(dir.resolve("config/settings.txt")).hasContent("x=1");
        assertThat(Files.readString(dir.resolve("eula.txt"))).contains("eula=true").doesNotContain("eula=false");
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        startAndAwaitRunning(c, id);
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
        assertThat(ok).exists();

        zip("slip.zip", Map.of("server.jar", new byte[10], "../../../evil.txt", "x".getBytes()));
        assertThat(code(() -> c.call("add_instance", params("setting", archive("caches/uploads/slip.zip")))))
                .isEqualTo(60001);
        assertThat(work.resolve("evil.txt")).doesNotExist();
        assertThat(d.root().resolve("evil.txt")).doesNotExist();
        java.util.Map<String, byte[]> many = new java.util.HashMap<>();
        for (int i = 0; i < 60; i++) {
            many.put("f" + i, new byte[1]);
        }
        many.put("server.jar", new byte[1]);
        zip("many.zip", many);
        assertThat(code(() -> c.call("add_instance", params("setting", archive("caches/uploads/many.zip")))))
                .isEqualTo(60001);
        zip("bomb.zip", Map.of("server.jar", new byte[3_000_000]));
        assertThat(code(() -> c.call("add_instance", params("setting", archive("caches/uploads/bomb.zip")))))
                .isEqualTo(60001);
        zip("notarget.zip", Map.of("other.jar", new byte[1]));
        assertThat(code(() -> c.call("add_instance", params("setting", archive("caches/uploads/notarget.zip")))))
                .isEqualTo(60001);
        Files.writeString(d.root().resolve("caches/uploads/broken.zip"), "this is not a zip");
        assertThat(code(() -> c.call("add_instance", params("setting", archive("caches/uploads/broken.zip")))))
                .isEqualTo(60001);
        try (var list = Files.list(d.root().resolve("instances"))) {
            assertThat(list.filter(p -> !p.getFileName().toString().equals(id.toString()))
                    .filter(p -> !Files.exists(p.resolve("daemon_instance.json"))).count())
                    .as("failed installs leave no directory").isZero();
        }
    }

    @Test
    void genericExecutableRunsAtOnceAndStopKillsIt() throws Exception {
        Path script = d.root().resolve("caches/uploads/loop.sh");
        Files.writeString(script, "#!/bin/sh\necho \"generic $1\"\nwhile true; do sleep 1; done\n");
        ObjectNode s = mcSetting("generic", "caches/uploads/loop.sh");
        s.put("instance_type", "universal");
        s.put("target", "loop.sh");
        s.put("target_type", "executable");
        s.put("mc_version", "");
        s.set("arguments", dev.mfp.protocol.json.Json.mapper().valueToTree(java.util.List.of("hello")));
        JsonNode cfg = c.call("add_instance", params("setting", s)).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        assertThat(cfg.get("target_type").asText()).isEqualTo("executable");
        assertThat(d.root().resolve("instances/" + id + "/eula.txt")).doesNotExist();
        c.call("start_instance", params("id", id.toString()));
        assertThat(Instances.status(c, id)).isEqualTo("running");
        Instances.awaitHistoryContains(c, id, "generic hello");
        JsonNode report = Instances.report(c, id);
        assertThat(report.get("properties").size()).isZero();
        assertThat(report.get("players").size()).isZero();
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
    }

    @Test
    void modernForgeInstallerFlowUsesTheBundledLauncher() throws Exception {
        TestkitJars.forgeInstaller(d.root().resolve("caches/uploads/forge-1.20.1-installer.jar"),
                "{\"spec\":1,\"profile\":\"forge\",\"version\":\"1.20.1-forge-47.2.0\","
                        + "\"path\":\"net.minecraftforge:forge:1.20.1-47.2.0\",\"minecraft\":\"1.20.1\",\"processors\":[]}");
        ObjectNode s = mcSetting("forge", "caches/uploads/forge-1.20.1-installer.jar");
        s.put("instance_type", "mc_forge");
        s.put("mc_version", "1.20.1");
        s.put("target", "forge-installer.jar");
        s.put("mirror", "bmcl_api");
        V1Console console = new V1Console(c);
        JsonNode cfg = c.call("add_instance", params("setting", s)).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        assertThat(cfg.get("target").asText()).isEqualTo("mfp-server-launcher.jar");
        assertThat(cfg.get("target_type").asText()).isEqualTo("jar");
        Path dir = d.root().resolve("instances/" + id);
        assertThat(dir.resolve("run.sh")).exists();
        assertThat(dir.resolve("libraries/net/minecraftforge/forge/1.20.1-47.2.0/unix_args.txt")).exists();
        assertThat(d.root().resolve("contained/mfp-server-launcher.jar")).exists();
        assertThat(Files.readString(dir.resolve("eula.txt"))).contains("eula=true");
        assertThat(Instances.history(c, id)).anyMatch(l -> l.contains("The server installed successfully"));
        JsonNode meta = c.call("get_instance_settings", params("id", id.toString())).get("install_metadata");
        assertThat(meta.get("installer_kind").asText()).isEqualTo("forge_v2");
        assertThat(meta.get("resolved_launch_target").asText()).isEqualTo("mfp-server-launcher.jar");
        assertThat(meta.get("generated_paths").toString()).contains("instances/" + id + "/libraries");
        assertThat(meta.get("installed_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*([+-]\\d\\d:\\d\\d|Z)");
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "say via launcher"));
        Instances.awaitHistoryContains(c, id, "[Server] via launcher");
        c.call("stop_instance", params("id", id.toString()));
        awaitStatus(c, id, "stopped");
        assertThat(console).isNotNull();
    }

    @Test
    void legacyForgeInstallerFlowUsesTheProfileServerJar() throws Exception {
        TestkitJars.forgeInstaller(d.root().resolve("caches/uploads/forge-1.12.2-installer.jar"),
                "{\"spec\":0,\"profile\":\"forge\",\"version\":\"1.12.2-forge-14.23.5.2860\","
                        + "\"path\":\"net.minecraftforge:forge:1.12.2-14.23.5.2860\",\"minecraft\":\"1.12.2\"}");
        ObjectNode s = mcSetting("forge-legacy", "caches/uploads/forge-1.12.2-installer.jar");
        s.put("instance_type", "forge");
        s.put("mc_version", "1.12.2");
        s.put("target", "installer.jar");
        JsonNode cfg = c.call("add_instance", params("setting", s)).get("config");
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        assertThat(cfg.get("instance_type").asText()).isEqualTo("mc_forge");
        assertThat(cfg.get("target").asText()).isEqualTo("forge-1.12.2-14.23.5.2860.jar");
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        startAndAwaitRunning(c, id);
        c.call("kill_instance", params("id", id.toString()));

        TestkitJars.forgeInstaller(d.root().resolve("caches/uploads/forge-fail.jar"),
                "{\"path\":\"net.minecraftforge:forge:1.16.5-36.2.39\",\"minecraft\":\"1.16.5\",\"testkit_fail\": true}");
        ObjectNode f = mcSetting("forge-fail", "caches/uploads/forge-fail.jar");
        f.put("instance_type", "mc_forge");
        f.put("mc_version", "1.16.5");
        assertThat(code(() -> c.call("add_instance", params("setting", f)))).isEqualTo(60001);
        ObjectNode notInstaller = mcSetting("not-installer", FakeServer.uploadServerJar(d));
        notInstaller.put("instance_type", "mc_neo_forge");
        notInstaller.put("mc_version", "1.21.1");
        assertThat(code(() -> c.call("add_instance", params("setting", notInstaller)))).isEqualTo(60001);
    }

    private static ObjectNode archive(String source) {
        ObjectNode s = mcSetting("bad-archive", source);
        s.put("source_type", "archive");
        return s;
    }

    private static Path zip(String name, Map<String, byte[]> entries) throws Exception {
        Path z = d.root().resolve("caches/uploads/" + name);
        Files.createDirectories(z.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return z;
    }
}
