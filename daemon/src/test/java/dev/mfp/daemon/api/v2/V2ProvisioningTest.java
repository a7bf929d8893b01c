package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2Fixtures.awaitStatus;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * provisioning.md §3–§6 against a real daemon whose "internet" is {@link ProvisioningUpstream} on 127.0.0.1: every
 * provider from resolve to a started server, and the failures — hash mismatch, a cut download (resumed, or not
 * resumable), redirects to forbidden addresses, cancel mid-download, unknown versions, another subject.
 */
class V2ProvisioningTest {
    private static ProvisioningUpstream up;
    private static Path work;
    private static TestDaemon d;
    private static final String FORGE_PROFILE = "{\"spec\":1,\"profile\":\"forge\",\"version\":\"1.20.1-forge-47.2.0\","
            + "\"path\":\"net.minecraftforge:forge:1.20.1-47.2.0\",\"minecraft\":\"1.20.1\",\"serverJarPath\":"
            + "\"{LIBRARY_DIR}/net/minecraft/server/{MINECRAFT_VERSION}/server-{MINECRAFT_VERSION}.jar\","
            + "\"processors\":[]}";
    private static final String NEOFORGE_PROFILE = "{\"spec\":1,\"profile\":\"NeoForge\",\"version\":"
            + "\"neoforge-20.4.237\",\"path\":\"net.neoforged:neoforge:20.4.237\",\"minecraft\":\"1.20.4\","
            + "\"serverJarPath\":\"{LIBRARY_DIR}/net/minecraft/server/{MINECRAFT_VERSION}/server-{MINECRAFT_VERSION}"
            + ".jar\",\"processors\":[]}";

    @BeforeAll
    static void up() throws Exception {
        up = new ProvisioningUpstream();
        work = Files.createTempDirectory("mfp-provisioning");
        d = TestDaemon.startWith(work, up.config());
    }

    @AfterAll
    static void down() throws Exception {
        try {
            d.close();
            up.close();
        } finally {
            TestDaemon.deleteTree(work);
        }
        TestDaemon.assertNoChildProcesses();
    }

    static Map<String, Object> resolveParams(String provider, String name, String version, String source,
            String mirror) {
        Map<String, Object> p = new HashMap<>();
        p.put("provider", provider);
        p.put("instance_name", name);
        p.put("minecraft_version", version);
        p.put("source", source);
        p.put("mirror", mirror);
        p.put("java_path", FakeServer.java());
        p.put("creator_principal", "ignored");
        return p;
    }

    static JsonNode resolve(MfpV2Client c, String provider, String name, String version, String source,
            String mirror) {
        return c.call("mcsl.provisioning.resolve", resolveParams(provider, name, version, source, mirror));
    }

    static String execute(MfpV2Client c, JsonNode plan) {
        JsonNode r = c.call("mcsl.provisioning.execute", Map.of("plan_id", plan.get("plan_id").asText(),
                "executor_principal", "ignored"));
        assertThat(r.get("plan_id").asText()).isEqualTo(plan.get("plan_id").asText());
        return r.get("operation_id").asText();
    }

    static JsonNode operation(MfpV2Client c, String op) {
        return c.call("mcsl.operation.get", Map.of("operation_id", op));
    }

