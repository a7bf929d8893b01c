package dev.mfp.protocol.v2.rpc;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsBinderTest {
    static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";

    /** Like mcsl.backup.list: every member optional. */
    static final RpcObjectType ALL_OPTIONAL = RpcObjectType.of(
            optional("owner_principal", RpcType.STRING.nullable()),
            optional("instance_id", RpcType.UUID.nullable()));

    static final RpcObjectType SIZE = RpcObjectType.of(
            required("columns", RpcType.UINT16),
            required("rows", RpcType.UINT16));

    /** Like settings.update: nullable but required members, nested objects, arrays, maps, json. */
    static final RpcObjectType NESTED = RpcObjectType.of(
            required("instance_id", RpcType.UUID),
            required("session_id", RpcType.UUID.that(n -> !n.textValue().equals(ZERO_UUID), "all-zero uuid")),
            required("java_path", RpcType.STRING.nullable()),
            optional("console_mode", RpcType.enumOf("pipe", "pty")),
            optional("size", SIZE),
            optional("tags", RpcType.arrayOf(RpcType.STRING)),
            optional("env", RpcType.mapOf(RpcType.STRING)),
            optional("items", RpcType.arrayOf(SIZE)),
            optional("rules", RpcType.JSON));

    static RpcRequest request(String params) {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"" + (params == null ? "" : ",\"params\":" + params) + "}";
        return (RpcRequest) RpcRequestParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode bind(RpcObjectType type, String params) {
        return ParamsBinder.bind(type, request(params));
    }

    static void invalid(RpcObjectType type, String params) {
        assertThatThrownBy(() -> bind(type, params)).as(params).isInstanceOf(InvalidParamsException.class);
    }

    static final String VALID = "{\"instance_id\":\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\","
            + "\"session_id\":\"33333333-3333-3333-3333-333333333333\",\"java_path\":null}";

    static String valid(String extra) {
        return VALID.substring(0, VALID.length() - 1) + "," + extra + "}";
    }

    // §5 table, row "empty".
    @Test
    void emptyTypeAcceptsAbsentParams() {
        assertThat(bind(RpcObjectType.EMPTY, null)).isEmpty();
    }

    @Test
    void emptyTypeAcceptsEmptyParams() {
        assertThat(bind(RpcObjectType.EMPTY, "{}")).isEmpty();
    }

    @Test
    void emptyTypeRefusesAnyMember() {
        invalid(RpcObjectType.EMPTY, "{\"a\":1}");
        invalid(RpcObjectType.EMPTY, "{\"a\":null}");
    }

    // §5 table, row "non-empty".
    @Test
    void nonEmptyTypeRefusesAbsentParams() {
        invalid(ALL_OPTIONAL, null);
        invalid(NESTED, null);
    }

    @Test
    void nonEmptyTypeRefusesEmptyParamsEvenWhenEveryMemberIsOptional() {
        invalid(ALL_OPTIONAL, "{}");
    }

    @Test
    void oneMemberIsEnoughForAnAllOptionalType() {
        assertThat(bind(ALL_OPTIONAL, "{\"owner_principal\":null}").toString()).isEqualTo("{\"owner_principal\":null}");
    }

    @Test
    void aValidTreeIsReturnedAsIs() {
        RpcRequest r = request(valid("\"size\":{\"columns\":80,\"rows\":24},\"tags\":[],\"env\":{\"A\":\"b\"},"
                + "\"items\":[{\"columns\":0,\"rows\":65535}],\"console_mode\":\"pty\",\"rules\":[{\"any\":[1,null]}]"));
        assertThat(ParamsBinder.bind(NESTED, r)).isSameAs(r.params());
    }

    // Strict binding rows, at the top and nested.
    @ParameterizedTest
    @ValueSource(strings = {
        "\"unknown\":1",
        "\"size\":{\"columns\":80,\"rows\":24,\"depth\":1}",
        "\"items\":[{\"columns\":1,\"rows\":1,\"x\":null}]",
    })
    void unknownMembersAreRefused(String extra) {
        invalid(NESTED, valid(extra));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"java_path\":\"java\"",
        "\"size\":{\"columns\":80,\"rows\":24,\"rows\":25}",
        "\"env\":{\"A\":\"b\",\"A\":\"c\"}",
        "\"rules\":{\"x\":1,\"x\":1}",
        "\"items\":[{\"columns\":1,\"columns\":1,\"rows\":1}]",
    })
    void duplicateMembersAreRefusedAtAnyDepth(String extra) {
        RpcRequest r = request(valid(extra));
        assertThat(r.paramsDefect()).contains("duplicate member");
        assertThatThrownBy(() -> ParamsBinder.bind(NESTED, r)).isInstanceOf(InvalidParamsException.class);
    }

    @Test
    void missingRequiredMembersAreRefused() {
        invalid(NESTED, "{\"instance_id\":\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\","
                + "\"session_id\":\"33333333-3333-3333-3333-333333333333\"}");
        invalid(NESTED, valid("\"size\":{\"columns\":80}"));
        invalid(NESTED, valid("\"items\":[{}]"));
    }

    @Test
    void anOptionalMemberMayBeOmittedAndANullableOneBeNull() {
        bind(NESTED, VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"console_mode\":null", "\"size\":null", "\"tags\":null", "\"tags\":[null]",
            "\"env\":{\"A\":null}", "\"items\":[null]", "\"size\":{\"columns\":null,\"rows\":1}"})
    void nullForANonNullableMemberIsRefused(String extra) {
        invalid(NESTED, valid(extra));
    }

    @Test
    void aJsonMemberAcceptsNullAndAnything() {
        for (String v : new String[] {"null", "1", "1.5", "\"x\"", "[]", "{\"a\":[{}]}", "true"}) {
            bind(NESTED, valid("\"rules\":" + v));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"size\":{\"columns\":\"80\",\"rows\":24}", "\"size\":{\"columns\":80.0,\"rows\":24}",
            "\"size\":{\"columns\":8e1,\"rows\":24}", "\"size\":{\"columns\":65536,\"rows\":24}",
            "\"size\":{\"columns\":-1,\"rows\":24}", "\"size\":[80,24]", "\"size\":\"80x24\"", "\"tags\":\"a\"",
            "\"tags\":[1]", "\"env\":[]", "\"env\":{\"A\":1}", "\"console_mode\":\"PTY\"",
            "\"console_mode\":\"tty\"", "\"console_mode\":1",
            "\"instance_id\":\"5b7c4f0e2a434d8eb1e09f3a2c6d7e81\""})
    void typeMismatchesAreRefused(String extra) {
        invalid(NESTED, valid(extra));
    }

    @Test
    void typeMismatchOfARequiredMemberIsRefused() {
        invalid(NESTED, VALID.replace("\"java_path\":null", "\"java_path\":false"));
        invalid(NESTED, VALID.replace("\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\"", "\"{5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81}\""));
    }

    @Test
    void dtoInvariantsAreRefused() {
        invalid(NESTED, VALID.replace("33333333-3333-3333-3333-333333333333", ZERO_UUID));
    }

    @Test
    void theMessageNamesThePath() {
        assertThatThrownBy(() -> bind(NESTED, valid("\"items\":[{\"columns\":1,\"rows\":1},{\"columns\":1,\"rows\":-1}]")))
                .hasMessage("params.items[1].rows: out of range for uint16");
        assertThatThrownBy(() -> bind(NESTED, valid("\"other\":1"))).hasMessage("params.other: unknown member");
        assertThatThrownBy(() -> bind(NESTED, VALID.replace("33333333-3333-3333-3333-333333333333", ZERO_UUID)))
                .hasMessage("params.session_id: all-zero uuid");
    }

    @Test
    void aTooLongNumberIsInvalidParams() {
        invalid(NESTED, valid("\"rules\":" + "1".repeat(1001)));
        bind(NESTED, valid("\"rules\":" + "1".repeat(1000)));
    }

    @Test
    void aDuplicateFailsAnEmptyTypeToo() {
        RpcRequest r = request("{\"a\":1,\"a\":1}");
        assertThatThrownBy(() -> ParamsBinder.bind(RpcObjectType.EMPTY, r)).isInstanceOf(InvalidParamsException.class);
    }

    // decisions.md #15: an empty or whitespace plan_hash is -32602, expressed as a field invariant.
    @Test
    void anEmptyPlanHashIsInvalidParams() {
        RpcObjectType confirm = RpcObjectType.of(required("plan_id", RpcType.UUID),
                required("plan_hash", RpcType.STRING.that(n -> !n.textValue().isBlank(), "empty plan_hash")));
        String ok = "{\"plan_id\":\"5b7c4f0e-2a43-4d8e-b1e0-9f3a2c6d7e81\",\"plan_hash\":\"ab\"}";
        bind(confirm, ok);
        invalid(confirm, ok.replace("\"ab\"", "\"\""));
        invalid(confirm, ok.replace("\"ab\"", "\" \\t\""));
    }
}
