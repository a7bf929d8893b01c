package dev.mfp.daemon.instance;

import static dev.mfp.daemon.support.Instances.mcSetting;
import static dev.mfp.daemon.support.Requests.code;
import static dev.mfp.daemon.support.Requests.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error code of the instance actions, with the spec's message shape. */
@DaemonTest(noChildProcessesAfter = true)
class InstanceErrorsTest {
    private static TestDaemon d;
    @MainClient
    private static MfpClient c;
    private static String jar;

    @BeforeAll
    static void up() throws Exception {
        jar = FakeServer.uploadServerJar(d);
    }

    private static int add(Consumer<ObjectNode> edit) {
        ObjectNode s = mcSetting("err", jar);
        edit.accept(s);
        return code(() -> c.call("add_instance", params("setting", s)));
    }

    @Test
    void addInstanceValidation() {
        assertThat(code(() -> c.call("add_instance", params()))).isEqualTo(11001);
        assertThat(code(() -> c.call("add_instance", params("setting", "nope")))).isEqualTo(11001);
        assertThat(add(s -> s.remove("name"))).isEqualTo(11001);
        assertThat(add(s -> s.remove("source_type"))).isEqualTo(11001);
        assertThat(add(s -> s.put("instance_type", "mc_nonsense"))).isEqualTo(11001);
        assertThat(add(s -> s.put("target_type", 3))).isEqualTo(11001);
        assertThat(add(s -> s.put("arguments", "-Xmx1G"))).isEqualTo(11001);
        assertThat(add(s -> s.put("name", ""))).isEqualTo(11002);
        assertThat(add(s -> s.put("target", ""))).isEqualTo(11002);
        assertThat(add(s -> s.put("target", "../escape.jar"))).isEqualTo(11002);
        assertThat(add(s -> s.put("source", ""))).isEqualTo(11002);
        assertThat(add(s -> s.put("source_type", "none"))).isEqualTo(11002);
        assertThat(add(s -> s.put("instance_type", "none"))).isEqualTo(11002);
        assertThat(add(s -> s.put("mc_version", "latest"))).isEqualTo(11002);
        assertThat(add(s -> s.put("mc_version", ""))).isEqualTo(11002);
        assertThat(add(s -> s.put("input_encoding", "klingon-8"))).isEqualTo(11002);
        assertThat(add(s -> s.put("output_encoding", "no such charset"))).isEqualTo(11002);
        assertThat(add(s -> s.put("source_type", "script"))).isEqualTo(30004);
        assertThat(add(s -> s.put("instance_type", "mc_forge").put("mc_version", "1.4.7"))).isEqualTo(30004);
        assertThat(add(s -> s.put("instance_type", "mc_neo_forge").put("mc_version", "1.20.1"))).isEqualTo(30004);
        assertThat(add(s -> s.put("instance_type", "mc_cleanroom").put("mc_version", "1.16.5"))).isEqualTo(30004);
        assertThat(add(s -> s.put("source", "caches/uploads/missing.jar"))).isEqualTo(21001);
        assertThat(add(s -> s.put("source", "../../etc/passwd"))).isEqualTo(21006);
        assertThat(add(s -> s.put("source", "http://127.0.0.1:1/server.jar"))).isEqualTo(60001);
        // nothing was left behind by the failures
        assertThat(d.root().resolve("instances").toFile().list()).isEmpty();
    }

    @Test
    void messagesFollowTheNameDetailShape() {
        MfpException e = org.assertj.core.api.Assertions.catchThrowableOfType(MfpException.class,
                () -> c.call("start_instance", params("id", UUID.randomUUID().toString())));
        assertThat(e.code()).isEqualTo(30001);
        assertThat(e.getMessage()).contains("Instance Not Found");
    }

