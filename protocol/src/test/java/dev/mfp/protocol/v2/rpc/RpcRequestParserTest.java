package dev.mfp.protocol.v2.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpcRequestParserTest {
    static RpcParse parse(String json) {
        return RpcRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static RpcRequest request(String json) {
        RpcParse r = parse(json);
        assertThat(r).as(json).isInstanceOf(RpcRequest.class);
        return (RpcRequest) r;
    }

    static RpcErrorCode failure(String json) {
        RpcParse r = parse(json);
        assertThat(r).as(json).isInstanceOf(RpcParse.Failure.class);
        return ((RpcParse.Failure) r).code();
    }

    static String withId(String idToken) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idToken + ",\"method\":\"mcsl.daemon.ping\"}";
    }

    @Test
    void theSpecExampleRequestParses() {
        RpcRequest r = request("{\"jsonrpc\":\"2.0\",\"id\":\"7d0f1c2e-4b5a-4c1d-9e8f-0a1b2c3d4e5f\","
                + "\"method\":\"mcsl.instance.start\",\"params\":{\"instance_id\":\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\"}}");
        assertThat(r.method()).isEqualTo("mcsl.instance.start");
        assertThat(r.id()).isEqualTo(RpcId.ofString("7d0f1c2e-4b5a-4c1d-9e8f-0a1b2c3d4e5f"));
        assertThat(r.params().get("instance_id").textValue()).isEqualTo("5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81");
        assertThat(r.paramsDefect()).isNull();
        assertThat(r.isNotification()).isFalse();
    }

    @Test
    void memberOrderDoesNotMatterAndOffsetLengthAreHonoured() {
        byte[] framed = ("xx{\"method\":\"a\",\"jsonrpc\":\"2.0\",\"id\":3}yy").getBytes(StandardCharsets.UTF_8);
        RpcParse r = RpcRequestParser.parse(framed, 2, framed.length - 4);
        assertThat(r).isInstanceOf(RpcRequest.class);
        assertThat(((RpcRequest) r).id().json()).isEqualTo("3");
    }

    // §2 test vectors: response id as written.
    @ParameterizedTest
    @ValueSource(strings = {"-0", "9223372036854775807", "0", "-9223372036854775808", "1", "42"})
    void integerIdsAreEchoedTokenForToken(String token) {
        RpcRequest r = request(withId(token));
        assertThat(r.id().isString()).isFalse();
        assertThat(r.id().json()).isEqualTo(token);
        assertThat(RpcResponses.success(r.id(), JsonNodeFactoryHolder.object()))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + token + ",\"result\":{}}");
    }

    @Test
    void stringIdsAreEchoedAsTheSameStringValue() {
        assertThat(request(withId("\"request-id\"")).id().json()).isEqualTo("\"request-id\"");
        assertThat(request(withId("\"\"")).id().value()).isEmpty();
        RpcId escaped = request(withId("\"a\\u0041\\n\\\"\"")).id();
        assertThat(escaped.value()).isEqualTo("aA\n\"");
        assertThat(escaped.json()).isEqualTo("\"aA\\n\\\"\"");
        assertThat(request(withId("\"\\ud800\"")).id().json()).isEqualTo("\"\\uD800\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "true", "false", "{}", "[]", "1.0", "1e0", "-1E+2", "9223372036854775808",
            "-9223372036854775809", "123456789012345678901", "-12345678901234567890123",
            "{\"a\":1}", "[1]", "0.5"})
    void idsOutsideTheProfileAreInvalidRequests(String token) {
        assertThat(failure(withId(token))).isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @Test
    void aVeryLongIntegerIdIsStillAnInvalidRequest() {
        assertThat(failure(withId("9".repeat(5000)))).isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-01", "00", "+1", ".5", "1.", "0x10", "NaN", "Infinity", "-"})
    void invalidJsonNumbersAreParseErrors(String token) {
        assertThat(failure(withId(token))).isEqualTo(RpcErrorCode.PARSE_ERROR);
    }

    @Test
    void aRequestWithoutIdIsANotification() {
        RpcRequest r = request("{\"jsonrpc\":\"2.0\",\"method\":\"mcsl.daemon.ping\"}");
        assertThat(r.isNotification()).isTrue();
        assertThat(r.id()).isNull();
        assertThat(r.params()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t\r ", "{", "{\"jsonrpc\":\"2.0\"", "{\"jsonrpc\":\"2.0\",}",
            "{\"jsonrpc\":'2.0'}", "{jsonrpc:\"2.0\"}", "[", "[1,]", "[1,2", "nul", "\"abc",
            "{\"jsonrpc\":\"2.0\",\"method\":\"a\"} x", "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}{}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"a\"} {\"jsonrpc\":\"2.0\",\"method\":\"a\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"a\"} 1", "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}]",
            "[] []", "1 2", "{} // c", "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"x\":\"\\q\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"x\":\"a\u0001b\"}",
            "\u0000{\"jsonrpc\":\"2.0\",\"method\":\"a\"}", "\uFEFF{\"jsonrpc\":\"2.0\",\"method\":\"a\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"a\":[1,}}"})
    void anythingButExactlyOneJsonValueIsAParseError(String text) {
        assertThat(failure(text)).isEqualTo(RpcErrorCode.PARSE_ERROR);
    }

    @Test
    void trailingWhitespaceIsFine() {
        request("  {\"jsonrpc\":\"2.0\",\"method\":\"a\"} \r\n\t ");
    }

    @Test
    void invalidUtf8IsAParseError() {
        byte[] b = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThat(RpcRequestParser.parse(b).getClass()).isEqualTo(RpcParse.Failure.class);
        assertThat(((RpcParse.Failure) RpcRequestParser.parse(b)).code()).isEqualTo(RpcErrorCode.PARSE_ERROR);
    }

    @Test
    void aSyntaxErrorAfterAProfileViolationIsStillAParseError() {
        assertThat(failure("{\"jsonrpc\":\"1.0\",\"method\":\"a\",\"x\":}")).isEqualTo(RpcErrorCode.PARSE_ERROR);
        assertThat(failure("[{\"jsonrpc\":\"2.0\",\"method\":\"a\"},")).isEqualTo(RpcErrorCode.PARSE_ERROR);
    }

    // §4: a batch gets exactly one -32600.
    @ParameterizedTest
    @ValueSource(strings = {"[]", " [ ] ", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"mcsl.daemon.ping\"}]",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"b\"}]", "[1,2,3]"})
    void batchesAreOneInvalidRequest(String text) {
        RpcParse r = parse(text);
        assertThat(r).isEqualTo(new RpcParse.Failure(RpcErrorCode.INVALID_REQUEST, "batch"));
        assertThat(RpcResponses.failure((RpcParse.Failure) r))
                .startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "null", "true", "-0.5"})
    void aTopLevelScalarIsAnInvalidRequest(String text) {
        assertThat(failure(text)).isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"method\":\"a\"}",
        "{\"jsonrpc\":\"2.0\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"1.0\",\"method\":\"a\"}",
        "{\"jsonrpc\":\"2\",\"method\":\"a\"}",
        "{\"jsonrpc\":\"2.0 \",\"method\":\"a\"}",
        "{\"jsonrpc\":2.0,\"method\":\"a\"}",
        "{\"jsonrpc\":null,\"method\":\"a\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":1}",
        "{\"jsonrpc\":\"2.0\",\"method\":null}",
        "{\"jsonrpc\":\"2.0\",\"method\":[\"a\"]}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"Mcsl.daemon.ping\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"extra\":1}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"Params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"error\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":null}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":[]}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":[1]}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":\"x\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":1}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":true}",
    })
    void profileViolationsAreInvalidRequests(String text) {
        assertThat(failure(text)).isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"jsonrpc\":\"2.0\"", "\"method\":\"b\"", "\"method\":\"a\"", "\"id\":2",
            "\"id\":\"1\"", "\"params\":{}", "\"params\":{\"x\":1}"})
    void aDuplicateTopLevelMemberIsAnInvalidRequest(String again) {
        assertThat(failure("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{}," + again + "}"))
                .isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    // decisions.md #2: an invalid method name is a profile failure, even without an id.
    @Test
    void anInvalidMethodNameIsAnInvalidRequestEvenForANotification() {
        assertThat(failure("{\"jsonrpc\":\"2.0\",\"method\":\"MCSL.x\"}")).isEqualTo(RpcErrorCode.INVALID_REQUEST);
        assertThat(failure("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"a..b\"}")).isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @Test
    void aWellFormedUnknownMethodPassesTheParser() {
        assertThat(request(withId("1").replace("mcsl.daemon.ping", "no.such.method")).method())
                .isEqualTo("no.such.method");
    }

    @Test
    void absentAndEmptyParamsAreDistinguished() {
        assertThat(request("{\"jsonrpc\":\"2.0\",\"method\":\"a\"}").params()).isNull();
        assertThat(request("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{}}").params()).isEmpty();
    }

    @Test
    void aDuplicateInsideParamsIsRecordedNotFailed() {
        RpcRequest top = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{\"x\":1,\"x\":2}}");
        assertThat(top.paramsDefect()).isEqualTo("params.x: duplicate member");
        RpcRequest deep = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":"
                + "{\"a\":[{\"b\":{\"c\":null,\"c\":null}}]}}");
        assertThat(deep.paramsDefect()).isEqualTo("params.a[0].b.c: duplicate member");
        assertThat(request("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"a\":{\"x\":1},\"b\":{\"x\":1}}}")
                .paramsDefect()).isNull();
    }

    @Test
    void paramsNumbersKeepTheirLexicalClass() {
        JsonNode p = request("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"i\":1,\"l\":9223372036854775807,"
                + "\"b\":18446744073709551615,\"f\":1.0,\"e\":1e2,\"z\":-0,\"s\":\"1\",\"n\":null,\"t\":true,"
                + "\"a\":[1,\"x\",{}]}}").params();
        assertThat(p.get("i")).isInstanceOf(IntNode.class);
        assertThat(p.get("l")).isInstanceOf(LongNode.class);
        assertThat(p.get("b")).isInstanceOf(BigIntegerNode.class);
        assertThat(p.get("f")).isInstanceOf(DecimalNode.class);
        assertThat(p.get("f").isIntegralNumber()).isFalse();
        assertThat(p.get("f").toString()).isEqualTo("1.0");
        assertThat(p.get("e")).isInstanceOf(DecimalNode.class);
        assertThat(p.get("z").intValue()).isZero();
        assertThat(p.get("s").isTextual()).isTrue();
        assertThat(p.get("n").isNull()).isTrue();
        assertThat(p.get("t").booleanValue()).isTrue();
        assertThat(p.get("a").toString()).isEqualTo("[1,\"x\",{}]");
    }

    @Test
    void anAbsurdlyLongNumberInParamsIsADefectNotAParseError() {
        long start = System.nanoTime();
        RpcRequest r = request("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"n\":" + "7".repeat(2_000_000) + "}}");
        assertThat(r.paramsDefect()).startsWith("params.n: number literal longer than");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void longNamesAndStringsAreNotParseErrors() {
        String longName = "n".repeat(100_000);
        RpcRequest r = request("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"" + longName + "\":\""
                + "s".repeat(100_000) + "\"}}");
        assertThat(r.params().get(longName).textValue()).hasSize(100_000);
        assertThat(failure("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"" + longName + "\":1}"))
                .isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @Test
    void deepNestingInsideParamsIsFineUpToJacksonsDepthLimitAndAParseErrorBeyond() {
        String deep = "[".repeat(900) + "]".repeat(900);
        assertThat(request("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"d\":" + deep + "}}").paramsDefect()).isNull();
        String tooDeep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(failure("{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":{\"d\":" + tooDeep + "}}"))
                .isEqualTo(RpcErrorCode.PARSE_ERROR);
    }
}
