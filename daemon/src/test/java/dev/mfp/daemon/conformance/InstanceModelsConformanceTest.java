package dev.mfp.daemon.conformance;

import static dev.mfp.daemon.support.Instances.awaitHistoryContains;
import static dev.mfp.daemon.support.Instances.history;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * models.md §3 (InstanceConfig, enums and input aliases, InstanceReport, InstanceInstallMetadata), §4.4
 * (EventRule), actions.md #24–#36 (results and error codes, UUID conventions), files-and-instances.md §5.2–§5.3
 * (EULA, launch command) and permissions.md §4, probed through the real daemon.
 */
@DaemonTest(noChildProcessesAfter = true)
class InstanceModelsConformanceTest {
    /** models.md §3.1, plus the two members extensions.md §5 (v2 spec) adds to the same on-disk and v1 model. */
    private static final List<String> CONFIG_MEMBERS = List.of("name", "target", "instance_type", "target_type", "uuid",
            "mc_version", "input_encoding", "output_encoding", "java_path", "arguments", "env", "event_rules",
            "auto_start", "auto_start_delay_seconds");
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;

    @BeforeAll
    static void up() throws Exception {
        EchoServer.upload(d);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    private static JsonNode add(ObjectNode setting) {
        return c.call("add_instance", params("setting", setting)).get("config");
    }

    private static int addCode(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode s = EchoServer.setting(d, "err", "mc_java", "script");
        edit.accept(s);
        return code(() -> c.call("add_instance", params("setting", s)));
    }

    private static void remove(JsonNode config) {
        c.call("remove_instance", params("id", config.get("uuid").asText()));
    }

    /** models.md §3.1: every member on output, with the defaults of the table. */
    @Test
    void instanceConfigHasEveryMemberWithDefaults() throws Exception {
        JsonNode cfg = add(EchoServer.setting(d, "defaults", "mc_java", "script"));
        assertThat(names(cfg)).containsExactlyInAnyOrderElementsOf(CONFIG_MEMBERS);
        assertThat(cfg.get("mc_version").asText()).isEmpty();
        assertThat(cfg.get("input_encoding").asText()).isEqualTo("utf-8");
        assertThat(cfg.get("output_encoding").asText()).isEqualTo("utf-8");
        assertThat(cfg.get("java_path").isTextual()).isTrue();
        assertThat(cfg.get("java_path").asText()).isEmpty();
        assertThat(cfg.get("arguments").isArray()).isTrue();
        assertThat(cfg.get("arguments")).isEmpty();
        assertThat(cfg.get("env").isObject()).isTrue();
        assertThat(cfg.get("env")).isEmpty();
        assertThat(cfg.get("event_rules").isArray()).isTrue();
        assertThat(cfg.get("auto_start").asBoolean(true)).isFalse();
        assertThat(cfg.get("auto_start_delay_seconds").asInt(-1)).isZero();
        assertThat(cfg.get("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        // the persisted file is the same InstanceConfig, snake_case, indented
        Path file = d.root().resolve("instances/" + cfg.get("uuid").asText() + "/daemon_instance.json");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).contains("\n");
        assertThat(names(Json.mapper().readTree(text))).containsExactlyInAnyOrderElementsOf(CONFIG_MEMBERS);
        remove(cfg);
    }

    /** models.md §3.6: output uses the mc_* snake_case form; April-2025 aliases, any case and PascalCase accepted. */
    @Test
    void instanceTypeAliasesAndLenientEnums() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("vanilla", "mc_vanilla");
        cases.put("fabric", "mc_fabric");
        cases.put("forge", "mc_forge");
        cases.put("neo_forge", "mc_neo_forge");
        cases.put("cleanroom", "mc_cleanroom");
        cases.put("spigot", "mc_spigot");
        cases.put("MCNeoForge", "mc_neo_forge");
        cases.put("McPaper", "mc_paper");
        cases.put("MC_PAPER", "mc_paper");
        cases.put("MCDReforged", "mcd_reforged");
        cases.put("TShock", "t_shock");
        cases.put("SteamServer", "steam_server");
        cases.put("mc_sponge_neo", "mc_sponge_neo");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            ObjectNode s = EchoServer.setting(d, "alias", e.getKey(), "Script");
            s.put("mc_version", e.getValue().equals("mc_cleanroom") ? "1.12.2" : "1.20.4");
            s.put("source_type", "Archive");
            s.put("mirror", "BmclApi");
            JsonNode cfg = add(s);
            assertThat(cfg.get("instance_type").asText()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(cfg.get("target_type").asText()).isEqualTo("script");
            remove(cfg);
        }
        ObjectNode s = EchoServer.setting(d, "mirror", "mc_bedrock", "executable");
        s.put("mirror", "bmcl_api");
        remove(add(s));
    }

    @Test
    void enumAndTypeErrors() throws Exception {
        // directories of removed instances being deleted in the background (<id>.removing-…) do not count
        java.io.FilenameFilter instanceDirs = (dir, name) -> !name.contains(".removing-");
        int before = d.root().resolve("instances").toFile().list(instanceDirs).length;
        assertThat(addCode(s -> s.put("instance_type", "mc_nonsense"))).isEqualTo(11001);
        assertThat(addCode(s -> s.put("instance_type", "None"))).isEqualTo(11002);
        assertThat(addCode(s -> s.put("instance_type", 2))).isEqualTo(11001);
        assertThat(addCode(s -> s.put("source_type", "None"))).isEqualTo(11002);
        assertThat(addCode(s -> s.put("source_type", "zip"))).isEqualTo(11001);
        assertThat(addCode(s -> s.put("target_type", "binary"))).isEqualTo(11001);
        assertThat(addCode(s -> s.put("mirror", "tuna"))).isEqualTo(11001);
        assertThat(addCode(s -> s.put("use_post_process", "yes"))).isEqualTo(11001);
        assertThat(addCode(s -> s.put("env", "A=B"))).isEqualTo(11001);
        assertThat(addCode(s -> s.remove("target"))).isEqualTo(11001);
        assertThat(addCode(s -> s.remove("target_type"))).isEqualTo(11001);
        assertThat(addCode(s -> s.remove("instance_type"))).isEqualTo(11001);
        assertThat(addCode(s -> s.remove("source"))).isEqualTo(11001);
        assertThat(addCode(s -> s.set("event_rules", Json.mapper().valueToTree(List.of(Map.of("triggers",
                List.of(Map.of("type", "Nope")))))))).isEqualTo(11001);
        assertThat(addCode(s -> s.set("event_rules", Json.mapper().valueToTree(List.of(Map.of("triggers",
                List.of(Map.of("type", "ConsoleOutput", "pattern", "(", "is_regex", true)))))))).isEqualTo(11002);
        assertThat(addCode(s -> s.put("instance_type", "mc_fabric").put("mc_version", "1.x"))).isEqualTo(11002);
        assertThat(d.root().resolve("instances").toFile().list(instanceDirs)).hasSize(before);
    }

    /** actions.md conventions: UUID params accept any case; a non-UUID string is the zero UUID → not found. */
    @Test
    void uuidParameters() throws Exception {
        JsonNode cfg = add(EchoServer.setting(d, "uuid", "mc_java", "script"));
        String id = cfg.get("uuid").asText();
        assertThat(c.call("get_instance_report", params("id", id.toUpperCase())).get("report").get("config")
                .get("uuid").asText()).isEqualTo(id);
        assertThat(c.call("get_event_rules", params("instance_id", id.toUpperCase())).get("rules").isArray()).isTrue();
        for (String bad : List.of("", "nope", "00000000-0000-0000-0000-000000000000", id + "0")) {
            for (String a : List.of("remove_instance", "start_instance", "stop_instance", "kill_instance",
                    "get_instance_report", "get_instance_status", "get_instance_log_history", "get_instance_settings")) {
                assertThat(code(() -> c.call(a, params("id", bad)))).as(a + " " + bad).isEqualTo(30001);
            }
            assertThat(code(() -> c.call("send_to_instance", params("id", bad, "message", "x")))).isEqualTo(30001);
            assertThat(code(() -> c.call("get_event_rules", params("instance_id", bad)))).isEqualTo(30001);
            assertThat(code(() -> c.call("save_event_rules", params("instance_id", bad, "rules", List.of()))))
                    .isEqualTo(30001);
            assertThat(code(() -> c.call("update_instance_settings", params("id", bad, "name", "n",
                    "instance_type", "mc_java", "arguments", List.of(), "force_rerun_installer", false))))
                    .isEqualTo(30001);
        }
        for (String a : List.of("remove_instance", "start_instance", "get_instance_report", "get_instance_settings")) {
            assertThat(code(() -> c.call(a, params("id", List.of(id))))).as(a).isEqualTo(11001);
            assertThat(code(() -> c.call(a, null))).as(a).isEqualTo(11001);
        }
        assertThat(code(() -> c.call("get_event_rules", params("instance_id", 1)))).isEqualTo(11001);
        assertThat(code(() -> c.call("send_to_instance", params("id", id, "message", 5)))).isEqualTo(11001);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", id, "rules", "[]")))).isEqualTo(11001);
        remove(cfg);
    }

    /** models.md §3.11 and files-and-instances.md §5.6: report shape when stopped and for non-MC types. */
    @Test
    void reportShapes() throws Exception {
        JsonNode mc = add(EchoServer.setting(d, "mc", "mc_java", "script"));
        JsonNode generic = add(EchoServer.setting(d, "generic", "universal", "script"));
        String mcId = mc.get("uuid").asText();
        String genId = generic.get("uuid").asText();
        Files.writeString(d.root().resolve("instances/" + genId + "/server.properties"), "server-port=1\n");
        JsonNode r = c.call("get_instance_report", params("id", mcId)).get("report");
        assertThat(names(r)).containsExactlyInAnyOrder("status", "config", "properties", "players",
                "performance_counter");
        assertThat(r.get("status").asText()).isEqualTo("stopped");
        assertThat(names(r.get("config"))).containsExactlyInAnyOrderElementsOf(CONFIG_MEMBERS);
        assertThat(r.get("properties").isObject()).isTrue();
        assertThat(r.get("properties")).isEmpty();
        assertThat(r.get("players").isArray()).isTrue();
        assertThat(r.get("players")).isEmpty();
        JsonNode perf = r.get("performance_counter");
        assertThat(names(perf)).containsExactlyInAnyOrder("cpu", "memory");
        assertThat(perf.get("cpu").isNumber()).isTrue();
        assertThat(perf.get("cpu").asDouble()).isZero();
        assertThat(perf.get("memory").isIntegralNumber()).isTrue();
        assertThat(perf.get("memory").asLong()).isZero();
        // MC with a server.properties: parsed map (comments skipped)
        Files.writeString(d.root().resolve("instances/" + mcId + "/server.properties"),
                "#Minecraft server properties\nserver-port=25599\nmotd=Hi there\n! other comment\nlevel-name = w\n");
        JsonNode props = c.call("get_instance_report", params("id", mcId)).get("report").get("properties");
        assertThat(props.get("server-port").asText()).isEqualTo("25599");
        assertThat(props.get("motd").asText()).isEqualTo("Hi there");
        assertThat(props.get("level-name").asText()).isEqualTo("w");
        assertThat(props.size()).isEqualTo(3);
        // non-MC: {} even with a server.properties; running: players [] and a live counter
        c.call("start_instance", params("id", genId));
        JsonNode g = c.call("get_instance_report", params("id", genId)).get("report");
        assertThat(g.get("status").asText()).isEqualTo("running");
        assertThat(g.get("properties")).isEmpty();
        assertThat(g.get("players")).isEmpty();
        // get_all_reports: keyed by uuid, complete reports
        JsonNode all = c.call("get_all_reports", params()).get("reports");
        assertThat(names(all)).contains(mcId, genId);
        assertThat(names(all.get(genId))).containsExactlyInAnyOrder("status", "config", "properties", "players",
                "performance_counter");
        assertThat(all.get(mcId).get("config").get("uuid").asText()).isEqualTo(mcId);
        assertThat(c.call("get_all_status", params()).get("reports").has(genId)).isTrue();
        assertThat(c.call("get_instance_status", params("id", genId)).get("report").get("status").asText())
                .isEqualTo("running");
        c.call("kill_instance", params("id", genId));
        JsonNode stopped = c.call("get_instance_report", params("id", genId)).get("report").get("performance_counter");
        assertThat(stopped.get("cpu").asDouble()).isZero();
        assertThat(stopped.get("memory").asLong()).isZero();
        remove(mc);
        remove(generic);
    }

    @Test
    void getAllReportsIsAnEmptyObjectWithoutInstances() throws Exception {
        TestDaemon fresh = TestDaemon.start();
        try (MfpClient fc = fresh.client()) {
            JsonNode data = fc.call("get_all_reports", null);
            assertThat(names(data)).containsExactly("reports");
            assertThat(data.get("reports").isObject()).isTrue();
            assertThat(data.get("reports")).isEmpty();
        } finally {
            fresh.close();
        }
    }

    /** actions.md #33 and models.md §3.12. */
    @Test
    void settingsShape() throws Exception {
        JsonNode cfg = add(EchoServer.setting(d, "settings", "mc_java", "script"));
        String id = cfg.get("uuid").asText();
        JsonNode s = c.call("get_instance_settings", params("id", id));
        assertThat(names(s)).containsExactlyInAnyOrder("config", "working_directory", "current_target_exists",
                "can_edit", "edit_blocked_reason", "install_metadata");
        assertThat(s.get("working_directory").asText()).isEqualTo("instances/" + id);
        assertThat(s.get("current_target_exists").asBoolean()).isTrue();
        assertThat(s.get("can_edit").asBoolean()).isTrue();
        assertThat(s.get("edit_blocked_reason").isNull()).isTrue();
        JsonNode m = s.get("install_metadata");
        assertThat(names(m)).containsExactlyInAnyOrder("installer_kind", "installer_source_path", "generated_paths",
                "resolved_launch_target", "installed_at");
        assertThat(m.get("installer_kind").asText()).isEqualTo("archive");
        assertThat(m.get("generated_paths").isArray()).isTrue();
        for (JsonNode p : m.get("generated_paths")) {
            assertThat(p.asText()).startsWith("instances/" + id + "/").doesNotContain("\\");
        }
        assertThat(m.get("installed_at").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?[+-]\\d{2}:\\d{2}");
        java.time.OffsetDateTime.parse(m.get("installed_at").asText());
        // the EULA is written for Minecraft types, not for generic ones (files-and-instances.md §5.2)
        assertThat(Files.readString(d.root().resolve("instances/" + id + "/eula.txt"))).contains("eula=true");
        JsonNode gen = add(EchoServer.setting(d, "gen", "universal", "script"));
        assertThat(Files.exists(d.root().resolve("instances/" + gen.get("uuid").asText() + "/eula.txt"))).isFalse();
        remove(gen);
        // update_instance_settings result members (actions.md #34)
        JsonNode u = c.call("update_instance_settings", params("id", id, "name", "renamed", "instance_type", "MCJava",
                "java_path", null, "arguments", List.of("-a"), "version", null, "replacement_core", null,
                "force_rerun_installer", false));
        assertThat(names(u)).containsExactlyInAnyOrder("config", "requires_restart", "reinstalled",
                "deleted_generated_paths", "preserved_original_paths");
        assertThat(u.get("config").get("name").asText()).isEqualTo("renamed");
        assertThat(u.get("config").get("arguments").get(0).asText()).isEqualTo("-a");
        assertThat(u.get("requires_restart").isBoolean()).isTrue();
        assertThat(u.get("reinstalled").asBoolean()).isFalse();
        assertThat(u.get("deleted_generated_paths").isArray()).isTrue();
        assertThat(u.get("preserved_original_paths").isArray()).isTrue();
        Path file = d.root().resolve("instances/" + id + "/daemon_instance.json");
        assertThat(Json.mapper().readTree(file.toFile()).get("name").asText()).isEqualTo("renamed");
        // update errors
        Consumer<Map<String, Object>> none = m2 -> { };
        assertThat(updCode(id, m2 -> m2.put("name", ""))).isEqualTo(11002);
        assertThat(updCode(id, m2 -> m2.remove("name"))).isEqualTo(11001);
        assertThat(updCode(id, m2 -> m2.put("instance_type", "nonsense"))).isEqualTo(11001);
        assertThat(updCode(id, m2 -> m2.put("instance_type", "none"))).isEqualTo(11002);
        assertThat(updCode(id, m2 -> m2.remove("arguments"))).isEqualTo(11001);
        assertThat(updCode(id, m2 -> m2.remove("force_rerun_installer"))).isEqualTo(11001);
        assertThat(updCode(id, m2 -> { m2.put("instance_type", "mc_paper"); m2.put("version", "abc"); })).isEqualTo(11002);
        assertThat(updCode(id, m2 -> m2.put("replacement_core", Map.of("uploaded_source_path",
                "caches/uploads/missing.jar")))).isEqualTo(21001);
        assertThat(updCode(id, m2 -> m2.put("replacement_core", Map.of("preferred_target_name", "x.jar"))))
                .isEqualTo(11001);
        none.accept(null);
        remove(cfg);
    }

    private static int updCode(String id, Consumer<Map<String, Object>> edit) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("id", id, "name", "n", "instance_type", "mc_java",
                "arguments", List.of(), "force_rerun_installer", false));
        edit.accept(m);
        return code(() -> c.call("update_instance_settings", Json.mapper().valueToTree(m)));
    }

