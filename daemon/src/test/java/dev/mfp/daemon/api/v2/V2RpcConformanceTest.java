package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpConnectException;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.RawWebSocket;
import dev.mfp.daemon.support.TestDaemon;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rpc.md over a real /api/v2 WebSocket: envelope, ids, notifications, batches, strict params, error shapes. */
@DaemonTest
class V2RpcConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestDaemon daemon;

    private static JsonNode raw(MfpV2Client c, String text) throws Exception {
        c.sendText(text);
        JsonNode answer = c.nextUnmatched(WAIT);
        assertThat(answer).as("answer to %s", text).isNotNull();
        return answer;
    }

    @Test
    void pingAnswersWithTheClockInMilliseconds() {
        MfpV2Client c = daemon.v2();
        long before = System.currentTimeMillis();
        long time = c.call("mcsl.daemon.ping").get("time").asLong();
        assertThat(time).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }

    @Test
    void idsAreEchoedTokenForToken() throws Exception {
        MfpV2Client c = daemon.v2();
        for (String id : List.of("\"request-id\"", "-0", "9223372036854775807", "0", "-9223372036854775808")) {
            c.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"mcsl.daemon.ping\"}");
            // integer ids of the client's own counter would be matched; these are not (unmatched queue)
            JsonNode a = id.equals("0") ? null : c.nextUnmatched(WAIT);
            if (a != null) {
                assertThat(a.get("result").get("time").isIntegralNumber()).isTrue();
            }
        }
        // exact text check through a second raw look: "-0" must come back as -0
        try (RawWebSocket raw = RawWebSocket.connect(daemon.port(), "/api/v2", daemon.mainToken())) {
            for (String id : List.of("-0", "9223372036854775807", "\"a\\u0041\"")) {
                raw.queue(RawWebSocket.frame(RawWebSocket.TEXT, true, ("{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"method\":\"mcsl.daemon.ping\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                raw.flush();
                String expected = id.startsWith("\"") ? "\"aA\"" : id;
                assertThat(raw.readText(WAIT)).startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + expected + ",\"result\":{");
            }
        }
    }

    @Test
    void parseAndProfileFailuresAnswerWithANullId() throws Exception {
        MfpV2Client c = daemon.v2();
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":1,"), -32700, "validation");
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"mcsl.daemon.ping\"}"), -32700, "validation");
        assertError(raw(c, "[]"), -32600, "validation");
        assertError(raw(c, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"mcsl.daemon.ping\"}]"), -32600, "validation");
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"mcsl.daemon.ping\"}"), -32600, "validation");
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":1.0,\"method\":\"mcsl.daemon.ping\"}"), -32600, "validation");
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"Mcsl.daemon.ping\"}"), -32600, "validation");
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"mcsl.daemon.ping\",\"extra\":1}"), -32600,
                "validation");
        assertError(raw(c, "{\"jsonrpc\":\"1.0\",\"id\":\"x\",\"method\":\"mcsl.daemon.ping\"}"), -32600,
                "validation");
        assertError(raw(c, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"mcsl.daemon.ping\",\"params\":[]}"), -32600,
                "validation");
        // the daemon still answers normally afterwards
        assertThat(c.call("mcsl.daemon.ping").has("time")).isTrue();
    }

    private static void assertError(JsonNode answer, int code, String kind) {
        assertThat(answer.get("id").isNull()).as(answer.toString()).isTrue();
        JsonNode e = answer.get("error");
        assertThat(e.get("code").asInt()).as(answer.toString()).isEqualTo(code);
        assertThat(e.get("data").get("daemon_error_kind").asText()).isEqualTo(kind);
        assertThat(e.get("data").get("correlation_id").asText()).matches("[0-9a-f]{32}");
        assertThat(e.get("data").has("execution_owner")).isFalse();
        assertThat(e.get("data").has("daemon_error_code")).isFalse();
    }

    @Test
    void unknownMethodsAndNotifications() throws Exception {
        MfpV2Client c = daemon.v2();
        assertThatThrownBy(() -> c.call("mcsl.no.such.method")).isInstanceOfSatisfying(MfpV2Exception.class, e -> {
            assertThat(e.code()).isEqualTo(-32601);
            assertThat(e.error().get("message").asText()).isEqualTo("Method not found");
            assertThat(e.kind()).isEqualTo("not_found");
        });
        // notifications are never answered, whatever is wrong with them
        c.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"mcsl.daemon.ping\"}");
        c.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"mcsl.no.such.method\"}");
        c.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"mcsl.daemon.ping\",\"params\":{\"x\":1}}");
        assertThat(c.call("mcsl.daemon.ping").has("time")).isTrue();
        assertThat(c.nextUnmatched(Duration.ofMillis(300))).isNull();
    }

    @Test
    void paramsAreBoundStrictly() {
        MfpV2Client c = daemon.v2();
        // empty-request method: {} accepted, a member refused
        assertThat(c.call("mcsl.daemon.ping", Map.of()).has("time")).isTrue();
        assertInvalidParams(c, "mcsl.daemon.ping", Map.of("x", 1));
        // non-empty request: absent, {}, unknown member, wrong type, null, malformed uuid
        assertInvalidParams(c, "mcsl.instance.report.get", null);
        assertInvalidParams(c, "mcsl.instance.report.get", Map.of());
        assertInvalidParams(c, "mcsl.instance.report.get", Map.of("instance_id",
                "00000000-0000-0000-0000-000000000001", "x", 1));
        assertInvalidParams(c, "mcsl.instance.report.get", Map.of("instance_id", 5));
        assertInvalidParams(c, "mcsl.instance.report.get", Map.of("instance_id", "{00000000-0000-0000-0000-0000}"));
        java.util.HashMap<String, Object> nul = new java.util.HashMap<>();
        nul.put("instance_id", null);
        assertInvalidParams(c, "mcsl.instance.report.get", nul);
    }

    @Test
    void aDuplicateMemberInsideParamsIsInvalidParams() throws Exception {
        MfpV2Client c = daemon.v2();
        c.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"dup\",\"method\":\"mcsl.instance.report.get\",\"params\":"
                + "{\"instance_id\":\"00000000-0000-0000-0000-000000000001\","
                + "\"instance_id\":\"00000000-0000-0000-0000-000000000002\"}}");
        JsonNode a = c.nextUnmatched(WAIT);
        assertThat(a.get("id").asText()).isEqualTo("dup");
        assertThat(a.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(a.get("error").get("data").get("execution_owner").get("id").asText()).isEqualTo("mcsl.daemon");
    }

    private static void assertInvalidParams(MfpV2Client c, String method, Object params) {
        assertThatThrownBy(() -> c.call(method, params)).as("%s %s", method, params)
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(-32602);
                    assertThat(e.error().get("message").asText()).isEqualTo("Invalid params");
                    assertThat(e.daemonErrorCode()).isNull();
                });
    }

    @Test
    void domainErrorsCarryTheirCodeAndKind() {
        MfpV2Client c = daemon.v2();
        assertThatThrownBy(() -> c.call("mcsl.instance.report.get",
                Map.of("instance_id", "00000000-0000-0000-0000-000000000001")))
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> {
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.error().get("message").asText()).isEqualTo("Daemon error");
                    assertThat(e.daemonErrorCode()).isEqualTo("instance.not_found");
                    assertThat(e.kind()).isEqualTo("not_found");
                    assertThat(e.error().get("data").get("execution_owner").get("version").asText()).isNotEmpty();
                });
    }

    @Test
    void tokensAreCheckedAtTheUpgrade() {
        assertThatThrownBy(() -> daemon.connectV2("not-a-token")).isInstanceOfSatisfying(MfpConnectException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(401));
        // a v1 subtoken carries a sub, but its v1 node names match no v2 method
        String sub = daemon.subtoken("mcsl.daemon.file.upload", 60);
        MfpV2Client c = daemon.connectV2(sub);
        assertThatThrownBy(() -> c.call("mcsl.daemon.ping")).isInstanceOfSatisfying(MfpV2Exception.class, e -> {
            assertThat(e.code()).isEqualTo(-32001);
            assertThat(e.daemonErrorCode()).isEqualTo("permission.denied");
        });
    }

    @Test
    void permissionsAndIssuedTokens() {
        MfpV2Client main = daemon.v2();
        assertThat(main.call("mcsl.auth.permissions.get").get("permissions").toString()).isEqualTo("[\"*\"]");
        JsonNode issued = main.call("mcsl.auth.token.issue", Map.of("subject", "ci-bot", "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.daemon.ping", "mcsl.auth.permissions.get"),
                "ttl_seconds", 3600));
        assertThat(issued.get("token_id").asText()).matches("[0-9a-f]{32}");
        assertThat(issued.get("expires_at").asText()).endsWith("+00:00");
        MfpV2Client bot = daemon.connectV2(issued.get("token").asText());
        assertThat(bot.call("mcsl.auth.permissions.get").get("permissions").toString())
                .isEqualTo("[\"mcsl.auth.permissions.get\",\"mcsl.daemon.ping\"]");
        assertThat(bot.call("mcsl.daemon.ping").has("time")).isTrue();
        assertThatThrownBy(() -> bot.call("mcsl.instance.report.list"))
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32001));
        assertThatThrownBy(() -> bot.call("mcsl.auth.token.issue", Map.of("subject", "x", "audience",
                "mcsl://daemon/api/v2", "permissions", List.of("mcsl.daemon.ping"), "ttl_seconds", 60)))
                .isInstanceOfSatisfying(MfpV2Exception.class, e -> assertThat(e.code()).isEqualTo(-32001));
        // a token for another audience does not open /api/v2
        JsonNode other = main.call("mcsl.auth.token.issue", Map.of("subject", "ci-bot", "audience",
                "https://example.invalid/api", "permissions", List.of("mcsl.daemon.ping"), "ttl_seconds", 60));
        assertThatThrownBy(() -> daemon.connectV2(other.get("token").asText()))
                .isInstanceOfSatisfying(MfpConnectException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        for (Object[] bad : new Object[][] {
            {"  ", "mcsl://daemon/api/v2", List.of("a"), 60, "auth.token_issue.subject_required"},
            {"daemon-main", "mcsl://daemon/api/v2", List.of("a"), 60, "auth.token_issue.subject_reserved"},
            {"plugin:x", "mcsl://daemon/api/v2", List.of("a"), 60, "auth.token_issue.subject_reserved"},
            {"s", "relative/path", List.of("a"), 60, "auth.token_issue.audience_invalid"},
            {"s", "mcsl://daemon/api/v2", List.of("a"), 0, "auth.token_issue.ttl_invalid"},
            {"s", "mcsl://daemon/api/v2", List.of("a"), 2_592_001, "auth.token_issue.ttl_exceeded"},
            {"s", "mcsl://daemon/api/v2", List.of(), 60, "auth.token_issue.permissions_required"},
            {"s", "mcsl://daemon/api/v2", List.of("*"), 60, "auth.token_issue.permission_invalid"},
            {"s", "mcsl://daemon/api/v2", List.of("Bad.Name"), 60, "auth.token_issue.permission_invalid"},
        }) {
            assertThatThrownBy(() -> main.call("mcsl.auth.token.issue", Map.of("subject", bad[0], "audience", bad[1],
                    "permissions", bad[2], "ttl_seconds", bad[3])))
                    .as("%s", List.of(bad)).isInstanceOfSatisfying(MfpV2Exception.class,
                            e -> assertThat(e.daemonErrorCode()).isEqualTo(bad[4]));
        }
    }

    @Test
    void discoveryListsTheServedCatalog() {
        JsonNode doc = daemon.v2().call("rpc.discover");
        assertThat(doc.get("openrpc").asText()).isEqualTo("1.3.2");
        List<String> names = new java.util.ArrayList<>();
        doc.get("methods").forEach(m -> names.add(m.get("name").asText()));
        assertThat(names).isSorted().contains("mcsl.daemon.ping", "mcsl.instance.start", "rpc.discover");
        doc.get("methods").forEach(m -> {
            assertThat(m.get("x-mcsl-permission").asText()).isEqualTo(m.get("name").asText());
            assertThat(m.get("x-mcsl-allow-notification").asBoolean()).isFalse();
            assertThat(m.get("paramStructure").asText()).isEqualTo("by-name");
        });
        JsonNode report = null;
        for (JsonNode m : doc.get("methods")) {
            if (m.get("name").asText().equals("mcsl.instance.report.get")) {
                report = m;
            }
        }
        assertThat(report.get("params").get(0).get("name").asText()).isEqualTo("instance_id");
        assertThat(report.get("params").get(0).get("required").asBoolean()).isTrue();
        assertThat(doc.get("x-mcsl-events")).hasSize(4);
    }

    @Test
    void httpEndpointsListBothVersions() throws Exception {
        JsonNode info = daemon.http().info();
        assertThat(info.get("api_version").asText()).isEqualTo("v1");
        assertThat(info.get("api_versions").toString()).isEqualTo("[\"v1\",\"v2\"]");
    }
}