    @Test
    void lenientEnumsAndAliasesAreAccepted() throws Exception {
        ObjectNode s = mcSetting("alias", jar);
        s.put("instance_type", "Vanilla");
        s.put("target_type", "Jar");
        s.put("source_type", "CORE");
        s.set("java_args", s.remove("arguments"));
        UUID id = UUID.randomUUID();
        s.put("uuid", id.toString().toUpperCase());
        JsonNode cfg = c.call("add_instance", params("setting", s)).get("config");
        assertThat(cfg.get("instance_type").asText()).isEqualTo("mc_vanilla");
        assertThat(cfg.get("target_type").asText()).isEqualTo("jar");
        assertThat(cfg.get("uuid").asText()).isEqualTo(id.toString());
        assertThat(cfg.get("arguments")).isNotEmpty();
        assertThat(cfg.has("java_args")).isFalse();
        for (String m : List.of("name", "target", "instance_type", "target_type", "uuid", "mc_version", "input_encoding",
                "output_encoding", "java_path", "arguments", "env", "event_rules")) {
            assertThat(cfg.has(m)).as(m).isTrue();
        }
        // the same uuid again
        assertThat(add(x -> x.put("uuid", id.toString()))).isEqualTo(30002);
        c.call("remove_instance", params("id", id.toString()));
    }

    @Test
    void unknownIdsAnswer30001() {
        String zero = "not-a-uuid";
        for (String action : List.of("remove_instance", "start_instance", "stop_instance", "kill_instance",
                "get_instance_report", "get_instance_status", "get_instance_log_history", "get_instance_settings")) {
            assertThat(code(() -> c.call(action, params("id", zero)))).as(action).isEqualTo(30001);
            assertThat(code(() -> c.call(action, params("id", UUID.randomUUID().toString())))).as(action)
                    .isEqualTo(30001);
        }
        assertThat(code(() -> c.call("send_to_instance", params("id", UUID.randomUUID().toString(), "message", "x"))))
                .isEqualTo(30001);
        assertThat(code(() -> c.call("get_event_rules", params("instance_id", UUID.randomUUID().toString()))))
                .isEqualTo(30001);
        assertThat(code(() -> c.call("save_event_rules", params("instance_id", UUID.randomUUID().toString(),
                "rules", List.of())))).isEqualTo(30001);
        assertThat(code(() -> c.call("start_instance", params("id", 5)))).isEqualTo(11001);
        assertThat(code(() -> c.call("start_instance", params()))).isEqualTo(11001);
        assertThat(code(() -> c.call("send_to_instance", params("id", UUID.randomUUID().toString())))).isEqualTo(11001);
    }

    @Test
    void spawnFailuresAnswer60002() throws Exception {
        UUID id = Instances.addServer(d, c, "spawn");
        String p = id.toString();
        java.nio.file.Path dir = d.root().resolve("instances/" + p);
        // java that does not exist
        ObjectNode cfg = (ObjectNode) Json.mapper().readTree(dir.resolve("daemon_instance.json").toFile());
        update(p, "mc_vanilla", "/nonexistent/bin/java");
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(60002);
        assertThat(Instances.status(c, id)).isIn("stopped", "crashed");
        // a "java" that exits at once with an error
        java.nio.file.Path fake = dir.resolve("fail.sh");
        Files.writeString(fake, "#!/bin/sh\necho broken >&2\nexit 3\n");
        fake.toFile().setExecutable(true);
        update(p, "mc_vanilla", fake.toString());
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(60002);
        // target missing
        update(p, "mc_vanilla", FakeServer.java());
        Files.delete(dir.resolve("server.jar"));
        assertThat(code(() -> c.call("start_instance", params("id", p)))).isEqualTo(60002);
        assertThat(c.call("get_instance_settings", params("id", p)).get("current_target_exists").asBoolean()).isFalse();
        assertThat(cfg.get("uuid").asText()).isEqualTo(p);
    }

    private static void update(String id, String type, String javaPath) {
        c.call("update_instance_settings", params("id", id, "name", "spawn", "instance_type", type, "java_path", javaPath,
                "arguments", FakeServer.smallJvm(), "force_rerun_installer", false));
    }

    @Test
    void permissionsAreChecked() {
        String token = d.subtoken("mcsl.daemon.instance.report", 60);
        MfpClient limited = d.connect(token);
        assertThat(code(() -> limited.call("start_instance", params("id", UUID.randomUUID().toString()))))
                .isEqualTo(10003);
        assertThat(code(() -> limited.call("add_instance", params("setting", Map.of())))).isEqualTo(10003);
        assertThat(limited.call("get_all_reports", null).get("reports").isObject()).isTrue();
        assertThat(limited.call("get_all_status", null).get("reports").isObject()).isTrue();
    }
}
