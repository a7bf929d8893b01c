package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The two parsing stages of rpc.md §1 (with decisions.md #2): one complete JSON value or
 * {@code -32700}; then the envelope profile or {@code -32600}. Stage 1 is always finished before a
 * profile violation is reported, so a profile error never hides a syntax error further on.
 */
public final class RpcRequestParser {
    /*
     * Input is decoded strictly as UTF-8 first: Jackson's byte bootstrapper would guess UTF-16/32 from
     * leading NUL bytes and skip a BOM. Length limits are lifted because §2 and §5 give long literals
     * and names their own answers (-32600, -32602); the transport bounds the message size.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newBoundedPool(dev.mfp.protocol.json.Json.RECYCLED))
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private RpcRequestParser() {
    }

    public static RpcParse parse(byte[] utf8) {
        return parse(utf8, 0, utf8.length);
    }

    public static RpcParse parse(byte[] utf8, int off, int len) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8, off, len));
        } catch (CharacterCodingException e) {
            return parseError("not UTF-8");
        }
        if (chars.hasRemaining() && chars.get(chars.position()) == '\uFEFF') {
            return parseError("byte order mark");
        }
        try (JsonParser p = FACTORY.createParser(chars.array(), chars.arrayOffset() + chars.position(),
                chars.remaining())) {
            return new Run(p).parse();
        } catch (JacksonException e) {
            return parseError(String.valueOf(e.getOriginalMessage()));
        } catch (IOException e) {
            return parseError(String.valueOf(e.getMessage()));
        }
    }

    private static RpcParse.Failure parseError(String why) {
        return new RpcParse.Failure(RpcErrorCode.PARSE_ERROR, why);
    }

    /** One parse; keeps the first profile violation while stage 1 goes on to the end. */
    private static final class Run {
        private final JsonParser p;
        private String violation;
        private boolean seenJsonrpc;
        private boolean seenMethod;
        private boolean seenId;
        private boolean seenParams;
        private String method;
        private RpcId id;
        private ObjectNode params;
        private String paramsDefect;

        Run(JsonParser p) {
            this.p = p;
        }

        RpcParse parse() throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                return parseError("no JSON value");
            }
            if (first == JsonToken.START_ARRAY) {
                violate("batch");
                p.skipChildren();
            } else if (first == JsonToken.START_OBJECT) {
                readEnvelope();
            } else {
                violate("not an object");
                readScalarToEnd();
            }
            if (p.nextToken() != null) {
                return parseError("more than one JSON value");
            }
            if (violation == null) {
                if (!seenJsonrpc) {
                    violate("jsonrpc missing");
                } else if (!seenMethod) {
                    violate("method missing");
                } else if (!DottedIdentifier.isValid(method)) {
                    violate("method is not a dotted identifier");
                }
            }
            if (violation != null) {
                return new RpcParse.Failure(RpcErrorCode.INVALID_REQUEST, violation);
            }
            return new RpcRequest(method, id, params, paramsDefect);
        }

        private void readScalarToEnd() throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                p.getTextLength();
            }
        }

        private void readEnvelope() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "jsonrpc":
                        seenJsonrpc = once(seenJsonrpc, name);
                        if (t != JsonToken.VALUE_STRING || !"2.0".equals(p.getText())) {
                            violate("jsonrpc is not \"2.0\"");
                        }
                        break;
                    case "method":
                        seenMethod = once(seenMethod, name);
                        if (t == JsonToken.VALUE_STRING) {
                            method = p.getText();
                        } else {
                            violate("method is not a string");
                        }
                        break;
                    case "id":
                        seenId = once(seenId, name);
                        readId(t);
                        break;
                    case "params":
                        seenParams = once(seenParams, name);
                        if (t == JsonToken.START_OBJECT) {
                            ParamsTreeReader reader = new ParamsTreeReader(p);
                            params = reader.readObject("params");
                            paramsDefect = reader.defect();
                        } else {
                            violate("params is not an object");
                        }
                        break;
                    default:
                        violate("unknown member");
                        break;
                }
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
        }

        private void readId(JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                id = RpcId.ofString(p.getText());
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getTextLength() <= RpcId.MAX_INTEGER_LITERAL
                    && RpcId.isIntegerLiteral(p.getText())) {
                id = RpcId.ofIntegerLiteral(p.getText());
            } else {
                violate("id is not a string or an int64 literal");
            }
        }

        private boolean once(boolean seen, String name) {
            if (seen) {
                violate("duplicate member " + name);
            }
            return true;
        }

        private void violate(String why) {
            if (violation == null) {
                violation = why;
            }
        }
    }
}
