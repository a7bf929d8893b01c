package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.FakeServer;
import dev.mfp.daemon.support.ScriptServer;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** v2 instance helpers: strict create requests, the fake Minecraft server and a shell echo "server". */
final class V2Fixtures {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Echoes each stdin line; {@code exit N} exits with N; {@code err X} prints X on stderr. */
    static final String ECHO = """
            #!/bin/sh
            while IFS= read -r line; do
              case "$line" in
                "exit "*) exit ${line#exit } ;;
                "err "*) printf '%s\\n' "${line#err }" >&2 ;;
                *) printf '%s\\n' "$line" ;;
              esac
            done
            """;

    private V2Fixtures() {
    }

    static String echoZip(TestDaemon d) throws IOException {
        return echoZip(d.root());
    }

    /** The echo archive in the daemon root {@code root} (also a daemon in its own process). */
    static String echoZip(Path root) throws IOException {
        return ScriptServer.upload(root, "v2-echo.zip", ECHO);
    }

    /** All 12 required members of InstanceConfiguration (console_mode left out). */
    static ObjectNode configuration(UUID id, String name, String type, String target, String targetType,
            String version, String javaPath, List<String> args) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("instance_id", id.toString());
        c.put("name", name);
        c.put("target", target);
        c.put("instance_type", type);
        c.put("target_type", targetType);
        c.put("version", version);
        c.put("input_encoding", "utf-8");
        c.put("output_encoding", "utf-8");
        c.put("java_path", javaPath);
        c.set("arguments", Json.mapper().valueToTree(args));
        c.set("environment_variables", Json.mapper().createObjectNode());
        c.set("event_rules", Json.mapper().createArrayNode());
        return c;
    }

    static ObjectNode setting(ObjectNode configuration, String source, String sourceType) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.set("configuration", configuration);
        s.put("source", source);
        s.put("source_type", sourceType);
        s.put("mirror", "none");
        s.put("use_post_process", false);
        ObjectNode p = Json.mapper().createObjectNode();
        p.set("setting", s);
        return p;
    }

    /** A create request for the fake Minecraft server (mc_vanilla 1.21.4, core). */
    static ObjectNode serverRequest(TestDaemon d, String name) throws IOException {
        return setting(configuration(UUID.randomUUID(), name, "mc_vanilla", "server.jar", "jar", "1.21.4",
                FakeServer.java(), FakeServer.smallJvm()), FakeServer.uploadServerJar(d), "core");
    }

    /** A create request for the echo script of {@code type} (archive, script target). */
    static ObjectNode echoRequest(TestDaemon d, String name, String type) throws IOException {
        return echoRequest(d.root(), name, type);
    }

    static ObjectNode echoRequest(Path root, String name, String type) throws IOException {
        return setting(configuration(UUID.randomUUID(), name, type, "server.sh", "script", "", "java", List.of()),
                echoZip(root), "archive");
    }

    static UUID create(MfpV2Client c, ObjectNode request) {
        JsonNode config = c.call("mcsl.instance.create", request).get("config");
        return UUID.fromString(config.get("instance_id").asText());
    }

    static UUID createServer(TestDaemon d, MfpV2Client c, String name) throws IOException {
        UUID id = create(c, serverRequest(d, name));
        FakeServer.writeProperties(d, id, FakeServer.freePort());
        return id;
    }

    static UUID createEcho(TestDaemon d, MfpV2Client c, String name, String type) throws IOException {
        return create(c, echoRequest(d, name, type));
    }

    static Map<String, Object> id(UUID id) {
        return Map.of("instance_id", id.toString());
    }

    static JsonNode report(MfpV2Client c, UUID id) {
        return c.call("mcsl.instance.report.get", id(id));
    }

    static String status(MfpV2Client c, UUID id) {
        return report(c, id).get("status").asText();
    }

    static void awaitStatus(MfpV2Client c, UUID id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(status(c, id)).isEqualTo(status));
    }

    static void send(MfpV2Client c, UUID id, String command) {
        c.call("mcsl.instance.command.send", Map.of("instance_id", id.toString(), "command", command));
    }

    static List<String> logs(MfpV2Client c, UUID id) {
        List<String> out = new ArrayList<>();
        c.call("mcsl.instance.log.get", id(id)).get("logs").forEach(n -> out.add(n.asText()));
        return out;
    }

    static void awaitLog(MfpV2Client c, UUID id, String contains) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                logs(c, id).stream().anyMatch(l -> l.contains(contains)));
    }

    /** The error of a call that must fail. */
    static MfpV2Exception error(Runnable call) {
        MfpV2Exception e = catchThrowableOfType(MfpV2Exception.class, call::run);
        assertThat(e).as("expected an error").isNotNull();
        return e;
    }

    /** The daemon_error_code of a call that must fail with a domain error. */
    static String code(Runnable call) {
        MfpV2Exception e = error(call);
        assertThat(e.daemonErrorCode()).as(e.error().toString()).isNotNull();
        return e.daemonErrorCode();
    }

    /** A call that must fail with -32602. */
    static void invalidParams(Runnable call) {
        MfpV2Exception e = error(call);
        assertThat(e.code()).as(e.error().toString()).isEqualTo(-32602);
    }
}
