package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A request id as rpc.md §2 profiles it: a string, or an integer literal kept as its exact token so
 * that it is echoed token-for-token ({@code -0} stays {@code -0}).
 */
public final class RpcId {
    /** The longest literal of the signed 64-bit range, {@code -9223372036854775808}, has 20 characters. */
    static final int MAX_INTEGER_LITERAL = 20;

    private final boolean string;
    private final String value;

    private RpcId(boolean string, String value) {
        this.string = string;
        this.value = value;
    }

    public static RpcId ofString(String value) {
        return new RpcId(true, Objects.requireNonNull(value, "value"));
    }

    public static RpcId ofLong(long value) {
        return new RpcId(false, Long.toString(value));
    }

    /**
     * An integer id from its literal: optional {@code -}, no leading zeros, no fraction or exponent,
     * at most 20 characters, within the signed 64-bit range.
     *
     * @throws IllegalArgumentException when the literal is outside that profile
     */
    public static RpcId ofIntegerLiteral(String literal) {
        if (!isIntegerLiteral(literal)) {
            throw new IllegalArgumentException("not an int64 id literal: " + literal);
        }
        return new RpcId(false, literal);
    }

    static boolean isIntegerLiteral(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_INTEGER_LITERAL) {
            return false;
        }
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length() || (s.charAt(start) == '0' && s.length() > start + 1)) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean isString() {
        return string;
    }

    /** The decoded string value, or the integer literal exactly as received. */
    public String value() {
        return value;
    }

    public void write(JsonGenerator gen) throws IOException {
        if (string) {
            gen.writeString(value);
        } else {
            gen.writeNumber(value);
        }
    }

    /** The id as it appears in a response. */
    public String json() {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = RpcResponses.generator(out)) {
            write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RpcId other && other.string == string && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + (string ? 1 : 0);
    }

    @Override
    public String toString() {
        return json();
    }
}
