package dev.mfp.protocol.v2.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RpcResponsesTest {
    static final String CID = "3f1c9a0e5b7d4c2e8a6f0b1d2c3e4f5a";

    static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void theSuccessExampleOfSection71() {
        assertThat(RpcResponses.success(RpcId.ofLong(1), obj())).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
    }

    @Test
    void theErrorExampleOfSection72ByteForByte() {
        ErrorData data = ErrorData.domain("instance.not_found", DaemonErrorKind.NOT_FOUND)
                .correlationId(CID)
                .executionOwner(ErrorData.DAEMON_OWNER_ID, "1.0.0.0");
        assertThat(RpcResponses.error(RpcId.ofLong(1), data)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":"
                + "{\"code\":-32000,\"message\":\"Daemon error\",\"data\":{\"daemon_error_code\":\"instance.not_found\","
                + "\"daemon_error_kind\":\"not_found\",\"correlation_id\":\"3f1c9a0e5b7d4c2e8a6f0b1d2c3e4f5a\","
                + "\"execution_owner\":{\"id\":\"mcsl.daemon\",\"version\":\"1.0.0.0\"}}}}");
    }

    @Test
    void memberOrderOfEveryErrorResponse() throws Exception {
        for (RpcErrorCode code : RpcErrorCode.values()) {
            String text = RpcResponses.error(RpcId.ofString("x"), sample(code));
            JsonNode tree = new ObjectMapper().readTree(text);
            assertThat(names(tree)).as(text).containsExactly("jsonrpc", "id", "error");
            assertThat(names(tree.get("error"))).containsExactly("code", "message", "data");
            assertThat(tree.get("error").get("code").intValue()).isEqualTo(code.code());
            assertThat(tree.get("error").get("message").textValue()).isEqualTo(code.message());
            assertThat(tree.get("error").get("data").get("correlation_id").textValue()).matches("[0-9a-f]{32}");
        }
    }

    static ErrorData sample(RpcErrorCode code) {
        ErrorData d = ErrorData.of(code);
        switch (code) {
            case PARSE_ERROR:
            case INVALID_REQUEST:
            case METHOD_NOT_FOUND:
                return d;
            case DAEMON_ERROR:
                d.kind(DaemonErrorKind.CONFLICT).daemonErrorCode("instance.running");
                break;
            case PERMISSION_DENIED:
                d.daemonErrorCode("permission.denied");
                break;
            case PLUGIN_ERROR:
                d.daemonErrorCode("plugin.failed").originPlugin("p", "1");
                break;
            default:
                break;
        }
        return d.executionOwner(ErrorData.DAEMON_OWNER_ID, "1.0.0.0");
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void fixedMessagesAndDefaultKinds() {
        assertThat(RpcErrorCode.values()).extracting(RpcErrorCode::code)
                .containsExactly(-32700, -32600, -32601, -32602, -32603, -32000, -32001, -32005);
        assertThat(RpcErrorCode.values()).extracting(RpcErrorCode::message).containsExactly("Parse error",
                "Invalid Request", "Method not found", "Invalid params", "Internal error", "Daemon error",
                "Permission denied", "Plugin error");
        assertThat(RpcErrorCode.values()).extracting(RpcErrorCode::defaultKind).containsExactly(
                DaemonErrorKind.VALIDATION, DaemonErrorKind.VALIDATION, DaemonErrorKind.NOT_FOUND,
                DaemonErrorKind.VALIDATION, DaemonErrorKind.INTERNAL, null, DaemonErrorKind.PERMISSION,
                DaemonErrorKind.INTERNAL);
        assertThat(RpcErrorCode.byCode(-32601)).contains(RpcErrorCode.METHOD_NOT_FOUND);
        assertThat(RpcErrorCode.byCode(1)).isEmpty();
        assertThat(RpcErrorCode.forDomainKind(DaemonErrorKind.PERMISSION)).isEqualTo(RpcErrorCode.PERMISSION_DENIED);
        assertThat(RpcErrorCode.forDomainKind(DaemonErrorKind.STORAGE)).isEqualTo(RpcErrorCode.DAEMON_ERROR);
        assertThat(DaemonErrorKind.values()).extracting(DaemonErrorKind::wire).containsExactly("validation",
                "not_found", "conflict", "permission", "storage", "transport", "internal");
    }

    @Test
    void parseAndProfileFailuresAreAnsweredWithNullIdAndNoOwner() throws Exception {
        RpcParse.Failure f = (RpcParse.Failure) RpcRequestParser.parse("01".getBytes());
        String text = RpcResponses.failure(f);
        assertThat(text).matches("\\{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":\\{\"code\":-32700,\"message\":"
                + "\"Parse error\",\"data\":\\{\"daemon_error_kind\":\"validation\",\"correlation_id\":\"[0-9a-f]{32}\"}}}");
        assertThat(RpcResponses.error(null, ErrorData.of(RpcErrorCode.METHOD_NOT_FOUND).correlationId(CID)))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\","
                        + "\"data\":{\"daemon_error_kind\":\"not_found\",\"correlation_id\":\"" + CID + "\"}}}");
    }

    @Test
    void invalidParamsCarriesTheOwnerButNoCode() {
        assertThat(RpcResponses.error(RpcId.ofIntegerLiteral("-0"), ErrorData.of(RpcErrorCode.INVALID_PARAMS)
                .correlationId(CID).executionOwner("mcsl.daemon", "2.1.0")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":-0,\"error\":{\"code\":-32602,\"message\":\"Invalid params\","
                        + "\"data\":{\"daemon_error_kind\":\"validation\",\"correlation_id\":\"" + CID + "\","
                        + "\"execution_owner\":{\"id\":\"mcsl.daemon\",\"version\":\"2.1.0\"}}}}");
    }

    @Test
    void aPermissionDomainErrorIs32001AndDetailsAreWrittenWhenGiven() {
        ErrorData d = ErrorData.domain("plan.forbidden", DaemonErrorKind.PERMISSION).correlationId(CID)
                .executionOwner("mcsl.daemon", "1").details(obj().put("k", 1));
        assertThat(d.code()).isEqualTo(RpcErrorCode.PERMISSION_DENIED);
        assertThat(RpcResponses.errorObject(d).toString()).isEqualTo("{\"code\":-32001,\"message\":\"Permission denied\","
                + "\"data\":{\"daemon_error_code\":\"plan.forbidden\",\"daemon_error_kind\":\"permission\","
                + "\"correlation_id\":\"" + CID + "\",\"details\":{\"k\":1},\"execution_owner\":{\"id\":\"mcsl.daemon\","
                + "\"version\":\"1\"}}}");
        assertThat(ErrorData.of(RpcErrorCode.INTERNAL_ERROR).details(null).executionOwner("a", "b").toJson().has("details"))
                .isFalse();
    }

    @Test
    void section74PresenceRulesAreEnforced() {
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.INVALID_PARAMS).toJson()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.INVALID_PARAMS).daemonErrorCode("x").executionOwner("a", "b")
                .toJson()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.INVALID_REQUEST).executionOwner("a", "b").toJson())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.DAEMON_ERROR).daemonErrorCode("x").executionOwner("a", "b")
                .toJson()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.DAEMON_ERROR).kind(DaemonErrorKind.PERMISSION)
                .daemonErrorCode("x").executionOwner("a", "b").toJson()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.PARSE_ERROR).kind(DaemonErrorKind.INTERNAL).toJson())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.PERMISSION_DENIED).executionOwner("a", "b").toJson())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.PLUGIN_ERROR).daemonErrorCode("x").executionOwner("a", "b")
                .toJson()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sample(RpcErrorCode.INTERNAL_ERROR).originPlugin("p", "1").toJson())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.INTERNAL_ERROR).executionOwner("", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorData.of(RpcErrorCode.INTERNAL_ERROR).correlationId("3F1C9A0E5B7D4C2E8A6F0B1D2C3E4F5A"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPluginErrorNamesItsOrigin() {
        assertThat(RpcResponses.errorObject(sample(RpcErrorCode.PLUGIN_ERROR).correlationId(CID)).toString())
                .isEqualTo("{\"code\":-32005,\"message\":\"Plugin error\",\"data\":{\"daemon_error_code\":\"plugin.failed\","
                        + "\"daemon_error_kind\":\"internal\",\"correlation_id\":\"" + CID + "\",\"origin_plugin\":"
                        + "{\"id\":\"p\",\"version\":\"1\"},\"execution_owner\":{\"id\":\"mcsl.daemon\",\"version\":\"1.0.0.0\"}}}");
    }

    @Test
    void correlationIdsAreFreshLowerCaseHex() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = ErrorData.of(RpcErrorCode.PARSE_ERROR).correlationId();
            assertThat(id).matches("[0-9a-f]{32}");
            ids.add(id);
        }
        assertThat(ids).hasSize(100);
    }

    @Test
    void notificationsHaveNoId() {
        ObjectNode params = obj().put("session_id", "33333333-3333-3333-3333-333333333333").put("offset", 16)
                .put("length", 4).put("status", "accepted");
        assertThat(RpcResponses.notification("mcsl.file.upload.ack", params)).isEqualTo("{\"jsonrpc\":\"2.0\","
                + "\"method\":\"mcsl.file.upload.ack\",\"params\":{\"session_id\":\"33333333-3333-3333-3333-333333333333\","
                + "\"offset\":16,\"length\":4,\"status\":\"accepted\"}}");
        assertThat(RpcResponses.notification("a.b", null)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"a.b\"}");
        assertThatThrownBy(() -> RpcResponses.notification("A", obj())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpcResponses.notification("a", JsonNodeFactory.instance.textNode("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultsAreObjectsAndTheOutputIsAscii() {
        ObjectNode r = obj().put("log", "é\u2603\ud83d\ude00").put("n", 1.5);
        assertThat(RpcResponses.success(RpcId.ofString("ü"), r)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"\\u00FC\","
                + "\"result\":{\"log\":\"\\u00E9\\u2603\\uD83D\\uDE00\",\"n\":1.5}}");
        assertThat(RpcResponses.successRaw(RpcId.ofLong(7), "{\"openrpc\":\"1.3.2\"}"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"openrpc\":\"1.3.2\"}}");
        assertThatThrownBy(() -> RpcResponses.successRaw(RpcId.ofLong(7), "null")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rpcIdProfile() {
        assertThat(RpcId.ofIntegerLiteral("-9223372036854775808").json()).isEqualTo("-9223372036854775808");
        for (String bad : new String[] {"01", "-", "", "1.0", "9223372036854775808", "+1", " 1", "-00"}) {
            assertThatThrownBy(() -> RpcId.ofIntegerLiteral(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(RpcId.ofIntegerLiteral("-0")).isNotEqualTo(RpcId.ofLong(0)).isNotEqualTo(RpcId.ofString("-0"));
        assertThat(RpcId.ofLong(5)).isEqualTo(RpcId.ofIntegerLiteral("5")).hasSameHashCodeAs(RpcId.ofIntegerLiteral("5"));
    }
}
