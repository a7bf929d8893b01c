package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;

/**
 * Builds the params tree from the token stream instead of letting databind do it, so that a
 * duplicate member at any depth is seen (databind silently keeps the last one) and numbers keep their
 * lexical class: integer literals become int/long/BigInteger nodes, every literal with a fraction or
 * exponent a {@link DecimalNode}, so {@code 1.0} never passes for an integer.
 */
final class ParamsTreeReader {
    /**
     * Number literals longer than this are not converted: parsing one costs quadratic time, and no
     * typed member can hold it. The tree gets a null in its place and the request a defect.
     */
    static final int MAX_NUMBER_LITERAL = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final JsonParser parser;
    private String defect;

    ParamsTreeReader(JsonParser parser) {
        this.parser = parser;
    }

    /** The first defect met, with its path, or {@code null}. */
    String defect() {
        return defect;
    }

    /** Reads the object whose START_OBJECT is the current token. */
    ObjectNode readObject(String path) throws IOException {
        ObjectNode obj = NODES.objectNode();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode previous = obj.replace(name, readValue(path + "." + name));
            if (previous != null) {
                noteDefect(path + "." + name + ": duplicate member");
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected token " + t);
        }
        return obj;
    }

    private JsonNode readValue(String path) throws IOException {
        JsonToken t = parser.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(path);
            case START_ARRAY: {
                ArrayNode arr = NODES.arrayNode();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(readValue(path + "[" + i++ + "]"));
                }
                return arr;
            }
            case VALUE_STRING:
                return TextNode.valueOf(parser.getText());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            case VALUE_NUMBER_INT:
                if (parser.getTextLength() > MAX_NUMBER_LITERAL) {
                    return tooLong(path);
                }
                switch (parser.getNumberType()) {
                    case INT:
                        return IntNode.valueOf(parser.getIntValue());
                    case LONG:
                        return LongNode.valueOf(parser.getLongValue());
                    default:
                        return BigIntegerNode.valueOf(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                if (parser.getTextLength() > MAX_NUMBER_LITERAL) {
                    return tooLong(path);
                }
                return DecimalNode.valueOf(parser.getDecimalValue());
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }

    private JsonNode tooLong(String path) {
        noteDefect(path + ": number literal longer than " + MAX_NUMBER_LITERAL + " characters");
        return NullNode.getInstance();
    }

    private void noteDefect(String why) {
        if (defect == null) {
            defect = why;
        }
    }
}
