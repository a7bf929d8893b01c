package dev.mfp.daemon.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.MainClient;
import dev.mfp.daemon.support.TestDaemon;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** errors.md §2–4 and transport.md §6 on the wire. */
@DaemonTest
class ErrorsConformanceTest {
    static final String ZERO = "00000000-0000-0000-0000-000000000000";
    /** errors.md §1: code → the exact English name used as the message prefix. */
    static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(10001, "Bad Request"),
            Map.entry(10002, "Unknown Action"), Map.entry(10003, "Permission Denied"),
            Map.entry(10004, "Action Unavailable"), Map.entry(10005, "Rate Limit Exceeded"),
            Map.entry(11001, "Bad Param"), Map.entry(11002, "Bad Format"), Map.entry(20001, "Unexpected Error"),
            Map.entry(21001, "File Not Found"), Map.entry(21002, "File Already Exists"), Map.entry(21003, "File In Use"),
            Map.entry(21004, "It's A Directory"), Map.entry(21005, "It's A File"),
            Map.entry(21006, "File Access Failed"), Map.entry(21007, "Disk Full"),
            Map.entry(21101, "Already Uploading"), Map.entry(21102, "Not Uploading"), Map.entry(21103, "File Too Big"),
            Map.entry(21104, "Already Downloading"), Map.entry(21105, "Not Downloading"),
            Map.entry(30001, "Instance Not Found"), Map.entry(30002, "Instance Already Exists"),
            Map.entry(30003, "Bad Instance State"), Map.entry(30004, "Bad Instance Type"),
            Map.entry(60001, "Installation Error"), Map.entry(60002, "Process Error"),
            Map.entry(60003, "Upload Verification Failed"));

    private static TestDaemon daemon;
    @MainClient
    private static MfpClient client;

    /** errors.md §2–3: the five members, data null, "<Name>" or "<Name>: <detail>", no trailing newline. */
    static void assertErrorShape(JsonNode r, int code) {
        assertThat(r.size()).as(r.toString()).isEqualTo(5);
        assertThat(r.get("status").asText()).isEqualTo("error");
        assertThat(r.get("retcode").isInt()).isTrue();
        assertThat(r.get("retcode").asInt()).as(r.toString()).isEqualTo(code);
        assertThat(r.get("data").isNull()).as(r.toString()).isTrue();
        String name = NAMES.get(code);
        String message = r.get("message").asText();
        assertThat(message.equals(name) || message.startsWith(name + ": ")).as(message).isTrue();
        assertThat(message).doesNotEndWith("\n").doesNotEndWith("\r").doesNotContain("\tat ");
        assertThat(message.equals(name + ": " + name)).isFalse();
        assertThat(r.get("id").isTextual()).isTrue();
    }

    private static JsonNode send(String frameWithId) throws Exception {
        UUID id = UUID.randomUUID();
        JsonNode r = client.requestRaw(frameWithId.replace("$ID", id.toString()), id).get(10, TimeUnit.SECONDS);
        assertThat(r.get("id").asText()).isEqualTo(id.toString());
        return r;
    }

    @Test
    void s2_successEnvelope() throws Exception {
        JsonNode r = send("{\"action\":\"subscribe_event\",\"params\":{\"type\":\"daemon_report\",\"meta\":null},\"id\":\"$ID\"}");
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.get("status").asText()).isEqualTo("ok");
        assertThat(r.get("retcode").asInt()).isZero();
        assertThat(r.get("message").asText()).isEqualTo("OK");
        assertThat(r.get("data").isObject() && r.get("data").isEmpty()).as("empty result is {}").isTrue();
        send("{\"action\":\"unsubscribe_event\",\"params\":{\"type\":\"daemon_report\",\"meta\":null},\"id\":\"$ID\"}");
    }

    @Test
    void s3_messagesNeverEndWithANewlineEvenWhenTheDetailComesFromTheClient() throws Exception {
        assertErrorShape(send("{\"action\":\"no_such_action\\n\",\"params\":{},\"id\":\"$ID\"}"), 10002);
        assertErrorShape(send("{\"action\":\"no_such_action\\r\\n\",\"params\":{},\"id\":\"$ID\"}"), 10002);
        assertErrorShape(send("{\"action\":\"no_such_action \",\"params\":{},\"id\":\"$ID\"}"), 10002);
        assertErrorShape(send("{\"action\":\"get_file_info\",\"params\":{\"path\":\"nope\\n\"},\"id\":\"$ID\"}"), 21001);
    }

    @Test
    void s4_codesAndCheckOrder() throws Exception {
        // unparsable / no id → 10001 with the zero id
        for (String garbage : new String[] {"{", "[]", "{\"action\":\"ping\"}", "{\"action\":\"ping\",\"id\":1}"}) {
            client.sendText(garbage).get(5, TimeUnit.SECONDS);
            JsonNode r = client.nextUnmatched(Duration.ofSeconds(10));
            assertErrorShape(r, 10001);
            assertThat(r.get("id").asText()).isEqualTo(ZERO);
        }
        // an id that is a string but not a UUID → executed, answered with the zero id
        client.sendText("{\"action\":\"ping\",\"params\":{},\"id\":\"not-a-uuid\"}").get(5, TimeUnit.SECONDS);
        JsonNode zero = client.nextUnmatched(Duration.ofSeconds(10));
        assertThat(zero.get("retcode").asInt()).isZero();
        assertThat(zero.get("id").asText()).isEqualTo(ZERO);
        // action missing / not a string → 10001; unknown name → 10002 with the request id
        assertErrorShape(send("{\"params\":{},\"id\":\"$ID\"}"), 10001);
        assertErrorShape(send("{\"action\":[],\"params\":{},\"id\":\"$ID\"}"), 10001);
        assertErrorShape(send("{\"action\":\"create_dir\",\"params\":{},\"id\":\"$ID\"}"), 10002);
        // params: missing/null/not an object/missing member/wrong type → 11001; bad value → 11002
        assertErrorShape(send("{\"action\":\"get_file_info\",\"id\":\"$ID\"}"), 11001);
        assertErrorShape(send("{\"action\":\"get_file_info\",\"params\":null,\"id\":\"$ID\"}"), 11001);
        assertErrorShape(send("{\"action\":\"get_file_info\",\"params\":{},\"id\":\"$ID\"}"), 11001);
        assertErrorShape(send("{\"action\":\"get_file_info\",\"params\":{\"path\":7},\"id\":\"$ID\"}"), 11001);
        assertErrorShape(send("{\"action\":\"subscribe_event\",\"params\":{\"type\":\"no_event\",\"meta\":null},\"id\":\"$ID\"}"), 11001);
        assertErrorShape(send("{\"action\":\"file_upload_request\",\"params\":{\"size\":-1},\"id\":\"$ID\"}"), 11002);
        // unknown members are ignored
        assertThat(send("{\"action\":\"ping\",\"params\":{},\"id\":\"$ID\",\"extra\":1}").get("retcode").asInt()).isZero();

        // permission (10003) comes after the action check (10002) and before params (11001)
        MfpClient weak = daemon.connect(daemon.subtoken("mcsl.daemon.java_list", 60));
        UUID id = UUID.randomUUID();
        JsonNode denied = weak.requestRaw("{\"action\":\"get_file_info\",\"id\":\"" + id + "\"}", id).get(10, TimeUnit.SECONDS);
        assertErrorShape(denied, 10003);
        id = UUID.randomUUID();
        JsonNode unknown = weak.requestRaw("{\"action\":\"nope\",\"id\":\"" + id + "\"}", id).get(10, TimeUnit.SECONDS);
        assertErrorShape(unknown, 10002);
    }
}