    /** models.md §4.4 / actions.md #35–#36: PascalCase discriminators round-trip verbatim. */
    @Test
    void eventRulesRoundTrip() throws Exception {
        JsonNode cfg = add(EchoServer.setting(d, "rules", "mc_java", "script"));
        String id = cfg.get("uuid").asText();
        JsonNode rules = Json.mapper().readTree("""
                [{"id":"e4d3c2b1-a098-4765-8432-10fedcba9876","name":"All kinds","description":"d","is_enabled":true,
                  "trigger_condition":"All","action_execution_mode":"Parallel",
                  "triggers":[{"id":"11111111-2222-4333-8444-555555555551","type":"ConsoleOutput","pattern":"x","is_regex":false},
                              {"id":"11111111-2222-4333-8444-555555555552","type":"Schedule","cron_expression":"0 0 * * *"},
                              {"id":"11111111-2222-4333-8444-555555555553","type":"InstanceStatus","target_status":"Running"}],
                  "rulesets":[{"id":"21111111-2222-4333-8444-555555555551","type":"AlwaysTrue"},
                              {"id":"21111111-2222-4333-8444-555555555552","type":"AlwaysFalse"},
                              {"id":"21111111-2222-4333-8444-555555555553","type":"InstanceStatus","target_status":"Stopped"}],
                  "actions":[{"id":"31111111-2222-4333-8444-555555555551","type":"SendCommand","command":"say hi"},
                             {"id":"31111111-2222-4333-8444-555555555552","type":"ChangeInstanceStatus","action":"Restart"},
                             {"id":"31111111-2222-4333-8444-555555555553","type":"SendNotification","title":"t",
                              "message":"m","severity":"Error"}]}]""");
        c.call("save_event_rules", params("instance_id", id, "rules", rules));
        assertThat(c.call("get_event_rules", params("instance_id", id)).get("rules")).isEqualTo(rules);
        assertThat(c.call("get_instance_report", params("id", id)).get("report").get("config").get("event_rules"))
                .isEqualTo(rules);
        assertThat(c.call("get_instance_settings", params("id", id)).get("config").get("event_rules")).isEqualTo(rules);
        // missing type / unknown type → 11001; bad regex / cron → 11002
        for (String bad : List.of("{\"triggers\":[{\"id\":\"11111111-2222-4333-8444-555555555551\"}]}",
                "{\"rulesets\":[{\"type\":\"Sometimes\"}]}", "{\"actions\":[{\"command\":\"x\"}]}",
                "{\"actions\":[{\"type\":\"Explode\"}]}", "{\"triggers\":[{\"type\":null}]}")) {
            assertThat(code(() -> c.call("save_event_rules", params("instance_id", id, "rules",
                    List.of(readTree(bad)))))).as(bad).isEqualTo(11001);
        }
        for (String bad : List.of("{\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"a[\",\"is_regex\":true}]}",
                "{\"triggers\":[{\"type\":\"Schedule\",\"cron_expression\":\"not a cron\"}]}")) {
            assertThat(code(() -> c.call("save_event_rules", params("instance_id", id, "rules",
                    List.of(readTree(bad)))))).as(bad).isEqualTo(11002);
        }
        // a non-regex pattern that is not a valid regex is fine
        c.call("save_event_rules", params("instance_id", id, "rules", List.of(readTree(
                "{\"triggers\":[{\"type\":\"ConsoleOutput\",\"pattern\":\"a[\",\"is_regex\":false}]}"))));
        remove(cfg);
    }

    private static JsonNode readTree(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** files-and-instances.md §5.3: launch command per target type, PATH, env placeholders. */
    @Test
    void launchCommand() throws Exception {
        // jar: <java_path> <arguments…> -jar <target> [nogui]; the "java" here is the echo script itself
        Path fakeJava = Files.createTempDirectory("mfp-fake-java").resolve("java");
        Files.writeString(fakeJava, EchoServer.SCRIPT.replace("echo \"ARGS:", "echo \"PATH0: ${PATH%%:*}\"\necho \"ARGS:"));
        fakeJava.toFile().setExecutable(true, false);
        // as root the daemon runs it as the instance user, who must be able to reach it
        Files.setPosixFilePermissions(fakeJava.getParent(), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxr-xr-x"));
        for (String type : List.of("mc_java", "universal")) {
            ObjectNode s = EchoServer.setting(d, "jar", type, "jar");
            s.put("target", "server.sh");
            s.put("java_path", fakeJava.toString());
            s.set("arguments", Json.mapper().valueToTree(List.of("-Xmx1G", "-Da=b c")));
            s.set("env", Json.mapper().valueToTree(Map.of("MFP_X", "{HOME}/x", "MFP_BAD", "{MFP_NO_SUCH_VAR_42}")));
            JsonNode cfg = add(s);
            UUID id = UUID.fromString(cfg.get("uuid").asText());
            c.call("start_instance", params("id", id.toString()));
            awaitHistoryContains(c, id, "ENV:");
            String expected = "ARGS: " + (type.equals("mc_java") ? "5:-Xmx1G -Da=b c -jar server.sh nogui"
                    : "4:-Xmx1G -Da=b c -jar server.sh");
            assertThat(history(c, id)).as(type).contains(expected, "PATH0: " + fakeJava.getParent(),
                    "ENV: X=" + System.getenv("HOME") + "/x BAD=unset");
            c.call("kill_instance", params("id", id.toString()));
            remove(cfg);
        }
        // script: arguments are not passed; executable: they are
        for (String tt : List.of("script", "executable")) {
            ObjectNode s = EchoServer.setting(d, tt, "universal", tt);
            s.set("arguments", Json.mapper().valueToTree(List.of("one", "two")));
            JsonNode cfg = add(s);
            UUID id = UUID.fromString(cfg.get("uuid").asText());
            c.call("start_instance", params("id", id.toString()));
            awaitHistoryContains(c, id, "ARGS:");
            assertThat(history(c, id)).as(tt).contains(tt.equals("script") ? "ARGS: 0:" : "ARGS: 2:one two");
            c.call("kill_instance", params("id", id.toString()));
            remove(cfg);
        }
        Files.delete(fakeJava);
        Files.delete(fakeJava.getParent());
    }

    /** files-and-instances.md §5.2: EULA line replaced, MC core forced to target_type jar, post-processing. */
    @Test
    void factoriesEulaAndPostProcess() throws Exception {
        Path zip = d.root().resolve("caches/uploads/eula.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("server.sh"));
            z.write(EchoServer.SCRIPT.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new java.util.zip.ZipEntry("eula.txt"));
            z.write("#comment\neula=false\nother=1\n".getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode s = EchoServer.setting(d, "eula", "mc_java", "script");
        s.put("source", "caches/uploads/eula.zip");
        JsonNode cfg = add(s);
        List<String> eula = Files.readAllLines(d.root().resolve("instances/" + cfg.get("uuid").asText() + "/eula.txt"));
        assertThat(eula).contains("eula=true", "other=1", "#comment").doesNotContain("eula=false");
        remove(cfg);
        // core + Minecraft type → target_type jar
        String jar = FakeServer.uploadServerJar(d);
        ObjectNode core = Instances.mcSetting("core", jar);
        core.put("target_type", "executable");
        core.put("use_post_process", true);
        JsonNode cc = add(core);
        assertThat(cc.get("target_type").asText()).isEqualTo("jar");
        // post-processing started the server once and stopped it; its lines are in the history
        UUID id = UUID.fromString(cc.get("uuid").asText());
        assertThat(history(c, id)).anyMatch(l -> l.contains("Done (")).anyMatch(l -> l.contains("Stopping the server"));
        assertThat(c.call("get_instance_report", params("id", id.toString())).get("report").get("status").asText())
                .isEqualTo("stopped");
        remove(cc);
    }

    /** files-and-instances.md §5.6: no Server List Ping below Minecraft 1.7. */
    @Test
    void noPlayersBelowMinecraft17() throws Exception {
        ObjectNode s = Instances.mcSetting("old", FakeServer.uploadServerJar(d), "-Dtestkit.players=Alex,Steve");
        s.put("mc_version", "1.6.4");
        JsonNode cfg = add(s);
        UUID id = UUID.fromString(cfg.get("uuid").asText());
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        Instances.startAndAwaitRunning(c, id);
        c.call("send_to_instance", params("id", id.toString(), "message", "list"));
        awaitHistoryContains(c, id, "Alex, Steve");
        assertThat(c.call("get_instance_report", params("id", id.toString())).get("report").get("players")).isEmpty();
        // 1.7.10 pings
        c.call("kill_instance", params("id", id.toString()));
        c.call("update_instance_settings", params("id", id.toString(), "name", "old", "instance_type", "mc_vanilla",
                "arguments", FakeServer.smallJvm("-Dtestkit.players=Alex,Steve"), "version", "1.7.10",
                "force_rerun_installer", false));
        Instances.startAndAwaitRunning(c, id);
        JsonNode players = c.call("get_instance_report", params("id", id.toString())).get("report").get("players");
        assertThat(players).hasSize(2);
        assertThat(names(players.get(0))).containsExactlyInAnyOrder("name", "uuid");
        assertThat(players.get(0).get("uuid").asText()).matches("[0-9a-f-]{36}");
        c.call("kill_instance", params("id", id.toString()));
        remove(cfg);
    }

    /** permissions.md §4: one node per instance action, checked before the params. */
    @Test
    void permissionNodes() {
        Map<String, String> nodes = new java.util.LinkedHashMap<>();
        nodes.put("add_instance", "mcsl.daemon.instance.add");
        nodes.put("remove_instance", "mcsl.daemon.instance.remove");
        nodes.put("start_instance", "mcsl.daemon.instance.start");
        nodes.put("stop_instance", "mcsl.daemon.instance.stop");
        nodes.put("kill_instance", "mcsl.daemon.instance.kill");
        nodes.put("send_to_instance", "mcsl.daemon.instance.send");
        nodes.put("get_instance_report", "mcsl.daemon.instance.report");
        nodes.put("get_instance_status", "mcsl.daemon.instance.report");
        nodes.put("get_instance_log_history", "mcsl.daemon.instance.log");
        nodes.put("get_instance_settings", "mcsl.daemon.instance.settings.read");
        nodes.put("update_instance_settings", "mcsl.daemon.instance.settings.update");
        nodes.put("get_event_rules", "mcsl.daemon.instance.event_rules.read");
        nodes.put("save_event_rules", "mcsl.daemon.instance.event_rules.write");
        String zero = "00000000-0000-0000-0000-000000000000";
        for (Map.Entry<String, String> e : nodes.entrySet()) {
            MfpClient allowed = d.connect(d.subtoken(e.getValue(), 60));
            MfpClient other = d.connect(d.subtoken("mcsl.daemon.instance.nothing", 60));
            Map<String, Object> p = e.getKey().contains("event_rules")
                    ? Map.of("instance_id", zero, "rules", List.of()) : Map.of("id", zero, "message", "x");
            int expected = e.getKey().equals("add_instance") ? 11001 : 30001;
            assertThat(code(() -> allowed.call(e.getKey(), e.getKey().equals("update_instance_settings")
                    ? Map.of("id", zero, "name", "n", "instance_type", "mc_java", "arguments", List.of(),
                    "force_rerun_installer", false) : p))).as(e.getKey()).isEqualTo(expected);
            assertThat(code(() -> other.call(e.getKey(), Map.of()))).as(e.getKey()).isEqualTo(10003);
            allowed.close();
            other.close();
        }
    }
}
