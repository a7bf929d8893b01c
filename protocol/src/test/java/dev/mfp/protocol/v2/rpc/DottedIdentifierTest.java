package dev.mfp.protocol.v2.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DottedIdentifierTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "rpc.discover", "mcsl.daemon.ping", "mcsl.instance.event-rules.update",
            "a_b.c-d", "1a.2b", "a1-b2_c3", "x.y.z.w", "9", "a-b-c", "a__b", "a--b"})
    void validNames(String name) {
        assertThat(DottedIdentifier.isValid(name)).isTrue();
        assertThat(RpcRequestParser.parse(("{\"jsonrpc\":\"2.0\",\"method\":\"" + name + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).isInstanceOf(RpcRequest.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "A", "Mcsl.daemon", "mcsl.Daemon", "a b", " a", "a ",
            "-a", "_a", "a-", "a_", "a-.b", "a_.b", "a.-b", "a._b", "a.b-", "a.b_", "a/b", "a:b", "ä", "a\u0000",
            "mcsl.daemon.ping\n", "a.b.", "a\tb"})
    void invalidNames(String name) {
        assertThat(DottedIdentifier.isValid(name)).isFalse();
        RpcParse r = RpcRequestParser.parse(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":" + RpcId.ofString(name).json() + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(RpcParse.Failure.class);
        assertThat(((RpcParse.Failure) r).code()).isEqualTo(RpcErrorCode.INVALID_REQUEST);
    }

    @org.junit.jupiter.api.Test
    void nullIsInvalid() {
        assertThat(DottedIdentifier.isValid(null)).isFalse();
    }
}
