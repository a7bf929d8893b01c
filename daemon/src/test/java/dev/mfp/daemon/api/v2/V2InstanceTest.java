package dev.mfp.daemon.api.v2;

import static dev.mfp.daemon.api.v2.V2Fixtures.awaitLog;
import static dev.mfp.daemon.api.v2.V2Fixtures.awaitStatus;
import static dev.mfp.daemon.api.v2.V2Fixtures.code;
import static dev.mfp.daemon.api.v2.V2Fixtures.configuration;
import static dev.mfp.daemon.api.v2.V2Fixtures.id;
import static dev.mfp.daemon.api.v2.V2Fixtures.invalidParams;
import static dev.mfp.daemon.api.v2.V2Fixtures.report;
import static dev.mfp.daemon.api.v2.V2Fixtures.send;
import static dev.mfp.daemon.api.v2.V2Fixtures.setting;
import static dev.mfp.daemon.api.v2.V2Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** instances.md over a real /api/v2 WebSocket, with real child processes (fake server, echo script). */
@DaemonTest(noChildProcessesAfter = true)
class V2InstanceTest {
    private static TestDaemon d;

    private static ObjectNode cfg(ObjectNode request) {
        return (ObjectNode) request.get("setting").get("configuration");
    }

    private static ObjectNode copy(ObjectNode n) {
        return n.deepCopy();
    }

    @Test
    void createIsStrict() throws Exception {
        MfpV2Client c = d.v2();
        ObjectNode good = V2Fixtures.serverRequest(d, "strict");
        for (Iterator<String> it = cfg(good).fieldNames(); it.hasNext();) {
            String member = it.next();
            ObjectNode r = copy(good);
            cfg(r).remove(member);
            invalidParams(() -> c.call("mcsl.instance.create", r));
        }
        for (String member : List.of("source", "source_type", "mirror", "use_post_process", "configuration")) {
            ObjectNode r = copy(good);
            ((ObjectNode) r.get("setting")).remove(member);
            invalidParams(() -> c.call("mcsl.instance.create", r));
        }
        ObjectNode unknown = copy(good);
        cfg(unknown).put("mc_version", "1.21.4");
        invalidParams(() -> c.call("mcsl.instance.create", unknown));
        for (String legacy : List.of("vanilla", "forge", "MCVanilla", "universal ")) {
            ObjectNode r = copy(good);
            cfg(r).put("instance_type", legacy);
            invalidParams(() -> c.call("mcsl.instance.create", r));
        }
        ObjectNode nullName = copy(good);
        cfg(nullName).putNull("name");
        invalidParams(() -> c.call("mcsl.instance.create", nullName));
        ObjectNode badMirror = copy(good);
        ((ObjectNode) badMirror.get("setting")).put("mirror", "BMCLAPI");
        invalidParams(() -> c.call("mcsl.instance.create", badMirror));
        // console_mode is optional; every other member present → created
        JsonNode created = c.call("mcsl.instance.create", good).get("config");
        assertThat(created.size()).isEqualTo(13);
        assertThat(created.get("console_mode").asText()).isEqualTo("pipe");
        assertThat(created.get("version").asText()).isEqualTo("1.21.4");
        assertThat(created.get("instance_id").asText()).isEqualTo(cfg(good).get("instance_id").asText());
        assertThat(created.has("uuid")).isFalse();
        assertThat(created.has("environment_variables")).isTrue();
        UUID id = UUID.fromString(created.get("instance_id").asText());
        assertThat(Files.isRegularFile(d.root().resolve("instances/" + id + "/daemon_instance.json"))).isTrue();
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("mcsl.instance.remove", id(id));
    }

