package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.RpcErrorCode;
import dev.mfp.protocol.v2.rpc.RpcId;
import java.io.IOException;
import java.io.StringWriter;
import java.util.UUID;

/**
 * Writes v2 responses (rpc.md §7): members in the order {@code jsonrpc}, {@code id}, {@code result}/{@code error};
 * inside an error {@code code}, {@code message} (the code's fixed text), {@code data} ({@code daemon_error_code}
 * when there is one, {@code daemon_error_kind}, a fresh {@code correlation_id}, {@code execution_owner} once a
 * method was resolved).
 */
final class V2Responses {
    private static final ObjectMapper MAPPER = Json.mapper();
    private final String version;

    V2Responses(String version) {
        this.version = version;
    }

    static String newCorrelationId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    String result(RpcId id, Object result) throws IOException {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeFieldName("id");
            id.write(g);
            g.writeFieldName("result");
            MAPPER.writeValue(g, result);
            g.writeEndObject();
        }
        return out.toString();
    }

    /** {@code id} null writes {@code "id": null}. */
    String error(RpcId id, RpcErrorCode code, DaemonErrorKind kind, String daemonCode, boolean owner,
            String correlationId) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeFieldName("id");
            if (id == null) {
                g.writeNull();
            } else {
                id.write(g);
            }
            g.writeFieldName("error");
            writeError(g, code, kind, daemonCode, owner, correlationId);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    void writeError(JsonGenerator g, RpcErrorCode code, DaemonErrorKind kind, String daemonCode, boolean owner,
            String correlationId) throws IOException {
        g.writeStartObject();
        g.writeNumberField("code", code.code());
        g.writeStringField("message", code.message());
        g.writeObjectFieldStart("data");
        if (daemonCode != null) {
            g.writeStringField("daemon_error_code", daemonCode);
        }
        g.writeStringField("daemon_error_kind", (kind != null ? kind : code.defaultKind()).wire());
        g.writeStringField("correlation_id", correlationId);
        if (owner) {
            g.writeObjectFieldStart("execution_owner");
            g.writeStringField("id", "mcsl.daemon");
            g.writeStringField("version", version);
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A daemon-sent notification that is not an event: {@code {"jsonrpc":"2.0","method":…,"params":…}}. */
    static String notification(String method, Object params) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeStringField("method", method);
            g.writeFieldName("params");
            MAPPER.writeValue(g, params);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
