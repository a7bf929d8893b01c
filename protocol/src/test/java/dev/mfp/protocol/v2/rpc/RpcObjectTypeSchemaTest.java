package dev.mfp.protocol.v2.rpc;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RpcObjectTypeSchemaTest {
    @Test
    void anEmptyRequestType() {
        assertThat(RpcObjectType.EMPTY.toJsonSchema("mcsl.schema.rpc.discover.request").toString())
                .isEqualTo("{\"$id\":\"mcsl.schema.rpc.discover.request\",\"type\":\"object\",\"properties\":{},"
                        + "\"required\":[],\"additionalProperties\":false}");
    }

    @Test
    void propertiesRequiredAndNullables() {
        RpcObjectType inner = RpcObjectType.of(required("columns", RpcType.UINT16));
        RpcObjectType t = RpcObjectType.of(
                required("instance_id", RpcType.UUID),
                required("java_path", RpcType.STRING.nullable()),
                optional("mode", RpcType.enumOf("pipe", "pty").nullable()),
                optional("size", inner.nullable()),
                optional("rules", RpcType.JSON),
                optional("tags", RpcType.arrayOf(RpcType.INT64)),
                optional("env", RpcType.mapOf(RpcType.DATE_TIME)),
                optional("timeout", RpcType.DURATION),
                optional("ratio", RpcType.DOUBLE.that(n -> true, "any")),
                optional("flag", RpcType.BOOL),
                optional("n", RpcType.UINT64));
        assertThat(t.toJsonSchema("mcsl.schema.x.request").toString()).isEqualTo("{\"$id\":\"mcsl.schema.x.request\","
                + "\"type\":\"object\",\"properties\":{"
                + "\"instance_id\":{\"type\":\"string\",\"format\":\"uuid\"},"
                + "\"java_path\":{\"type\":[\"string\",\"null\"]},"
                + "\"mode\":{\"type\":[\"string\",\"null\"],\"enum\":[\"pipe\",\"pty\",null]},"
                + "\"size\":{\"type\":[\"object\",\"null\"],\"properties\":{\"columns\":{\"type\":\"integer\","
                + "\"format\":\"uint16\",\"minimum\":0,\"maximum\":65535}},\"required\":[\"columns\"],"
                + "\"additionalProperties\":false},"
                + "\"rules\":{},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"format\":\"int64\"}},"
                + "\"env\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\",\"format\":\"date-time\"}},"
                + "\"timeout\":{\"type\":\"string\",\"pattern\":\"^-?(\\\\d+\\\\.)?\\\\d{2}:\\\\d{2}:\\\\d{2}(\\\\.\\\\d{1,7})?$\"},"
                + "\"ratio\":{\"type\":\"number\",\"format\":\"double\"},"
                + "\"flag\":{\"type\":\"boolean\"},"
                + "\"n\":{\"type\":\"integer\",\"format\":\"uint64\",\"minimum\":0}},"
                + "\"required\":[\"instance_id\",\"java_path\"],\"additionalProperties\":false}");
    }

    @Test
    void fieldsKeepDeclarationOrderAndNamesAreUnique() {
        RpcObjectType t = RpcObjectType.of(required("b", RpcType.STRING), optional("a", RpcType.STRING));
        assertThat(t.fields()).extracting(RpcField::name).containsExactly("b", "a");
        assertThat(t.field("a").required()).isFalse();
        assertThat(t.isEmpty()).isFalse();
        assertThatThrownBy(() -> RpcObjectType.of(required("a", RpcType.STRING), optional("a", RpcType.INT32)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullableIsIdempotent() {
        RpcType n = RpcType.STRING.nullable();
        assertThat(n.nullable()).isSameAs(n);
        assertThat(RpcType.nullable(n)).isSameAs(n);
        assertThat(n.isNullable()).isTrue();
        assertThat(RpcType.JSON.isNullable()).isFalse();
    }
}