    static JsonNode awaitTerminal(MfpV2Client c, String op) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = operation(c, op);
            return !Set.of("queued", "running").contains(last[0].get("status").asText());
        });
        return last[0];
    }

    /** Resolve and execute; the terminal operation. */
    static JsonNode provision(MfpV2Client c, String provider, String name, String version, String source,
            String mirror) {
        JsonNode plan = resolve(c, provider, name, version, source, mirror);
        assertThat(plan.get("status").asText()).as(plan.toString()).isEqualTo("ready");
        return awaitTerminal(c, execute(c, plan));
    }

    static JsonNode failed(MfpV2Client c, String provider, String name, String version, String source,
            String mirror, String code) throws Exception {
        List<String> before = instanceDirs();
        JsonNode op = provision(c, provider, name, version, source, mirror);
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("failed");
        assertThat(op.get("error_code").asText()).as(op.toString()).isEqualTo(code);
        assertThat(op.get("error_message").asText()).isNotBlank();
        assertNothingLeft(before);
        return op;
    }

    static List<String> instanceDirs() throws Exception {
        try (Stream<Path> s = Files.list(d.root().resolve("instances"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** No instance directory appeared and no download (partial or whole) is left in caches/downloads. */
    static void assertNothingLeft(List<String> before) throws Exception {
        assertThat(instanceDirs()).isEqualTo(before);
        try (Stream<Path> s = Files.walk(d.root().resolve("caches/downloads"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    static void startAndStop(MfpV2Client c, UUID id) throws Exception {
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        c.call("mcsl.instance.start", id(id));
        awaitStatus(c, id, "running");
        c.call("mcsl.instance.stop", id(id));
        awaitStatus(c, id, "stopped");
    }

    static JsonNode catalogItem(MfpV2Client c, UUID id) {
        for (JsonNode i : c.call("mcsl.instance.catalog.get").get("items")) {
            if (i.get("instance_id").asText().equals(id.toString())) {
                return i;
            }
        }
        return null;
    }

    @Test
    void everyJarProviderFromResolveToARunningServer() throws Exception {
        MfpV2Client c = d.v2();
        String jar = up.file("server.jar", up.serverJar) + "#sha256=" + up.serverJarSha256;
        for (String[] k : new String[][] {{"vanilla", "mc_vanilla", "1.21.4"}, {"paper", "mc_paper", "1.20.4"},
                {"fabric", "mc_fabric", "1.20.1"}}) {
            JsonNode op = provision(c, k[0], "prov " + k[0], k[2], jar, "none");
            assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
            assertThat(op.get("kind").asText()).isEqualTo("provisioning.execute");
            assertThat(op.get("stage").asText()).isEqualTo("succeeded");
            assertThat(op.get("progress").get("completed").asDouble()).isEqualTo(1.0);
            assertThat(op.get("progress").get("unit").asText()).isEqualTo("steps");
            UUID id = UUID.fromString(op.get("result_reference").asText());
            JsonNode item = catalogItem(c, id);
            assertThat(item).as("in the catalog").isNotNull();
            assertThat(item.get("name").asText()).isEqualTo("prov " + k[0]);
            assertThat(item.get("instance_type").asText()).isEqualTo(k[1]);
            assertThat(item.get("version").asText()).isEqualTo(k[2]);
            JsonNode settings = c.call("mcsl.instance.settings.get", id(id));
            assertThat(settings.get("install_metadata").get("installer_source_path").asText()).isEqualTo(jar);
            JsonNode cfg = settings.get("config");
            assertThat(cfg.get("target").asText()).isEqualTo("server.jar");
            assertThat(cfg.get("java_path").asText()).isEqualTo(FakeServer.java());
            assertThat(d.root().resolve("instances/" + id + "/server.jar")).hasBinaryContent(up.serverJar);
            startAndStop(c, id);
        }
    }

    @Test
    void forgeAndNeoForgeGetTheirVanillaJarFromTheManifestOrBmclapi() throws Exception {
        MfpV2Client c = d.v2();
        String forge = up.installer(work, "forge-1.20.1-installer.jar", FORGE_PROFILE);
        int meta = up.metaHits.get();
        int jars = up.vanillaJarHits.get();
        JsonNode op = provision(c, "forge", "prov forge", "1.20.1", forge, "none");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        assertThat(up.metaHits.get() - meta).as("manifest, version JSON, jar").isEqualTo(3);
        assertThat(up.vanillaJarHits.get() - jars).isEqualTo(1);
        UUID forgeId = UUID.fromString(op.get("result_reference").asText());
        assertThat(catalogItem(c, forgeId).get("instance_type").asText()).isEqualTo("mc_forge");
        assertThat(d.root().resolve("instances/" + forgeId
                + "/libraries/net/minecraftforge/forge/1.20.1-47.2.0/unix_args.txt")).exists();
        startAndStop(c, forgeId);

        String neo = up.installer(work, "neoforge-20.4.237-installer.jar", NEOFORGE_PROFILE);
        int bmcl = up.bmclHits.get();
        meta = up.metaHits.get();
        op = provision(c, "neo_forge", "prov neoforge", "1.20.4", neo, "bmcl_api");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        assertThat(up.bmclHits.get() - bmcl).as("json, server (redirect), object").isEqualTo(3);
        assertThat(up.metaHits.get()).as("the mirror replaces Mojang").isEqualTo(meta);
        UUID neoId = UUID.fromString(op.get("result_reference").asText());
        assertThat(catalogItem(c, neoId).get("instance_type").asText()).isEqualTo("mc_neo_forge");
        startAndStop(c, neoId);
    }

    @Test
    void quiltHasNoFactory() throws Exception {
        MfpV2Client c = d.v2();
        failed(c, "quilt", "prov quilt", "1.20.1", up.file("server.jar", up.serverJar), "none",
                "instance.factory.unsupported");
    }

    @Test
    void aHashMismatchFailsAndLeavesNothing() throws Exception {
        MfpV2Client c = d.v2();
        String jar = up.file("server.jar", up.serverJar);
        JsonNode op = failed(c, "vanilla", "prov bad hash", "1.21.4", jar + "#sha256=" + "0".repeat(64), "none",
                "instance.source.download_failed");
        assertThat(op.get("error_message").asText()).contains("SHA-256");
        failed(c, "vanilla", "prov bad fragment", "1.21.4", jar + "#md5=abc", "none", "instance.source.invalid");
        // the version JSON lists another SHA-1 for the vanilla jar than the one served
        String forge = up.installer(work, "forge-1.20.2-installer.jar", FORGE_PROFILE.replace("1.20.1", "1.20.2"));
        op = failed(c, "forge", "prov bad vanilla", "1.20.2", forge, "none", "instance.vanilla_core.download_failed");
        assertThat(op.get("error_message").asText()).contains("SHA-1");
    }

    @Test
    void aCutDownloadIsResumedOrFails() throws Exception {
        MfpV2Client c = d.v2();
        int resumes = ProvisioningUpstream.RESUMES.get();
        JsonNode op = provision(c, "vanilla", "prov resumed", "1.21.4",
                up.flaky("flaky.jar", up.serverJar) + "#sha256=" + up.serverJarSha256, "none");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        UUID id = UUID.fromString(op.get("result_reference").asText());
        assertThat(d.root().resolve("instances/" + id + "/server.jar")).hasBinaryContent(up.serverJar);
        assertThat(ProvisioningUpstream.RESUMES.get() - resumes).as("resumed with a range request").isEqualTo(1);
        // cut every time and no range support: no resume, nothing left
        op = failed(c, "vanilla", "prov cut", "1.21.4", up.sourcesBase() + "/cut/server.jar", "none",
                "instance.source.download_failed");
        assertThat(op.get("error_message").asText()).contains("ended after");
    }

    @Test
    void redirectsToForbiddenAddressesAreRefused() throws Exception {
        MfpV2Client c = d.v2();
        for (String path : List.of("/to-internal", "/to-metadata", "/to-localhost")) {
            JsonNode op = failed(c, "vanilla", "prov redirect", "1.21.4", up.sourcesBase() + path, "none",
                    "instance.source.download_failed");
            assertThat(op.get("error_message").asText()).as(path).contains("instance_source_allow_private");
        }
        // a source the config does not allow, and the configured mirror redirecting to an internal address
        failed(c, "vanilla", "prov internal", "1.21.4", up.internalBase() + "/secret.jar", "none",
                "instance.source.download_failed");
        String forge = up.installer(work, "forge-1.18.2-installer.jar", FORGE_PROFILE.replace("1.20.1", "1.18.2"));
        failed(c, "forge", "prov mirror redirect", "1.18.2", forge, "none", "instance.vanilla_core.download_failed");
        assertThat(up.internalHits).as("nothing reached the internal service").hasValue(0);
    }

    @Test
    void cancelAbortsADownloadInProgress() throws Exception {
        MfpV2Client c = d.v2();
        List<String> before = instanceDirs();
        JsonNode plan = resolve(c, "vanilla", "prov cancel", "1.21.4", up.sourcesBase() + "/slow/server.jar", "none");
        String op = execute(c, plan);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonNode o = operation(c, op);
            return o.get("stage").asText().equals("downloading")
                    && o.get("progress").path("bytes_transferred").asLong() > 0;
        });
        JsonNode running = operation(c, op);
        assertThat(running.get("progress").get("bytes_total").asLong()).isEqualTo(64L << 20);
        assertThat(running.get("cancellable").asBoolean()).isTrue();
        assertThat(c.call("mcsl.operation.cancel", Map.of("operation_id", op)).get("cancel_requested").asBoolean())
                .isTrue();
        JsonNode t = awaitTerminal(c, op);
        assertThat(t.get("status").asText()).isEqualTo("cancelled");
        assertThat(t.get("error_code").asText()).isEqualTo("operation.cancelled");
        assertNothingLeft(before);
        JsonNode p = c.call("mcsl.provisioning.get", Map.of("plan_id", plan.get("plan_id").asText()));
        assertThat(p.get("status").asText()).isEqualTo("consumed");
        assertThat(code(() -> execute(c, plan))).isEqualTo("plan.single_flight");
    }

    @Test
    void unknownVersionsFail() throws Exception {
        MfpV2Client c = d.v2();
        String forge = up.installer(work, "forge-1.99.9-installer.jar", FORGE_PROFILE.replace("1.20.1", "1.99.9"));
        JsonNode op = failed(c, "forge", "prov unknown", "1.99.9", forge, "none",
                "instance.vanilla_core.download_failed");
        assertThat(op.get("error_message").asText()).contains("1.99.9");
        op = failed(c, "forge", "prov unknown bmcl", "1.99.9", forge, "bmcl_api",
                "instance.vanilla_core.download_failed");
        assertThat(op.get("error_message").asText()).contains("1.99.9");
        failed(c, "vanilla", "prov banana", "banana", up.file("server.jar", up.serverJar), "none",
                "instance.version.invalid");
        failed(c, "forge", "prov old forge", "1.4.7", forge, "none", "instance.factory.unsupported");
    }

    @Test
    void aStalledMetadataServerFailsWithinTheTimeout() throws Exception {
        MfpV2Client c = d.v2();
        String forge = up.installer(work, "forge-1.19.4-installer.jar", FORGE_PROFILE.replace("1.20.1", "1.19.4"));
        long start = System.nanoTime();
        failed(c, "forge", "prov stalled", "1.19.4", forge, "none", "instance.vanilla_core.download_failed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void resolveRecordsTheRequestAndItsMissingFacts() {
        MfpV2Client c = d.v2();
        Map<String, Object> params = resolveParams("neo_forge", "", " ", null, "bmcl_api");
        params.put("java_path", "");
        JsonNode p = c.call("mcsl.provisioning.resolve", params);
        assertThat(p.get("kind").asText()).isEqualTo("provisioning.instance");
        assertThat(p.get("status").asText()).isEqualTo("blocked");
        assertThat(p.get("risk_class").asText()).isEqualTo("routine");
        assertThat(p.get("requires_confirmation").asBoolean()).isFalse();
        assertThat(p.get("creator_principal").asText()).isEqualTo("daemon-main");
        assertThat(p.get("java_path").isNull()).as("decisions.md #14").isTrue();
        assertThat(p.get("payload").toString()).isEqualTo("{\"kind\":\"provisioning.instance\"}");
        assertThat(p.get("required_permissions").toString()).isEqualTo(
                "[\"mcsl.provisioning.resolve\",\"mcsl.provisioning.get\",\"mcsl.provisioning.execute\"]");
        List<String> codes = new ArrayList<>();
        p.get("unresolved").forEach(u -> codes.add(u.get("code").asText() + "@" + u.get("field").asText()));
        assertThat(codes).containsExactly("provisioning.instance_name.required@instance_name",
                "provisioning.minecraft_version.required@minecraft_version", "provisioning.source.required@source");
        assertThat(code(() -> execute(c, p))).isEqualTo("plan.not_ready");
        invalidParams(() -> c.call("mcsl.provisioning.resolve", Map.of("provider", "vanilla")));
        Map<String, Object> bad = resolveParams("spigot", "x", "1.20.1", "a.jar", "none");
        invalidParams(() -> c.call("mcsl.provisioning.resolve", bad));
        Map<String, Object> huge = resolveParams("vanilla", "x", "1.20.1", "http://h/" + "a".repeat(9000), "none");
        invalidParams(() -> c.call("mcsl.provisioning.resolve", huge));
        assertThat(code(() -> c.call("mcsl.provisioning.get", Map.of("plan_id", UUID.randomUUID().toString()))))
                .isEqualTo("plan.not_found");

        // idempotency: same intent → the same plan; another intent under the key → conflict
        Map<String, Object> keyed = resolveParams("vanilla", "keyed", "1.21.4", "caches/uploads/x.jar", "none");
        keyed.put("idempotency_key", "k-1");
        JsonNode first = c.call("mcsl.provisioning.resolve", keyed);
        JsonNode again = c.call("mcsl.provisioning.resolve", keyed);
        assertThat(again.get("plan_id").asText()).isEqualTo(first.get("plan_id").asText());
        assertThat(first.get("idempotency_key").asText()).isEqualTo("k-1");
        keyed.put("instance_name", "other");
        assertThat(code(() -> c.call("mcsl.provisioning.resolve", keyed))).isEqualTo("plan.idempotency_conflict");
        // the hash depends on the intent only
        JsonNode twin = resolve(c, "vanilla", "keyed", "1.21.4", "caches/uploads/x.jar", "none");
        assertThat(twin.get("plan_hash").asText()).isEqualTo(first.get("plan_hash").asText());
        assertThat(twin.get("plan_id").asText()).isNotEqualTo(first.get("plan_id").asText());
    }

    @Test
    void aLocalSourceNeedsNoNetworkAndAMissingOneFails() throws Exception {
        MfpV2Client c = d.v2();
        String local = FakeServer.uploadServerJar(d);
        JsonNode op = provision(c, "paper", "prov local", "1.21.4", local, "none");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        failed(c, "vanilla", "prov missing", "1.21.4", "caches/uploads/nope.jar", "none", "instance.source.not_found");
        failed(c, "vanilla", "prov outside", "1.21.4", "../../etc/passwd", "none", "instance.source.invalid");
        failed(c, "vanilla", "prov gopher", "1.21.4", "gopher://example.com/x", "none", "instance.source.invalid");
        Map<String, Object> p = resolveParams("vanilla", "prov java", "1.21.4", local, "none");
        p.put("java_path", "/no/such/java");
        JsonNode plan = c.call("mcsl.provisioning.resolve", p);
        JsonNode t = awaitTerminal(c, execute(c, plan));
        assertThat(t.get("error_code").asText()).isEqualTo("instance.java_path.not_found");
    }

    @Test
    void anotherSubjectCanNeitherReadNorExecuteThePlan() throws Exception {
        MfpV2Client c = d.v2();
        JsonNode mine = resolve(c, "vanilla", "prov mine", "1.21.4", FakeServer.uploadServerJar(d), "none");
        JsonNode issued = c.call("mcsl.auth.token.issue", Map.of("subject", "prov-bot", "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.provisioning.**", "mcsl.operation.**"),
                "ttl_seconds", 300));
        MfpV2Client bot = d.connectV2(issued.get("token").asText());
        Map<String, Object> byId = Map.of("plan_id", mine.get("plan_id").asText());
        assertThat(code(() -> bot.call("mcsl.provisioning.get", byId))).isEqualTo("plan.forbidden");
        assertThat(code(() -> execute(bot, mine))).isEqualTo("plan.forbidden");
        // the plan is still ready for its creator
        assertThat(c.call("mcsl.provisioning.get", byId).get("status").asText()).isEqualTo("ready");
        JsonNode theirs = resolve(bot, "vanilla", "prov theirs", "1.21.4", "caches/uploads/x.jar", "none");
        assertThat(theirs.get("creator_principal").asText()).isEqualTo("prov-bot");
        assertThat(bot.call("mcsl.provisioning.get", Map.of("plan_id", theirs.get("plan_id").asText()))
                .get("plan_id").asText()).isEqualTo(theirs.get("plan_id").asText());
        assertThat(code(() -> c.call("mcsl.provisioning.get", Map.of("plan_id", theirs.get("plan_id").asText()))))
                .as("the main token is not a wildcard for plans").isEqualTo("plan.forbidden");
        // the bound of live plans per subject (provisioning.max_live_plans_per_principal = 40 here)
        JsonNode issued2 = c.call("mcsl.auth.token.issue", Map.of("subject", "prov-flood", "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.provisioning.**"), "ttl_seconds", 300));
        MfpV2Client flood = d.connectV2(issued2.get("token").asText());
        for (int i = 0; i < 40; i++) {
            resolve(flood, "vanilla", "flood " + i, "1.21.4", null, "none");
        }
        assertThat(code(() -> resolve(flood, "vanilla", "flood 40", "1.21.4", null, "none"))).isEqualTo("plan.limit");
        assertThat(resolve(c, "vanilla", "not flooded", "1.21.4", null, "none").get("status").asText())
                .isEqualTo("blocked");
    }

    @Test
    void executeOfARestorePlanIsAKindMismatchAndCallsAreAudited() throws Exception {
        MfpV2Client c = d.v2();
        UUID inst = V2Fixtures.createEcho(d, c, "prov restore", "universal");
        JsonNode b = V2BackupTest.awaitTerminal(c, V2BackupTest.startBackup(c, inst, false));
        JsonNode restore = c.call("mcsl.backup.restore.plan", Map.of("archive_id", b.get("result_reference").asText(),
                "instance_id", inst.toString(), "creator_principal", "x"));
        c.call("mcsl.backup.restore.confirm", Map.of("plan_id", restore.get("plan_id").asText(), "plan_hash",
                restore.get("plan_hash").asText(), "confirmer_principal", "x"));
        assertThat(code(() -> execute(c, restore))).isEqualTo("plan.kind_mismatch");
        // released: still ready for its own execute method
        assertThat(c.call("mcsl.provisioning.get", Map.of("plan_id", restore.get("plan_id").asText()))
                .get("status").asText()).isEqualTo("ready");

        JsonNode plan = resolve(c, "vanilla", "prov audited", "1.21.4", FakeServer.uploadServerJar(d), "none");
        String op = execute(c, plan);
        awaitTerminal(c, op);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode r = c.call("mcsl.audit.query", Map.of("maximum_records", 500, "method",
                    "mcsl.provisioning.execute"));
            assertThat(r.get("records").toString()).contains(op).contains(plan.get("plan_id").asText());
            JsonNode q = c.call("mcsl.audit.query", Map.of("maximum_records", 500, "method",
                    "mcsl.provisioning.resolve"));
            assertThat(q.get("records").toString()).contains("\"target\":\"prov audited\"");
        });
    }

    @Test
    void aPlanExecutingAtShutdownIsConsumedAfterTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("mfp-provisioning-restart");
        try {
            String planId;
            String op;
            try (TestDaemon first = TestDaemon.startWith(dir, up.config())) {
                MfpV2Client c = first.v2();
                JsonNode plan = resolve(c, "vanilla", "prov restart", "1.21.4", up.sourcesBase() + "/slow/server.jar",
                        "none");
                planId = plan.get("plan_id").asText();
                op = execute(c, plan);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                        operation(c, op).get("progress").path("bytes_transferred").asLong() > 0);
            } // the daemon stops during the download
            try (TestDaemon second = TestDaemon.startIn(dir)) {
                MfpV2Client c = second.v2();
                assertThat(operation(c, op).get("status").asText()).isEqualTo("interrupted");
                assertThat(c.call("mcsl.provisioning.get", Map.of("plan_id", planId)).get("status").asText())
                        .isEqualTo("consumed");
                try (Stream<Path> s = Files.walk(second.root().resolve("caches/downloads"))) {
                    assertThat(s.filter(Files::isRegularFile).toList()).as("leftovers deleted at start").isEmpty();
                }
            }
        } finally {
            TestDaemon.deleteTree(dir);
        }
    }

    private static String forgeProfileWith(String... libraries) {
        return FORGE_PROFILE.replace("\"processors\":[]", "\"processors\":[],\"libraries\":["
                + String.join(",", libraries) + "]");
    }

    @Test
    void forgeLibrariesAreFetchedVerifiedAndMirrored() throws Exception {
        MfpV2Client c = d.v2();
        String universal = "net/minecraftforge/forge/1.20.1-47.2.0/forge-1.20.1-47.2.0-universal.jar";
        String asm = "org/ow2/asm/asm/9.5/asm-9.5.jar";
        String profile = forgeProfileWith(
                ProvisioningUpstream.libraryEntry("net.minecraftforge:forge:1.20.1-47.2.0:universal", universal,
                        up.mirrorBase() + "/maven", true),
                ProvisioningUpstream.libraryEntry("org.ow2.asm:asm:9.5", asm, up.mirrorBase() + "/maven", true),
                ProvisioningUpstream.libraryEntry("net.minecraftforge:forge:1.20.1-47.2.0:server",
                        "net/minecraftforge/forge/1.20.1-47.2.0/forge-1.20.1-47.2.0-server.jar", "", true));
        int maven = up.mavenHits.get();
        JsonNode op = provision(c, "forge", "prov forge libs", "1.20.1",
                up.installer(work, "forge-libs-installer.jar", profile), "none");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        assertThat(up.mavenHits.get() - maven).as("the two listed artifacts; the built one is skipped").isEqualTo(2);
        Path libs = d.root().resolve("instances/" + op.get("result_reference").asText() + "/libraries");
        assertThat(libs.resolve(universal)).hasBinaryContent(ProvisioningUpstream.library(universal));
        assertThat(libs.resolve(asm)).hasBinaryContent(ProvisioningUpstream.library(asm));

        // bmcl_api: the Forge maven host is rewritten to <bmclapi_url>/maven
        int bmclMaven = up.bmclMavenHits.get();
        op = provision(c, "forge", "prov forge bmcl libs", "1.20.1", up.installer(work, "forge-bmcl-installer.jar",
                forgeProfileWith(ProvisioningUpstream.libraryEntry("org.ow2.asm:asm:9.5", asm,
                        "https://maven.minecraftforge.net", true))), "bmcl_api");
        assertThat(op.get("status").asText()).as(op.toString()).isEqualTo("succeeded");
        assertThat(up.bmclMavenHits.get() - bmclMaven).isEqualTo(1);

        failed(c, "forge", "prov forge bad lib", "1.20.1", up.installer(work, "forge-badlib-installer.jar",
                forgeProfileWith(ProvisioningUpstream.libraryEntry("org.ow2.asm:asm:9.5", asm,
                        up.mirrorBase() + "/maven", false))), "none", "instance.installer.resolve_failed");
        failed(c, "forge", "prov forge evil lib", "1.20.1", up.installer(work, "forge-evil-installer.jar",
                forgeProfileWith(ProvisioningUpstream.libraryEntry("x:y:1", "../../../evil.jar",
                        up.mirrorBase() + "/maven", true))), "none", "instance.factory.failed");
        String notAnInstaller = up.file("plain.jar", up.serverJar);
        failed(c, "forge", "prov not installer", "1.20.1", notAnInstaller, "none", "instance.factory.failed");
    }
}
