package dev.mfp.daemon.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpHttp;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.Daemon;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real daemon, started in-process on an ephemeral loopback port in a fresh working directory.
 * Clients opened through it are closed with it.
 */
public final class TestDaemon implements AutoCloseable {
    private final Path workDir;
    private final boolean ownsDir;
    private final Daemon daemon;
    private final List<MfpClient> clients = new ArrayList<>();
    private final List<MfpV2Client> v2Clients = new ArrayList<>();

    private TestDaemon(Path workDir, boolean ownsDir) throws Exception {
        this.workDir = workDir;
        this.ownsDir = ownsDir;
        this.daemon = Daemon.start(workDir, 0, "127.0.0.1");
    }

    public static TestDaemon start() throws Exception {
        return start(Map.of());
    }

    /** In a fresh temp dir whose config.json sets the given keys (none: no config.json). */
    public static TestDaemon start(Map<String, ?> config) throws Exception {
        Path dir = Files.createTempDirectory("mfp-test");
        if (!config.isEmpty()) {
            writeConfig(dir, config);
        }
        return new TestDaemon(dir, true);
    }

    /** Starts on an existing working directory (e.g. with a prepared config.json); the caller deletes it. */
    public static TestDaemon startIn(Path workDir) throws Exception {
        return new TestDaemon(workDir, false);
    }

    /** Starts on {@code workDir} with a config.json that sets the given keys (e.g. instance_stop_timeout_ms). */
    public static TestDaemon startWith(Path workDir, Map<String, ?> config) throws Exception {
        Files.createDirectories(workDir);
        writeConfig(workDir, config);
        return startIn(workDir);
    }

    private static void writeConfig(Path workDir, Map<String, ?> config) throws IOException {
        ObjectNode cfg = Json.mapper().createObjectNode();
        config.forEach((k, v) -> cfg.set(k, Json.mapper().valueToTree(v)));
        Files.writeString(workDir.resolve("config.json"), cfg.toString());
    }

    public Daemon daemon() {
        return daemon;
    }

    public Path workDir() {
        return workDir;
    }

    /** The daemon root ({@code workDir/daemon}). */
    public Path root() {
        return daemon.root().path();
    }

    public int port() {
        return daemon.port();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String mainToken() {
        return daemon.mainToken();
    }

    public MfpHttp http() {
        return new MfpHttp(baseUri());
    }

    /** A client connected with the main token. */
    public MfpClient client() {
        return connect(mainToken());
    }

    public synchronized MfpClient connect(String token) {
        MfpClient c = MfpClient.connect(baseUri(), token);
        clients.add(c);
        return c;
    }

    /** A v2 client ({@code /api/v2}) connected with the main token. */
    public MfpV2Client v2() {
        return connectV2(mainToken());
    }

    public synchronized MfpV2Client connectV2(String token) {
        MfpV2Client c = MfpV2Client.connect(baseUri(), token);
        v2Clients.add(c);
        return c;
    }

    public String subtoken(String permissions, long expiresSeconds) {
        return http().mintSubtoken(mainToken(), permissions, expiresSeconds);
    }

    @Override
    public void close() throws IOException {
        for (MfpClient c : clients) {
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        for (MfpV2Client c : v2Clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        daemon.close();
        if (ownsDir) {
            deleteTree(workDir);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** No process started by this JVM (servers, installers) is still alive, within 20 s. */
    public static void assertNoChildProcesses() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(100)).untilAsserted(() ->
                        org.assertj.core.api.Assertions.assertThat(ProcessHandle.current().descendants()
                                .filter(ProcessHandle::isAlive)
                                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                                .as("child processes left running").isEmpty());
    }
}