    @Test
    void createValidationOrder() throws Exception {
        MfpV2Client c = d.v2();
        ObjectNode good = V2Fixtures.serverRequest(d, "order");
        // 1. source_type none wins over everything
        ObjectNode none = copy(good);
        ((ObjectNode) none.get("setting")).put("source_type", "none");
        ((ObjectNode) none.get("setting")).put("source", "gopher://example.invalid/x");
        cfg(none).put("instance_id", new UUID(0, 0).toString());
        assertThat(code(() -> c.call("mcsl.instance.create", none))).isEqualTo("instance.source_type.invalid");
        // 2. scheme, then local source (before the configuration checks)
        ObjectNode scheme = copy(good);
        ((ObjectNode) scheme.get("setting")).put("source", "gopher://example.invalid/x");
        cfg(scheme).put("instance_id", new UUID(0, 0).toString());
        assertThat(code(() -> c.call("mcsl.instance.create", scheme))).isEqualTo("instance.source.invalid");
        ObjectNode missing = copy(good);
        ((ObjectNode) missing.get("setting")).put("source", "caches/uploads/no-such-core.jar");
        cfg(missing).put("instance_id", new UUID(0, 0).toString());
        assertThat(code(() -> c.call("mcsl.instance.create", missing))).isEqualTo("instance.source.not_found");
        ObjectNode outside = copy(good);
        ((ObjectNode) outside.get("setting")).put("source", "../../etc/passwd");
        assertThat(code(() -> c.call("mcsl.instance.create", outside))).isEqualTo("instance.source.invalid");
        ObjectNode dir = copy(good);
        ((ObjectNode) dir.get("setting")).put("source", "caches");
        assertThat(code(() -> c.call("mcsl.instance.create", dir))).isEqualTo("instance.source.not_found");
        // 3. configuration
        ObjectNode noVersion = copy(good);
        cfg(noVersion).put("version", "");
        assertThat(code(() -> c.call("mcsl.instance.create", noVersion))).isEqualTo("instance.version.required");
        ObjectNode badVersion = copy(good);
        cfg(badVersion).put("version", "latest");
        assertThat(code(() -> c.call("mcsl.instance.create", badVersion))).isEqualTo("instance.version.invalid");
        ObjectNode java = copy(good);
        cfg(java).put("java_path", "/no/such/java");
        assertThat(code(() -> c.call("mcsl.instance.create", java))).isEqualTo("instance.java_path.not_found");
        ObjectNode javaWord = copy(good);
        cfg(javaWord).put("java_path", "JAVA");
        cfg(javaWord).put("instance_id", new UUID(0, 0).toString());
        assertThat(code(() -> c.call("mcsl.instance.create", javaWord))).isEqualTo("instance.id.empty");
        for (String t : List.of("", "  ", "a/b.jar", "a\\b.jar", "c:x.jar", ".", "..", "x.", "x ", "CON", "con.jar",
                "LPT1.txt", "COM9", "/abs.jar")) {
            ObjectNode r = copy(good);
            cfg(r).put("target", t);
            assertThat(code(() -> c.call("mcsl.instance.create", r))).as("target '%s'", t)
                    .isEqualTo("instance.target.invalid");
        }
        for (String t : List.of("daemon_instance.json", "daemon_instance.json.bak", "daemon_instance.install.json",
                "daemon_instance.install.json.bak")) {
            ObjectNode r = copy(good);
            cfg(r).put("target", t);
            assertThat(code(() -> c.call("mcsl.instance.create", r))).isEqualTo("instance.target.reserved");
        }
        // 4. no factory for mc_quilt
        ObjectNode quilt = copy(good);
        cfg(quilt).put("instance_type", "mc_quilt");
        assertThat(code(() -> c.call("mcsl.instance.create", quilt))).isEqualTo("instance.factory.unsupported");
        ObjectNode script = copy(good);
        ((ObjectNode) script.get("setting")).put("source_type", "script");
        assertThat(code(() -> c.call("mcsl.instance.create", script))).isEqualTo("instance.factory.unsupported");
        // nothing was created by the refused requests
        assertThat(c.call("mcsl.instance.catalog.get").get("items").toString()).doesNotContain("\"order\"");
    }

