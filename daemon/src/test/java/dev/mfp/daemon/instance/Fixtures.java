package dev.mfp.daemon.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import dev.mfp.testkit.TestkitJars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Shared helpers of the instance tests: the fake server jar, instance creation, waiting, console capture. */
public final class Fixtures {
    public static final Duration WAIT = Duration.ofSeconds(60);
    private static Path serverJar;

    private Fixtures() {
    }

    /** The fake Minecraft server as a runnable jar (built once per test JVM from the testkit classes). */
    public static synchronized Path serverJar() {
        if (serverJar == null) {
            try {
                Path dir = Files.createTempDirectory("mfp-testkit");
                dir.toFile().deleteOnExit();
                serverJar = TestkitJars.serverJar(dir.resolve("fake-server.jar"));
                serverJar.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return serverJar;
    }

    /** The Java executable running the tests. */
    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static List<String> smallJvm(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss512k"));
        args.addAll(List.of(extra));
        return args;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the fake server jar into {@code caches/uploads/} and returns its client path. */
    public static String uploadServerJar(TestDaemon d) throws IOException {
        Path up = d.root().resolve("caches/uploads/fake-server.jar");
        Files.createDirectories(up.getParent());
        if (!Files.exists(up)) {
            Files.copy(serverJar(), up);
        }
        return "caches/uploads/fake-server.jar";
    }

    /** A setting for a Minecraft instance of the fake server. */
    public static ObjectNode mcSetting(String name, String source, String... jvmArgs) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", name);
        s.put("instance_type", "mc_vanilla");
        s.put("target", "server.jar");
        s.put("target_type", "jar");
        s.put("mc_version", "1.21.4");
        s.put("java_path", java());
        s.set("arguments", Json.mapper().valueToTree(smallJvm(jvmArgs)));
        s.put("source", source);
        s.put("source_type", "core");
        return s;
    }

    public static ObjectNode params(Object... kv) {
        ObjectNode n = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        }
        return n;
    }

    /** Adds a fake Minecraft server instance with its own free port; returns its id. */
    public static UUID addServer(TestDaemon d, MfpClient c, String name, String... jvmArgs) throws IOException {
        JsonNode config = c.call("add_instance", params("setting", mcSetting(name, uploadServerJar(d), jvmArgs)))
                .get("config");
        UUID id = UUID.fromString(config.get("uuid").asText());
        writeProperties(d, id, freePort());
        return id;
    }

    public static void writeProperties(TestDaemon d, UUID id, int port) throws IOException {
        Files.writeString(d.root().resolve("instances/" + id + "/server.properties"),
                "#Minecraft server properties\nserver-port=" + port + "\nmotd=MFP test\nmax-players=7\n",
                StandardCharsets.UTF_8);
    }

    public static String status(MfpClient c, UUID id) {
        return c.call("get_instance_report", params("id", id.toString())).get("report").get("status").asText();
    }

    public static void awaitStatus(MfpClient c, UUID id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(status(c, id)).isEqualTo(status));
    }

    public static void startAndAwaitRunning(MfpClient c, UUID id) {
        c.call("start_instance", params("id", id.toString()));
        awaitStatus(c, id, "running");
    }

    public static int code(Runnable r) {
        MfpException e = catchThrowableOfType(MfpException.class, r::run);
        assertThat(e).as("expected an error").isNotNull();
        return e.code();
    }

    public static List<String> history(MfpClient c, UUID id) {
        JsonNode logs = c.call("get_instance_log_history", params("id", id.toString())).get("logs");
        List<String> out = new java.util.ArrayList<>();
        logs.forEach(n -> out.add(n.asText()));
        return out;
    }

    public static void awaitHistoryContains(MfpClient c, UUID id, String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                history(c, id).stream().anyMatch(l -> l.contains(text)));
    }

    /** Captures instance_log events of one connection, by instance. */
    public static final class Console {
        private final List<Map.Entry<String, String>> lines = new CopyOnWriteArrayList<>();

        public Console(MfpClient c) {
            c.onEvent(e -> {
                if (e.event().equals("instance_log")) {
                    lines.add(Map.entry(e.meta().get("instance_id").asText(), e.data().get("log").asText()));
                }
            });
        }

        public static Console subscribe(MfpClient c, UUID... ids) {
            Console console = new Console(c);
            for (UUID id : ids) {
                c.call("subscribe_event", params("type", "instance_log", "meta", Map.of("instance_id", id.toString())));
            }
            return console;
        }

        public List<String> of(UUID id) {
            return lines.stream().filter(e -> e.getKey().equals(id.toString())).map(Map.Entry::getValue)
                    .collect(Collectors.toList());
        }

        public List<String> instanceIds() {
            return lines.stream().map(Map.Entry::getKey).distinct().collect(Collectors.toList());
        }

        public void awaitLine(UUID id, String contains) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() ->
                    of(id).stream().anyMatch(l -> l.contains(contains)));
        }
    }

    /** Asserts (waiting a little) that no process started by this test JVM is still alive. */
    public static void assertNoChildProcesses() {
        TestDaemon.assertNoChildProcesses();
    }

    /** Starts a daemon whose config.json sets the given extra keys (e.g. instance_stop_timeout_ms). */
    public static TestDaemon daemonWith(Path workDir, Map<String, Object> keys) throws Exception {
        Files.createDirectories(workDir);
        ObjectNode cfg = Json.mapper().createObjectNode();
        keys.forEach((k, v) -> cfg.set(k, Json.mapper().valueToTree(v)));
        Files.writeString(workDir.resolve("config.json"), cfg.toString());
        return TestDaemon.startIn(workDir);
    }
}
