package dev.mfp.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.UUID;

/**
 * UUID parameters as the C# daemon parsed them: a string that is not a UUID becomes the zero UUID
 * (so the action answers its "not found" code); any other JSON type is a wrong type (11001).
 */
public final class LenientUuidDeserializer extends StdScalarDeserializer<UUID> {
    public static final UUID ZERO = new UUID(0L, 0L);

    public LenientUuidDeserializer() {
        super(UUID.class);
    }

    @Override
    public UUID deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (UUID) ctxt.handleUnexpectedToken(UUID.class, p);
        }
        return parseLenient(p.getText());
    }

    public static UUID parseLenient(String s) {
        if (s == null) {
            return ZERO;
        }
        String t = s.trim();
        // Accept the .NET forms: canonical, 32 hex digits, braces or parentheses.
        if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("(") && t.endsWith(")"))) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.length() == 32 && t.chars().allMatch(LenientUuidDeserializer::isHex)) {
            t = t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-"
                    + t.substring(16, 20) + "-" + t.substring(20);
        }
        if (t.length() != 36) {
            return ZERO;
        }
        for (int i = 0; i < 36; i++) {
            char c = t.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return ZERO;
            }
        }
        return UUID.fromString(t);
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
