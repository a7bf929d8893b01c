package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.ErrorData;
import dev.mfp.protocol.v2.rpc.RpcErrorCode;
import dev.mfp.protocol.v2.rpc.RpcId;
import dev.mfp.protocol.v2.rpc.RpcResponses;

/** The daemon's side of {@link RpcResponses}: results serialized with the protocol mapper, errors with its owner. */
final class V2Responses {
    private final String version;

    V2Responses(String version) {
        this.version = version;
    }

    String result(RpcId id, Object result) throws JsonProcessingException {
        return RpcResponses.successRaw(id, Json.mapper().writeValueAsString(result));
    }

    /** An error; {@code daemonCode} and {@code kind} only for domain errors, {@code owner} once a method was resolved. */
    String error(RpcId id, RpcErrorCode code, DaemonErrorKind kind, String daemonCode, boolean owner,
            String correlationId) {
        ErrorData data = daemonCode != null ? ErrorData.domain(daemonCode, kind) : ErrorData.of(code);
        data.correlationId(correlationId);
        if (owner) {
            data.executionOwner(ErrorData.DAEMON_OWNER_ID, version);
        }
        return RpcResponses.error(id, data);
    }

    static String newCorrelationId() {
        return ErrorData.freshCorrelationId();
    }

    static String notification(String method, Object params) {
        return RpcResponses.notification(method, Json.mapper().<JsonNode>valueToTree(params));
    }
}