    @Test
    void malformedEventRulesFailWithCreateFailedAndLeaveNoDirectory() throws Exception {
        MfpV2Client c = d.v2();
        List<JsonNode> bad = new ArrayList<>();
        bad.add(Json.mapper().nullNode());
        bad.add(Json.mapper().createObjectNode());
        bad.add(Json.mapper().readTree("\"[]\""));
        bad.add(Json.mapper().readTree("[null]"));
        bad.add(Json.mapper().readTree("[5]"));
        bad.add(Json.mapper().readTree("[{\"triggers\":[{\"type\":\"Nope\"}]}]"));
        bad.add(Json.mapper().readTree("[{\"actions\":[{\"type\":\"LaunchRocket\"}]}]"));
        bad.add(Json.mapper().readTree("[{\"is_enabled\":\"yes\"}]"));
        for (JsonNode rules : bad) {
            ObjectNode r = V2Fixtures.serverRequest(d, "rules");
            cfg(r).set("event_rules", rules);
            UUID wanted = UUID.fromString(cfg(r).get("instance_id").asText());
            assertThat(code(() -> c.call("mcsl.instance.create", r))).as("event_rules %s", rules)
                    .isEqualTo("instance.create_failed");
            assertThat(Files.exists(d.root().resolve("instances/" + wanted))).isFalse();
        }
        try (var s = Files.list(d.root().resolve("instances"))) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p)) {
                    JsonNode config = Json.mapper().readTree(p.resolve("daemon_instance.json").toFile());
                    assertThat(config.get("name").asText()).isNotEqualTo("rules");
                }
            }
        }
    }

    @Test
    void aUsedIdIsReplacedSilently() throws Exception {
        MfpV2Client c = d.v2();
        ObjectNode r = V2Fixtures.echoRequest(d, "dup", "universal");
        UUID first = V2Fixtures.create(c, r);
        assertThat(first.toString()).isEqualTo(cfg(r).get("instance_id").asText());
        UUID second = V2Fixtures.create(c, r);
        assertThat(second).isNotEqualTo(first);
        assertThat(status(c, second)).isEqualTo("stopped");
        // a stray directory under instances/ also counts as used
        UUID taken = UUID.randomUUID();
        Files.createDirectories(d.root().resolve("instances/" + taken));
        ObjectNode r2 = V2Fixtures.echoRequest(d, "dup2", "universal");
        cfg(r2).put("instance_id", taken.toString().toUpperCase());
        UUID third = V2Fixtures.create(c, r2);
        assertThat(third).isNotEqualTo(taken);
        for (UUID u : List.of(first, second, third)) {
            c.call("mcsl.instance.remove", id(u));
        }
        Files.delete(d.root().resolve("instances/" + taken));
    }

    @Test
    void unknownAndZeroIdsAreNotFound() {
        MfpV2Client c = d.v2();
        for (UUID u : List.of(UUID.randomUUID(), new UUID(0, 0))) {
            Map<String, Object> p = id(u);
            for (String m : List.of("mcsl.instance.start", "mcsl.instance.stop", "mcsl.instance.remove",
                    "mcsl.instance.report.get", "mcsl.instance.log.get", "mcsl.instance.settings.get",
                    "mcsl.instance.event-rules.get")) {
                assertThat(code(() -> c.call(m, p))).as(m).isEqualTo("instance.not_found");
            }
            assertThat(code(() -> c.call("mcsl.instance.command.send", Map.of("instance_id", u.toString(),
                    "command", "x")))).isEqualTo("instance.not_found");
            assertThat(code(() -> c.call("mcsl.instance.event-rules.update", Map.of("instance_id", u.toString(),
                    "rules", List.of())))).isEqualTo("instance.not_found");
            assertThat(code(() -> c.call("mcsl.instance.settings.update", update(u, "x")))).isEqualTo(
                    "instance.not_found");
            // halt is idempotent
            assertThat(c.call("mcsl.instance.halt", p).size()).isZero();
        }
        invalidParams(() -> c.call("mcsl.instance.report.get", Map.of("instance_id", "not-a-uuid")));
        invalidParams(() -> c.call("mcsl.instance.report.get", Map.of()));
        invalidParams(() -> c.call("mcsl.instance.report.list", Map.of("x", 1)));
    }

    private static Map<String, Object> update(UUID id, String name) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("instance_id", id.toString());
        u.put("name", name);
        u.put("instance_type", "mc_java");
        u.put("java_path", null);
        u.put("arguments", List.of());
        u.put("version", null);
        u.put("replacement_core", null);
        u.put("force_rerun_installer", false);
        return u;
    }

    @Test
    void lifecycleOfTheFakeServerWithTheOperationTable() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createServer(d, c, "life");
        Map<String, Object> p = id(id);
        // stopped column
        assertThat(code(() -> c.call("mcsl.instance.stop", p))).isEqualTo("instance.not_running");
        assertThat(code(() -> send(c, id, "list"))).isEqualTo("instance.not_running");
        assertThat(c.call("mcsl.instance.halt", p).size()).isZero();
        JsonNode stopped = report(c, id);
        assertThat(stopped.has("report")).isFalse();
        assertThat(stopped.get("process_id").isNull()).isTrue();
        assertThat(stopped.get("ready_timed_out").asBoolean()).isFalse();
        assertThat(stopped.get("performance_counter").has("memory_bytes")).isTrue();
        assertThat(stopped.get("performance_counter").has("memory")).isFalse();
        assertThat(stopped.get("config").get("instance_id").asText()).isEqualTo(id.toString());
        assertThat(stopped.get("properties").get("max-players").asText()).isEqualTo("7");

        assertThat(c.call("mcsl.instance.start", p).size()).isZero();
        assertThat(code(() -> c.call("mcsl.instance.start", p))).isEqualTo("instance.already_running");
        awaitStatus(c, id, "running");
        JsonNode running = report(c, id);
        assertThat(running.get("process_id").isIntegralNumber()).isTrue();
        assertThat(running.get("process_id").asLong()).isPositive();
        await().atMost(V2Fixtures.WAIT).untilAsserted(() ->
                assertThat(report(c, id).get("performance_counter").get("memory_bytes").asLong()).isGreaterThan(
                        1024 * 1024));
        assertThat(code(() -> c.call("mcsl.instance.start", p))).isEqualTo("instance.already_running");
        assertThat(code(() -> c.call("mcsl.instance.remove", p))).isEqualTo("instance.running");
        assertThat(code(() -> c.call("mcsl.instance.settings.update", update(id, "x")))).isEqualTo(
                "instance.running");
        JsonNode settings = c.call("mcsl.instance.settings.get", p);
        assertThat(settings.get("can_edit").asBoolean()).isFalse();
        assertThat(settings.get("edit_blocked_reason").asText()).isEqualTo("Instance is Running");
        assertThat(code(() -> send(c, id, ""))).isEqualTo("instance.command_empty");
        assertThat(code(() -> send(c, id, "  \t"))).isEqualTo("instance.command_empty");
        send(c, id, "list");
        awaitLog(c, id, "players online");
        JsonNode list = c.call("mcsl.instance.report.list");
        assertThat(list.get("reports").get(id.toString()).get("status").asText()).isEqualTo("running");
        assertThat(list.get("reports").get(id.toString()).has("ready_timed_out")).isTrue();

        assertThat(c.call("mcsl.instance.stop", p).size()).isZero();
        awaitStatus(c, id, "stopped");
        assertThat(report(c, id).get("process_id").isNull()).isTrue();
        assertThat(V2Fixtures.logs(c, id)).anyMatch(l -> l.contains("Stopping the server"));
        // restart: start, then halt
        c.call("mcsl.instance.start", p);
        assertThat(c.call("mcsl.instance.halt", p).size()).isZero();
        assertThat(status(c, id)).isEqualTo("stopped");
        assertThat(report(c, id).get("process_id").isNull()).isTrue();
        assertThat(c.call("mcsl.instance.halt", p).size()).isZero();
        // log history kept across runs, at most 500 lines
        List<String> logs = V2Fixtures.logs(c, id);
        assertThat(logs).isNotEmpty().hasSizeLessThanOrEqualTo(500);
        assertThat(logs).noneMatch(String::isBlank);
        c.call("mcsl.instance.remove", p);
        assertThat(code(() -> c.call("mcsl.instance.report.get", p))).isEqualTo("instance.not_found");
        assertThat(Files.exists(d.root().resolve("instances/" + id))).isFalse();
    }

    @Test
    void stopWhileStoppingIsNotRunningAndStartWhileStoppingWaits() throws Exception {
        MfpV2Client c = d.v2();
        // mc_java echo: "stop" is echoed, the process does not exit → stays stopping
        UUID id = V2Fixtures.createEcho(d, c, "stopping", "mc_java");
        Map<String, Object> p = id(id);
        c.call("mcsl.instance.start", p);
        assertThat(status(c, id)).isEqualTo("starting");
        send(c, id, "hello");
        awaitLog(c, id, "hello");
        c.call("mcsl.instance.stop", p);
        assertThat(status(c, id)).isEqualTo("stopping");
        assertThat(code(() -> c.call("mcsl.instance.stop", p))).isEqualTo("instance.not_running");
        assertThat(code(() -> c.call("mcsl.instance.remove", p))).isEqualTo("instance.running");
        send(c, id, "still accepted while stopping");
        awaitLog(c, id, "still accepted while stopping");
        assertThat(c.call("mcsl.instance.settings.get", p).get("edit_blocked_reason").asText())
                .isEqualTo("Instance is Stopping");
        // client-compat.md §1: a start during stopping waits for the exit
        var start = c.callAsync("mcsl.instance.start", p);
        Thread.sleep(300);
        assertThat(start).isNotDone();
        send(c, id, "exit 0");
        JsonNode answer = c.await(start);
        assertThat(answer.has("error")).as(answer.toString()).isFalse();
        assertThat(answer.get("result").size()).isZero();
        assertThat(status(c, id)).isEqualTo("starting");
        assertThat(c.call("mcsl.instance.halt", p).size()).isZero();
        assertThat(status(c, id)).isEqualTo("stopped");
        c.call("mcsl.instance.remove", p);
    }

    @Test
    void crashedWithoutAProcess() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createEcho(d, c, "crash", "mc_java");
        Map<String, Object> p = id(id);
        c.call("mcsl.instance.start", p);
        send(c, id, "---- Minecraft has crashed! ----");
        awaitStatus(c, id, "crashed");
        // decisions.md #9: crashed with a live process — stop refused, command accepted
        assertThat(code(() -> c.call("mcsl.instance.stop", p))).isEqualTo("instance.not_running");
        send(c, id, "after crash");
        awaitLog(c, id, "after crash");
        send(c, id, "exit 0");
        await().atMost(V2Fixtures.WAIT).untilAsserted(() -> assertThat(report(c, id).get("process_id").isNull())
                .isTrue());
        assertThat(status(c, id)).isEqualTo("crashed");
        assertThat(code(() -> c.call("mcsl.instance.stop", p))).isEqualTo("instance.not_running");
        assertThat(code(() -> send(c, id, "x"))).isEqualTo("instance.not_running");
        assertThat(c.call("mcsl.instance.halt", p).size()).isZero();
        assertThat(c.call("mcsl.instance.settings.get", p).get("can_edit").asBoolean()).isTrue();
        c.call("mcsl.instance.start", p);
        c.call("mcsl.instance.halt", p);
        c.call("mcsl.instance.remove", p);
    }

    @Test
    void settingsGetAndUpdate() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createServer(d, c, "settings");
        Map<String, Object> p = id(id);
        JsonNode s = c.call("mcsl.instance.settings.get", p);
        Path wd = Path.of(s.get("working_directory").asText());
        assertThat(wd.isAbsolute()).isTrue();
        assertThat(wd).isEqualTo(d.root().resolve("instances/" + id).toAbsolutePath());
        assertThat(s.get("current_target_exists").asBoolean()).isTrue();
        assertThat(s.get("can_edit").asBoolean()).isTrue();
        assertThat(s.get("edit_blocked_reason").isNull()).isTrue();
        assertThat(s.get("config").size()).isEqualTo(13);
        assertThat(s.has("install_metadata")).isTrue();
        // nullable-but-required members must be present
        for (String member : List.of("java_path", "version", "replacement_core", "force_rerun_installer", "name",
                "arguments", "instance_type")) {
            Map<String, Object> u = update(id, "renamed");
            u.remove(member);
            invalidParams(() -> c.call("mcsl.instance.settings.update", u));
        }
        Map<String, Object> legacy = update(id, "renamed");
        legacy.put("instance_type", "vanilla");
        invalidParams(() -> c.call("mcsl.instance.settings.update", legacy));
        Map<String, Object> u = update(id, "renamed");
        u.put("instance_type", "mc_vanilla");
        u.put("console_mode", "pipe");
        JsonNode r = c.call("mcsl.instance.settings.update", u);
        assertThat(r.get("config").get("name").asText()).isEqualTo("renamed");
        assertThat(r.get("config").get("version").asText()).isEqualTo("1.21.4"); // null keeps it
        assertThat(r.get("requires_restart").asBoolean()).isFalse();
        assertThat(r.get("reinstalled").asBoolean()).isFalse();
        assertThat(r.get("deleted_generated_paths").isArray()).isTrue();
        assertThat(r.get("preserved_original_paths").isArray()).isTrue();
        assertThat(report(c, id).get("config").get("name").asText()).isEqualTo("renamed");
        c.call("mcsl.instance.remove", p);
    }

    @Test
    void eventRulesGetAndUpdate() throws Exception {
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createEcho(d, c, "rules", "universal");
        Map<String, Object> p = id(id);
        JsonNode empty = c.call("mcsl.instance.event-rules.get", p);
        assertThat(empty.get("instance_id").asText()).isEqualTo(id.toString());
        assertThat(empty.get("rules").isArray()).isTrue();
        assertThat(empty.get("rules").size()).isZero();
        JsonNode rules = Json.mapper().readTree("[{\"id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"r\","
                + "\"description\":\"\",\"is_enabled\":true,\"trigger_condition\":\"Any\",\"triggers\":[{\"id\":"
                + "\"11111111-2222-4333-8444-555555555556\",\"type\":\"ConsoleOutput\",\"pattern\":\"x\",\"is_regex\":"
                + "false}],\"action_execution_mode\":\"Sequential\",\"rulesets\":[],\"actions\":[]}]");
        assertThat(c.call("mcsl.instance.event-rules.update", Map.of("instance_id", id.toString(), "rules", rules))
                .size()).isZero();
        assertThat(c.call("mcsl.instance.event-rules.get", p).get("rules")).isEqualTo(rules);
        JsonNode onDisk = Json.mapper().readTree(d.root().resolve("instances/" + id + "/daemon_instance.json")
                .toFile());
        assertThat(onDisk.get("event_rules")).isEqualTo(rules);
        // decisions.md #10: malformed rules on update are -32602
        for (String bad : List.of("{}", "null", "\"x\"", "[null]", "[5]", "[{\"triggers\":[{\"type\":\"Nope\"}]}]",
                "[{\"actions\":[{\"type\":\"LaunchRocket\"}]}]", "[{\"triggers\":\"x\"}]")) {
            ObjectNode req = Json.mapper().createObjectNode().put("instance_id", id.toString());
            req.set("rules", Json.mapper().readTree(bad));
            invalidParams(() -> c.call("mcsl.instance.event-rules.update", req));
        }
        assertThat(c.call("mcsl.instance.event-rules.get", p).get("rules")).isEqualTo(rules);
        c.call("mcsl.instance.remove", p);
    }

    /** Collects catalog.changed events of one connection. */
    private static List<JsonNode> catalogEvents(MfpV2Client c, UUID id, int count, String lastStatus)
            throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + V2Fixtures.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode n = c.nextNotification("mcsl.event.instance.catalog.changed", Duration.ofSeconds(1));
            if (n == null) {
                continue;
            }
            JsonNode data = n.get("params").get("data");
            if (!data.get("instance_id").asText().equals(id.toString())) {
                continue;
            }
            out.add(n);
            if (out.size() >= count || (lastStatus != null && data.has("snapshot")
                    && data.get("snapshot").get("status").asText().equals(lastStatus))) {
                return out;
            }
        }
        return out;
    }

    @Test
    void catalogGetAndCatalogChanged() throws Exception {
        MfpV2Client c = d.v2();
        MfpV2Client watcher = d.v2();
        assertThat(watcher.call("mcsl.event.subscribe", Map.of("event", "mcsl.event.instance.catalog.changed"))
                .size()).isZero();
        long before = c.call("mcsl.instance.catalog.get").get("version").asLong();
        UUID id = V2Fixtures.createServer(d, c, "catalog");
        UUID other = V2Fixtures.createEcho(d, c, "catalog-2", "universal");
        JsonNode cat = c.call("mcsl.instance.catalog.get");
        assertThat(cat.get("version").asLong()).isGreaterThanOrEqualTo(before + 2);
        List<String> ids = new ArrayList<>();
        cat.get("items").forEach(i -> ids.add(i.get("instance_id").asText()));
        assertThat(ids).isSorted().doesNotHaveDuplicates().contains(id.toString(), other.toString());
        JsonNode item = null;
        for (JsonNode i : cat.get("items")) {
            if (i.get("instance_id").asText().equals(id.toString())) {
                item = i;
            }
        }
        assertThat(item).isNotNull();
        assertThat(List.of(item.fieldNames().next())).isNotEmpty();
        assertThat(item.get("name").asText()).isEqualTo("catalog");
        assertThat(item.get("instance_type").asText()).isEqualTo("mc_vanilla");
        assertThat(item.get("version").asText()).isEqualTo("1.21.4");
        assertThat(item.get("status").asText()).isEqualTo("stopped");
        assertThat(item.get("ready_timed_out").asBoolean()).isFalse();
        assertThat(item.size()).isEqualTo(6);

        JsonNode added = catalogEvents(watcher, id, 1, null).get(0);
        assertThat(added.has("id")).isFalse();
        JsonNode addedData = added.get("params").get("data");
        assertThat(addedData.get("operation").asText()).isEqualTo("upsert");
        assertThat(addedData.get("snapshot").get("status").asText()).isEqualTo("stopped");
        assertThat(added.get("params").has("meta")).isFalse();

        c.call("mcsl.instance.start", id(id));
        awaitStatus(c, id, "running");
        c.call("mcsl.instance.stop", id(id));
        awaitStatus(c, id, "stopped");
        List<JsonNode> run = catalogEvents(watcher, id, 10, "stopped");
        List<String> statuses = new ArrayList<>();
        long last = addedData.get("version").asLong();
        for (JsonNode n : run) {
            JsonNode data = n.get("params").get("data");
            assertThat(data.get("version").asLong()).isGreaterThan(last);
            last = data.get("version").asLong();
            assertThat(data.get("operation").asText()).isEqualTo("upsert");
            assertThat(data.get("snapshot").get("instance_id").asText()).isEqualTo(id.toString());
            statuses.add(data.get("snapshot").get("status").asText());
        }
        assertThat(statuses).containsExactly("starting", "running", "stopping", "stopped");
        // a name change is an upsert; the same tuple again is not a commit
        Map<String, Object> u = update(id, "catalog-renamed");
        u.put("instance_type", "mc_vanilla");
        c.call("mcsl.instance.settings.update", u);
        JsonNode renamed = catalogEvents(watcher, id, 1, null).get(0).get("params").get("data");
        assertThat(renamed.get("snapshot").get("name").asText()).isEqualTo("catalog-renamed");
        assertThat(renamed.get("version").asLong()).isGreaterThan(last);
        last = renamed.get("version").asLong();
        long now = c.call("mcsl.instance.catalog.get").get("version").asLong();
        c.call("mcsl.instance.settings.update", u);
        assertThat(c.call("mcsl.instance.catalog.get").get("version").asLong()).isEqualTo(now);
        // removal
        c.call("mcsl.instance.remove", id(id));
        JsonNode removed = catalogEvents(watcher, id, 1, null).get(0).get("params").get("data");
        assertThat(removed.get("operation").asText()).isEqualTo("remove");
        assertThat(removed.has("snapshot")).isFalse();
        assertThat(removed.get("version").asLong()).isGreaterThan(last);
        assertThat(c.call("mcsl.instance.catalog.get").get("items").toString()).doesNotContain(id.toString());
        c.call("mcsl.instance.remove", id(other));
    }

    @Test
    void readyTimeoutFlagsAStartingInstance() throws Exception {
        // a directory like TestDaemon's own (the instance user must be able to pass it)
        Path tmp = Files.createTempDirectory("mfp-test");
        try (TestDaemon slow = TestDaemon.startWith(tmp, Map.of("instance_ready_timeout_seconds", 1))) {
            MfpV2Client c = slow.v2();
            MfpV2Client watcher = slow.v2();
            watcher.call("mcsl.event.subscribe", Map.of("event", "mcsl.event.instance.catalog.changed"));
            UUID id = V2Fixtures.createEcho(slow, c, "slow", "mc_java");
            c.call("mcsl.instance.start", id(id));
            assertThat(report(c, id).get("ready_timed_out").asBoolean()).isFalse();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(report(c, id).get("ready_timed_out").asBoolean()).as(report(c, id).toString()).isTrue());
            assertThat(status(c, id)).isEqualTo("starting");
            JsonNode item = c.call("mcsl.instance.catalog.get").get("items").get(0);
            assertThat(item.get("ready_timed_out").asBoolean()).isTrue();
            List<JsonNode> events = catalogEvents(watcher, id, 3, null);
            assertThat(events).hasSize(3);
            JsonNode timedOut = events.get(2).get("params").get("data").get("snapshot");
            assertThat(timedOut.get("status").asText()).isEqualTo("starting");
            assertThat(timedOut.get("ready_timed_out").asBoolean()).isTrue();
            // the next transition clears the flag
            send(c, id, "Done (1.234s)! For help, type \"help\" or \"?\"");
            awaitStatus(c, id, "running");
            assertThat(report(c, id).get("ready_timed_out").asBoolean()).isFalse();
            JsonNode ready = catalogEvents(watcher, id, 1, null).get(0).get("params").get("data").get("snapshot");
            assertThat(ready.get("status").asText()).isEqualTo("running");
            assertThat(ready.get("ready_timed_out").asBoolean()).isFalse();
            c.call("mcsl.instance.halt", id(id));
        } finally {
            TestDaemon.deleteTree(tmp);
        }
    }
}
