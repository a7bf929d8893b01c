package dev.mfp.protocol.v2.rpc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type of rpc.md §6 with values it accepts and refuses, read through the request parser. */
class RpcTypeTest {
    static JsonNode node(String json) {
        RpcRequest r = (RpcRequest) RpcRequestParser.parse(("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"v\":"
                + json + "}}").getBytes(StandardCharsets.UTF_8));
        return r.params().get("v");
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(RpcType.STRING, "\"\""),
                Arguments.of(RpcType.STRING, "\"x\\u00e9\""),
                Arguments.of(RpcType.BOOL, "true"),
                Arguments.of(RpcType.BOOL, "false"),
                Arguments.of(RpcType.INT32, "0"),
                Arguments.of(RpcType.INT32, "-0"),
                Arguments.of(RpcType.INT32, "2147483647"),
                Arguments.of(RpcType.INT32, "-2147483648"),
                Arguments.of(RpcType.INT64, "9223372036854775807"),
                Arguments.of(RpcType.INT64, "-9223372036854775808"),
                Arguments.of(RpcType.UINT16, "0"),
                Arguments.of(RpcType.UINT16, "65535"),
                Arguments.of(RpcType.UINT64, "0"),
                Arguments.of(RpcType.UINT64, "18446744073709551615"),
                Arguments.of(RpcType.DOUBLE, "1.5"),
                Arguments.of(RpcType.DOUBLE, "1"),
                Arguments.of(RpcType.DOUBLE, "-2.5e-3"),
                Arguments.of(RpcType.DOUBLE, "1e308"),
                Arguments.of(RpcType.UUID, "\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\""),
                Arguments.of(RpcType.UUID, "\"5B7C4F0E-2A43-4D8E-B1E0-9F3A2C6D7E81\""),
                Arguments.of(RpcType.UUID, "\"00000000-0000-0000-0000-000000000000\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13.5+00:00\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13+00:00\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13Z\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08t13:24:13.123456789z\""),
                Arguments.of(RpcType.DATE_TIME, "\"2024-02-29T23:59:59-05:30\""),
                Arguments.of(RpcType.DURATION, "\"00:15:00\""),
                Arguments.of(RpcType.DURATION, "\"1.00:00:00\""),
                Arguments.of(RpcType.DURATION, "\"-00:00:01.5\""),
                Arguments.of(RpcType.DURATION, "\"23:59:59.9999999\""),
                Arguments.of(RpcType.enumOf("pipe", "pty"), "\"pipe\""),
                Arguments.of(RpcType.JSON, "null"),
                Arguments.of(RpcType.JSON, "{\"a\":[1,2.5,\"x\",null]}"),
                Arguments.of(RpcType.arrayOf(RpcType.INT32), "[]"),
                Arguments.of(RpcType.arrayOf(RpcType.INT32), "[1,2,3]"),
                Arguments.of(RpcType.arrayOf(RpcType.INT32.nullable()), "[1,null]"),
                Arguments.of(RpcType.mapOf(RpcType.BOOL), "{}"),
                Arguments.of(RpcType.mapOf(RpcType.BOOL), "{\"a\":true,\"b\":false}"),
                Arguments.of(RpcType.STRING.nullable(), "null"),
                Arguments.of(RpcType.STRING.nullable(), "\"s\""),
                Arguments.of(RpcObjectType.of(RpcField.optional("a", RpcType.INT32)), "{}"),
                Arguments.of(RpcType.INT32.that(n -> n.intValue() > 0, "positive").nullable(), "null"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(RpcType.STRING, "1"),
                Arguments.of(RpcType.STRING, "null"),
                Arguments.of(RpcType.STRING, "[\"a\"]"),
                Arguments.of(RpcType.BOOL, "\"true\""),
                Arguments.of(RpcType.BOOL, "1"),
                Arguments.of(RpcType.BOOL, "0"),
                Arguments.of(RpcType.INT32, "\"1\""),
                Arguments.of(RpcType.INT32, "1.0"),
                Arguments.of(RpcType.INT32, "1e0"),
                Arguments.of(RpcType.INT32, "2147483648"),
                Arguments.of(RpcType.INT32, "-2147483649"),
                Arguments.of(RpcType.INT32, "true"),
                Arguments.of(RpcType.INT64, "9223372036854775808"),
                Arguments.of(RpcType.INT64, "-9223372036854775809"),
                Arguments.of(RpcType.INT64, "0.0"),
                Arguments.of(RpcType.UINT16, "65536"),
                Arguments.of(RpcType.UINT16, "-1"),
                Arguments.of(RpcType.UINT64, "-1"),
                Arguments.of(RpcType.UINT64, "18446744073709551616"),
                Arguments.of(RpcType.UINT64, "1.5"),
                Arguments.of(RpcType.DOUBLE, "\"1.5\""),
                Arguments.of(RpcType.DOUBLE, "1e309"),
                Arguments.of(RpcType.DOUBLE, "-1e999999999"),
                Arguments.of(RpcType.DOUBLE, "true"),
                Arguments.of(RpcType.UUID, "\"5b7c4f0e2a434d8eb1e09f3a2c6d7e81\""),
                Arguments.of(RpcType.UUID, "\"{5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81}\""),
                Arguments.of(RpcType.UUID, "\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e8\""),
                Arguments.of(RpcType.UUID, "\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e8g\""),
                Arguments.of(RpcType.UUID, "\"5b7c4f0e_2a43-4d8e-b1e0-9f3a2c6d7e81\""),
                Arguments.of(RpcType.UUID, "1"),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08 13:24:13Z\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-02-30T00:00:00Z\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T24:00:00Z\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13.Z\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13+0000\""),
                Arguments.of(RpcType.DATE_TIME, "\"2026-08-08T13:24:13+00:60\""),
                Arguments.of(RpcType.DATE_TIME, "1786195453"),
                Arguments.of(RpcType.DURATION, "\"15:00\""),
                Arguments.of(RpcType.DURATION, "\"0:15:00\""),
                Arguments.of(RpcType.DURATION, "\"00:15:00.12345678\""),
                Arguments.of(RpcType.DURATION, "\"PT15M\""),
                Arguments.of(RpcType.DURATION, "\"24:00:00\""),
                Arguments.of(RpcType.DURATION, "\"00:60:00\""),
                Arguments.of(RpcType.DURATION, "\"1:00:00:00\""),
                Arguments.of(RpcType.DURATION, "900"),
                Arguments.of(RpcType.enumOf("pipe", "pty"), "\"Pipe\""),
                Arguments.of(RpcType.enumOf("pipe", "pty"), "\"\""),
                Arguments.of(RpcType.enumOf("pipe", "pty"), "0"),
                Arguments.of(RpcType.arrayOf(RpcType.INT32), "[null]"),
                Arguments.of(RpcType.arrayOf(RpcType.INT32), "{}"),
                Arguments.of(RpcType.arrayOf(RpcType.INT32), "[1,\"2\"]"),
                Arguments.of(RpcType.mapOf(RpcType.BOOL), "{\"a\":null}"),
                Arguments.of(RpcType.mapOf(RpcType.BOOL), "[]"),
                Arguments.of(RpcType.mapOf(RpcType.BOOL), "{\"a\":\"true\"}"),
                Arguments.of(RpcType.STRING.nullable(), "1"),
                Arguments.of(RpcObjectType.of(RpcField.required("a", RpcType.INT32)), "{}"),
                Arguments.of(RpcObjectType.of(RpcField.required("a", RpcType.INT32)), "{\"a\":1,\"b\":2}"),
                Arguments.of(RpcObjectType.of(RpcField.required("a", RpcType.INT32)), "null"),
                Arguments.of(RpcType.INT32.that(n -> n.intValue() > 0, "positive"), "0"));
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @MethodSource
    void accepted(RpcType type, String json) {
        assertThatCode(() -> type.validate(node(json))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource
    void refused(RpcType type, String json) {
        assertThatThrownBy(() -> type.validate(node(json))).isInstanceOf(InvalidParamsException.class);
    }
}
