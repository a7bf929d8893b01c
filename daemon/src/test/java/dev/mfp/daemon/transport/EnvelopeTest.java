package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** errors.md §2–4 and transport.md §6: every malformed frame gets its code and the connection stays usable. */
@DaemonTest
class EnvelopeTest {
    private static final String ZERO = "00000000-0000-0000-0000-000000000000";
    private static TestDaemon daemon;
    @MainClient
    private static MfpClient client;

    private static JsonNode unmatchedAfter(String frame) throws Exception {
        client.sendText(frame).get(5, TimeUnit.SECONDS);
        JsonNode r = client.nextUnmatched(Duration.ofSeconds(10));
        assertThat(r).as("a response to " + frame).isNotNull();
        assertFiveMembers(r);
        return r;
    }

    private static JsonNode answer(String frame, UUID id) throws Exception {
        JsonNode r = client.requestRaw(frame, id).get(10, TimeUnit.SECONDS);
        assertFiveMembers(r);
        return r;
    }

    private static void assertFiveMembers(JsonNode r) {
        assertThat(r.has("status") && r.has("retcode") && r.has("data") && r.has("message") && r.has("id"))
                .as(r.toString()).isTrue();
        if (r.get("retcode").asInt() != 0) {
            assertThat(r.get("status").asText()).isEqualTo("error");
            assertThat(r.get("data").isNull()).isTrue();
            assertThat(r.get("message").asText()).doesNotEndWith("\n").doesNotContain("\tat ");
        }
    }

    @Test
    void garbageFramesGet10001WithZeroIdAndTheConnectionStaysUsable() throws Exception {
        for (String garbage : new String[] {"not json", "{", "[1,2]", "42", "\"str\"", "null", "{}", "{\"action\":\"ping\"}",
                "{\"action\":\"ping\",\"id\":5}", "{\"action\":\"ping\",\"id\":null}", "{\"action\":\"ping\",\"id\":{}}",
                "{\"id\":\"x\"} trailing", "\u0000\u0001"}) {
            JsonNode r = unmatchedAfter(garbage);
            assertThat(r.get("retcode").asInt()).as(garbage).isEqualTo(10001);
            assertThat(r.get("id").asText()).isEqualTo(ZERO);
            assertThat(r.get("message").asText()).startsWith("Bad Request");
        }
        assertThat(client.call("ping", null).get("time").asLong()).isPositive();
    }

