package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2ProvisioningTest.awaitTerminal;
import static dev.mfp.daemon.api.v2.V2ProvisioningTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.testkit.TestkitJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * provisioning.md §6 with no network: the configured bases point at a closed port, the default address policy is
 * in force. Resolve and get never need the network; a local source provisions; network steps fail in bounded time
 * with their step's code and leave nothing behind.
 */
class V2ProvisioningOfflineTest {
    private static Path work;
    private static TestDaemon d;

    @BeforeAll
    static void up() throws Exception {
        work = Files.createTempDirectory("mfp-provisioning-offline");
        String dead = "http://127.0.0.1:" + FakeServer.freePort();
        d = TestDaemon.startWith(work, Map.of("provisioning", Map.of("mojang_meta_url", dead, "bmclapi_url",
                dead + "/bmcl", "connect_timeout_seconds", 2)));
    }

    @AfterAll
    static void down() throws Exception {
        try {
            d.close();
        } finally {
            TestDaemon.deleteTree(work);
        }
        TestDaemon.assertNoChildProcesses();
    }

    private static JsonNode resolve(MfpV2Client c, String provider, String version, String source, String mirror) {
        Map<String, Object> p = new HashMap<>();
        p.put("provider", provider);
        p.put("instance_name", "offline " + provider);
        p.put("minecraft_version", version);
        p.put("source", source);
        p.put("mirror", mirror);
        p.put("java_path", null);
        p.put("creator_principal", "ignored");
        return c.call("mcsl.provisioning.resolve", p);
    }

    private static JsonNode run(MfpV2Client c, String provider, String version, String source, String mirror) {
        JsonNode plan = resolve(c, provider, version, source, mirror);
        assertThat(plan.get("status").asText()).isEqualTo("ready");
        assertThat(plan.get("java_path").isNull()).isTrue();
        return awaitTerminal(c, execute(c, plan));
    }

    private static List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.walk(d.root().resolve("caches/downloads"))) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    @Test
    void aLocalDummyJarIsCopiedWithoutANetworkOrAJvm() throws Exception {
        MfpV2Client c = d.v2();
        Files.writeString(d.root().resolve("caches/uploads/server.jar"), "not really a jar");
        JsonNode op = run(c, "vanilla", "1.21.4", "caches/uploads/server.jar", "none");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        UUID id = UUID.fromString(op.get("result_reference").asText());
        JsonNode cfg = c.call("mcsl.instance.settings.get", Map.of("instance_id", id.toString())).get("config");
        assertThat(cfg.get("java_path").asText()).isEqualTo("java");
        assertThat(cfg.get("instance_type").asText()).isEqualTo("mc_vanilla");
        assertThat(cfg.get("target_type").asText()).isEqualTo("jar");
        assertThat(d.root().resolve("instances/" + id + "/eula.txt")).content().contains("eula=true");
    }

    @Test
    void quiltAlwaysFails() throws Exception {
        Files.writeString(d.root().resolve("caches/uploads/quilt.jar"), "not really a jar");
        JsonNode op = run(d.v2(), "quilt", "1.20.1", "caches/uploads/quilt.jar", "none");
        assertThat(op.get("status").asText()).isEqualTo("failed");
        assertThat(op.get("error_code").asText()).isEqualTo("instance.factory.unsupported");
    }

    @Test
    void forgeFailsWithinTheTimeoutWithoutNetwork() throws Exception {
        MfpV2Client c = d.v2();
        TestkitJars.forgeInstaller(d.root().resolve("caches/uploads/forge-installer.jar"),
                "{\"spec\":1,\"profile\":\"forge\",\"path\":\"net.minecraftforge:forge:1.20.1-47.2.0\","
                        + "\"minecraft\":\"1.20.1\",\"processors\":[]}");
        for (String mirror : List.of("none", "bmcl_api")) {
            long start = System.nanoTime();
            JsonNode op = run(c, "forge", "1.20.1", "caches/uploads/forge-installer.jar", mirror);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("failed");
            assertThat(op.get("error_code").asText()).isEqualTo("instance.vanilla_core.download_failed");
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void urlSourcesFailInBoundedTimeAndLoopbackIsRefusedByDefault() throws Exception {
        MfpV2Client c = d.v2();
        long start = System.nanoTime();
        // TEST-NET-1: never routed; the connect fails or times out (2 s here)
        JsonNode op = run(c, "paper", "1.20.4", "http://192.0.2.1/paper.jar", "none");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(op.get("error_code").asText()).as(op.toString()).isEqualTo("instance.source.download_failed");
        op = run(c, "paper", "1.20.4", "http://127.0.0.1:" + d.port() + "/", "none");
        assertThat(op.get("error_code").asText()).isEqualTo("instance.source.download_failed");
        assertThat(op.get("error_message").asText()).contains("loopback");
        assertThat(leftovers()).isEmpty();
    }
}
