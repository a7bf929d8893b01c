package dev.mfp.protocol.v2.rpc;

import java.util.Objects;

/** The outcome of {@link RpcRequestParser#parse}: a request that passed both stages, or a failure. */
public sealed interface RpcParse permits RpcRequest, RpcParse.Failure {

    /**
     * Stage 1 ({@link RpcErrorCode#PARSE_ERROR}) or stage 2 ({@link RpcErrorCode#INVALID_REQUEST}) failed;
     * it is answered with {@code id: null} and nothing is executed. The reason is for logs only.
     */
    record Failure(RpcErrorCode code, String reason) implements RpcParse {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
            if (code != RpcErrorCode.PARSE_ERROR && code != RpcErrorCode.INVALID_REQUEST) {
                throw new IllegalArgumentException("not a parse/profile code: " + code);
            }
        }
    }
}