    @Test
    void missingOrIllTypedActionIs10001WithTheRequestId() throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode r = answer("{\"params\":{},\"id\":\"" + id + "\"}", id);
        assertThat(r.get("retcode").asInt()).isEqualTo(10001);
        UUID id2 = UUID.randomUUID();
        assertThat(answer("{\"action\":7,\"params\":{},\"id\":\"" + id2 + "\"}", id2).get("retcode").asInt()).isEqualTo(10001);
    }

    @Test
    void unknownActionIs10002WithTheRequestId() throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode r = answer("{\"action\":\"make_coffee\",\"params\":{},\"id\":\"" + id + "\"}", id);
        assertThat(r.get("retcode").asInt()).isEqualTo(10002);
        assertThat(r.get("message").asText()).startsWith("Unknown Action");
        assertThat(r.get("id").asText()).isEqualTo(id.toString());
        UUID id2 = UUID.randomUUID();
        assertThat(answer("{\"action\":\"Ping\",\"id\":\"" + id2 + "\"}", id2).get("retcode").asInt()).isEqualTo(10002);
    }

    @Test
    void idIsEchoedLowerCaseAndANonUuidIdBecomesZero() throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode r = client.requestRaw("{\"action\":\"ping\",\"params\":{},\"id\":\"" + id.toString().toUpperCase() + "\"}", id)
                .get(10, TimeUnit.SECONDS);
        assertThat(r.get("id").asText()).isEqualTo(id.toString());
        JsonNode z = unmatchedAfter("{\"action\":\"ping\",\"params\":{},\"id\":\"not-a-uuid\"}");
        assertThat(z.get("retcode").asInt()).isZero();
        assertThat(z.get("id").asText()).isEqualTo(ZERO);
        assertThat(z.get("data").get("time").asLong()).isPositive();
    }

    @Test
    void successShape() throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode r = answer("{\"action\":\"ping\",\"params\":{},\"id\":\"" + id + "\"}", id);
        assertThat(r.get("status").asText()).isEqualTo("ok");
        assertThat(r.get("retcode").asInt()).isZero();
        assertThat(r.get("message").asText()).isEqualTo("OK");
        long now = System.currentTimeMillis();
        assertThat(r.get("data").get("time").asLong()).isBetween(now - 60_000, now + 60_000);
    }

    @Test
    void parameterlessActionsAcceptOmittedNullOrAnyParams() throws Exception {
        for (String params : new String[] {"", ",\"params\":null", ",\"params\":{}", ",\"params\":{\"x\":1}"}) {
            UUID id = UUID.randomUUID();
            JsonNode r = answer("{\"action\":\"get_permissions\"" + params + ",\"id\":\"" + id + "\"}", id);
            assertThat(r.get("retcode").asInt()).as(params).isZero();
        }
    }

    @Test
    void missingParamsOrMembersOrWrongTypesAre11001() throws Exception {
        String[] bad = {
            "{\"action\":\"subscribe_event\",\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":null,\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":[],\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":\"daemon_report\",\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":null},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":3},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"no_such_event\"},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"instance_log\",\"meta\":null},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"instance_log\"},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"instance_log\",\"meta\":{}},\"id\":\"%s\"}",
            "{\"action\":\"subscribe_event\",\"params\":{\"type\":\"instance_log\",\"meta\":{\"instance_id\":5}},\"id\":\"%s\"}",
            "{\"action\":\"unsubscribe_event\",\"params\":{\"type\":\"instance_log\",\"meta\":{\"x\":1}},\"id\":\"%s\"}",
        };
        for (String template : bad) {
            UUID id = UUID.randomUUID();
            JsonNode r = answer(String.format(template, id), id);
            assertThat(r.get("retcode").asInt()).as(template).isEqualTo(11001);
            assertThat(r.get("message").asText()).startsWith("Bad Param");
        }
        UUID id = UUID.randomUUID();
        JsonNode r = answer("{\"action\":\"subscribe_event\",\"params\":{\"type\":\"instance_log\",\"meta\":null},\"id\":\"" + id
                + "\"}", id);
        assertThat(r.get("message").asText()).isEqualTo("Bad Param: Event instance_log missing meta");
    }

    @Test
    void permissionIsCheckedBeforeParams() throws Exception {
        MfpClient limited = daemon.connect(daemon.subtoken("mcsl.daemon.file", 60));
        UUID id = UUID.randomUUID();
        JsonNode r = limited.requestRaw("{\"action\":\"get_java_list\",\"params\":[1],\"id\":\"" + id + "\"}", id)
                .get(10, TimeUnit.SECONDS);
        assertThat(r.get("retcode").asInt()).isEqualTo(10003);
        assertThat(r.get("message").asText()).startsWith("Permission Denied");
        // Actions with no permission node stay open to every token.
        assertThat(limited.call("ping", null).has("time")).isTrue();
        assertThat(limited.call("get_permissions", null).get("permissions").get(0).asText()).isEqualTo("mcsl.daemon.file");
    }

    @Test
    void javaListNodeIsGrantedByParentsAndWildcards() {
        for (String grant : new String[] {"mcsl.daemon.java_list", "mcsl.daemon", "mcsl.*", "mcsl.**", "**", "*"}) {
            MfpClient c = daemon.connect(daemon.subtoken(grant, 60));
            assertThat(c.call("get_java_list", null).has("java_list")).as(grant).isTrue();
        }
    }
}
