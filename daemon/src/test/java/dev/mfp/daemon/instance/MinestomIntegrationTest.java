package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.awaitStatus;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.instance.slp.ServerListPing;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against a real Minecraft-protocol server: a tiny Minestom server (testkit-minestom) run by the daemon as an
 * instance. Minestom needs Java 25; the test compiles the server with a JDK >= 25 (JAVA25_HOME, or one found in
 * /usr/lib/jvm) and is skipped — visibly, with the reason — when none is present.
 */
class MinestomIntegrationTest {
    @Test
    void playersAndVersionThroughTheDaemon() throws Exception {
        Path jdk = findJdk25();
        assumeTrue(jdk != null, "SKIPPED MinestomIntegrationTest: no JDK >= 25 found (set JAVA25_HOME or install one "
                + "under /usr/lib/jvm); Minestom requires Java 25");
        Path module = Paths.get("").toAbsolutePath().resolveSibling("testkit-minestom");
        Path libs = module.resolve("target/minestom-libs");
        Path source = module.resolve("src/main/minestom/MinestomServer.java");
        assumeTrue(Files.isDirectory(libs) && Files.isRegularFile(source), "SKIPPED MinestomIntegrationTest: "
                + libs + " missing (build the testkit-minestom module first, e.g. mvn -pl daemon -am test)");

        try (TestDaemon d = TestDaemon.start()) {
            Path classes = Files.createDirectories(d.workDir().resolve("minestom-classes"));
            run(List.of(jdk.resolve("bin/javac").toString(), "-cp", libs + "/*", "-d", classes.toString(),
                    source.toString()));
            // a server pack: server.jar (Main-Class + Class-Path) and libs/, installed as an archive instance
            Path pack = d.root().resolve("caches/uploads/minestom-pack.zip");
            pack(pack, classes.resolve("MinestomServer.class"), libs);
            MfpClient c = d.client();
            ObjectNode s = Json.mapper().createObjectNode();
            s.put("name", "minestom").put("instance_type", "mc_java").put("target", "server.jar")
                    .put("target_type", "jar").put("mc_version", "1.21.11").put("java_path", jdk.resolve("bin/java")
                    .toString()).put("source", "caches/uploads/minestom-pack.zip").put("source_type", "archive");
            s.set("arguments", Json.mapper().valueToTree(List.of("-Xmx256m", "-Dplayers=Alex,Steve")));
            UUID id = UUID.fromString(c.call("add_instance", params("setting", s)).get("config").get("uuid").asText());
            int port = FakeServer.freePort();
            FakeServer.writeProperties(d, id, port);
            try {
                c.call("start_instance", params("id", id.toString()));
                awaitStatus(c, id, "running");
                JsonNode report = Instances.report(c, id);
                assertThat(report.get("players").findValuesAsText("name")).containsExactly("Alex", "Steve");
                assertThat(report.get("players").get(1).get("uuid").asText()).isEqualTo(
                        UUID.nameUUIDFromBytes("OfflinePlayer:Steve".getBytes(StandardCharsets.UTF_8)).toString());
                assertThat(report.get("properties").get("server-port").asText()).isEqualTo(Integer.toString(port));
                assertThat(report.get("performance_counter").get("memory").asLong()).isPositive();
                // the version as the same SLP client reads it from the real server
                JsonNode status = ServerListPing.status("127.0.0.1", port, Duration.ofSeconds(2));
                assertThat(status.path("version").path("name").asText()).isNotBlank();
                assertThat(status.path("version").path("protocol").asInt()).isPositive();
                c.call("stop_instance", params("id", id.toString()));
                awaitStatus(c, id, "stopped");
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("console: " + Instances.history(c, id), e);
            } finally {
                if (c.call("get_instance_settings", params("id", id.toString())).get("can_edit").asBoolean() == false) {
                    c.call("kill_instance", params("id", id.toString()));
                }
            }
        }
        TestDaemon.assertNoChildProcesses();
    }

    private static void pack(Path zip, Path mainClass, Path libs) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(libs, "*.jar")) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        }
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "MinestomServer");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH,
                String.join(" ", names.stream().map(n -> "libs/" + n).toList()));
        java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(jar, mf)) {
            out.putNextEntry(new java.util.zip.ZipEntry("MinestomServer.class"));
            out.write(Files.readAllBytes(mainClass));
            out.closeEntry();
        }
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("server.jar"));
            out.write(jar.toByteArray());
            out.closeEntry();
            for (String n : names) {
                out.putNextEntry(new java.util.zip.ZipEntry("libs/" + n));
                out.write(Files.readAllBytes(libs.resolve(n)));
                out.closeEntry();
            }
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    static Path findJdk25() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("JAVA25_HOME");
        if (env != null) {
            candidates.add(Paths.get(env));
        }
        candidates.add(Paths.get(System.getProperty("java.home")));
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(jvms)) {
                s.forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            if (feature(home) >= 25 && Files.isExecutable(home.resolve("bin/javac"))) {
                return home;
            }
        }
        return null;
    }

    private static int feature(Path home) {
        try {
            for (String l : Files.readAllLines(home.resolve("release"))) {
                if (l.startsWith("JAVA_VERSION=")) {
                    String v = l.substring(13).replace("\"", "");
                    return Integer.parseInt(v.split("[.\\-+]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
