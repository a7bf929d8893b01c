package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Writes responses and notifications with the member order of the C# serializer (rpc.md §7):
 * {@code jsonrpc}, {@code id}, {@code result}/{@code error}; inside {@code error}: {@code code},
 * {@code message}, {@code data}. Every non-ASCII code unit is written as {@code \\uXXXX}, so the text
 * is pure ASCII and a lone surrogate in an echoed string id survives.
 */
public final class RpcResponses {
    private static final ObjectMapper MAPPER = JsonMapper.builder(dev.mfp.protocol.json.Json.recycling())
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private RpcResponses() {
    }

    /** A success response; {@code result} is always an object (§7.1). */
    public static String success(RpcId id, ObjectNode result) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(result, "result");
        return write(gen -> {
            envelope(gen, id);
            gen.writeFieldName("result");
            gen.writeTree(result);
            gen.writeEndObject();
        });
    }

    /**
     * A success response around an already serialized result object, for results serialized once and
     * reused (rpc.discover).
     */
    public static String successRaw(RpcId id, String resultObjectJson) {
        Objects.requireNonNull(id, "id");
        String trimmed = resultObjectJson.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new IllegalArgumentException("a result must be a JSON object");
        }
        return write(gen -> {
            envelope(gen, id);
            gen.writeFieldName("result");
            gen.writeRawValue(trimmed);
            gen.writeEndObject();
        });
    }

    /** An error response; {@code id} is {@code null} when the request could not be parsed or profiled. */
    public static String error(RpcId id, ErrorData data) {
        ObjectNode error = errorObject(data);
        return write(gen -> {
            envelope(gen, id);
            gen.writeFieldName("error");
            gen.writeTree(error);
            gen.writeEndObject();
        });
    }

    /** The answer to a failed parse: {@code id: null}, data with kind {@code validation} only. */
    public static String failure(RpcParse.Failure failure) {
        return error(null, ErrorData.of(failure.code()));
    }

    /** The {@code error} object alone ({@code code}, {@code message}, {@code data}), e.g. for an upload ack. */
    public static ObjectNode errorObject(ErrorData data) {
        ObjectNode d = data.toJson();
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", data.code().code());
        error.put("message", data.code().message());
        error.set("data", d);
        return error;
    }

    /** A notification sent by the daemon: {@code jsonrpc}, {@code method}, {@code params}; no {@code id}. */
    public static String notification(String method, JsonNode params) {
        if (!DottedIdentifier.isValid(method)) {
            throw new IllegalArgumentException("not a dotted identifier: " + method);
        }
        if (params != null && !params.isObject() && !params.isArray()) {
            throw new IllegalArgumentException("params must be structured");
        }
        return write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("jsonrpc", "2.0");
            gen.writeStringField("method", method);
            if (params != null) {
                gen.writeFieldName("params");
                gen.writeTree(params);
            }
            gen.writeEndObject();
        });
    }

    static JsonGenerator generator(Writer out) throws IOException {
        return MAPPER.getFactory().createGenerator(out);
    }

    private static void envelope(JsonGenerator gen, RpcId id) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("jsonrpc", "2.0");
        gen.writeFieldName("id");
        if (id == null) {
            gen.writeNull();
        } else {
            id.write(gen);
        }
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator gen = generator(out)) {
            body.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator gen) throws IOException;
    }
}
