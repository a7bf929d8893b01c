package dev.mfp.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Writes bytes as a quoted JSON string of UTF-16BE packed code units (files-and-instances.md §3.3) in one pass,
 * without building the intermediate {@code String} of code units and without the generic per-character escaping
 * of the JSON generator. The output is pure ASCII: printable ASCII code units ({@code 0x20..0x7E}) stand for
 * themselves except {@code "} and {@code \}, which get their two-character escapes; the usual short escapes are
 * used for {@code \b \f \n \r \t}; every other code unit (controls, {@code 0x7F} and above, lone surrogates
 * included) becomes {@code \\uXXXX} with upper-case hex, exactly what the protocol mapper would have written
 * for the same string (the mapper leaves {@code 0x7F} raw; escaping it is equivalent JSON and what §3.3 asks).
 */
public final class PackedJson {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PackedJson() {
    }

    /** Upper bound of {@link #writeQuoted} output for {@code length} bytes: 6 characters per unit, 2 quotes. */
    public static int maxQuotedLength(int length) {
        return 6 * ((length + 1) / 2) + 2;
    }

    /**
     * Writes {@code "..."} for {@code bytes[offset, offset+length)} packed as UTF-16BE (odd length padded with one
     * zero byte) into {@code out} from {@code pos}; returns the position after the closing quote. {@code out} must
     * have room for {@link #maxQuotedLength(int)} bytes.
     */
    public static int writeQuoted(byte[] bytes, int offset, int length, byte[] out, int pos) {
        int p = pos;
        out[p++] = '"';
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            int u = ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
            if (u >= 0x7F) { // the common case for binary data (kept in the loop: the daemon may run on C1 only)
                out[p] = '\\';
                out[p + 1] = 'u';
                out[p + 2] = HEX[u >>> 12];
                out[p + 3] = HEX[(u >>> 8) & 0xF];
                out[p + 4] = HEX[(u >>> 4) & 0xF];
                out[p + 5] = HEX[u & 0xF];
                p += 6;
            } else {
                p = writeUnit(u, out, p);
            }
        }
        if (i < end) {
            p = writeUnit((bytes[i] & 0xFF) << 8, out, p);
        }
        out[p++] = '"';
        return p;
    }

    /** The quoted JSON string as ASCII bytes (exactly sized). */
    public static byte[] quoted(byte[] bytes, int offset, int length) {
        byte[] out = new byte[maxQuotedLength(length)];
        int n = writeQuoted(bytes, offset, length, out, 0);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** The exact length of {@link #writeQuoted} output. */
    public static int quotedLength(byte[] bytes, int offset, int length) {
        int n = 2;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            n += unitLength(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF));
        }
        if (i < end) {
            n += unitLength((bytes[i] & 0xFF) << 8);
        }
        return n;
    }

    private static int unitLength(int u) {
        if (u >= 0x7F) {
            return 6;
        }
        if (u >= 0x20) {
            return u == '"' || u == '\\' ? 2 : 1;
        }
        return u == '\b' || u == '\f' || u == '\n' || u == '\r' || u == '\t' ? 2 : 6;
    }

    private static int writeUnit(int u, byte[] out, int p) {
        if (u >= 0x7F) { // the common case for binary data: anything with a non-zero high byte
            return writeUnicodeEscape(u, out, p);
        }
        if (u >= 0x20) {
            if (u == '"' || u == '\\') {
                out[p] = '\\';
                out[p + 1] = (byte) u;
                return p + 2;
            }
            out[p] = (byte) u;
            return p + 1;
        }
        char shortEscape = switch (u) {
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
        if (shortEscape != 0) {
            out[p] = '\\';
            out[p + 1] = (byte) shortEscape;
            return p + 2;
        }
        return writeUnicodeEscape(u, out, p);
    }

    /** The escape backslash, 'u', four hex digits: six ASCII bytes at {@code p}; returns the position after them. */
    private static int writeUnicodeEscape(int u, byte[] out, int p) {
        out[p] = '\\';
        out[p + 1] = 'u';
        out[p + 2] = HEX[u >>> 12];
        out[p + 3] = HEX[(u >>> 8) & 0xF];
        out[p + 4] = HEX[(u >>> 4) & 0xF];
        out[p + 5] = HEX[u & 0xF];
        return p + 6;
    }

    /**
     * Bytes that serialize as a UTF-16BE packed JSON string through the protocol mapper (the fast path of
     * {@code file_download_range.content}). Holds the array without copying it.
     */
    @JsonSerialize(using = Packed.Serializer.class)
    public record Packed(byte[] bytes, int offset, int length) {
        public Packed(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        /** The code units as a {@code String}, as {@link Utf16Packing#encode(byte[], int, int)} gives them. */
        @Override
        public String toString() {
            return Utf16Packing.encode(bytes, offset, length);
        }

        static final class Serializer extends StdSerializer<Packed> {
            Serializer() {
                super(Packed.class);
            }

            @Override
            public void serialize(Packed v, JsonGenerator gen, SerializerProvider provider) throws IOException {
                byte[] q = new byte[maxQuotedLength(v.length)];
                int n = writeQuoted(v.bytes, v.offset, v.length, q, 0);
                if (gen instanceof com.fasterxml.jackson.core.json.UTF8JsonGenerator) {
                    // already escaped ASCII: copied into the output as is, the generator adds the quotes
                    gen.writeRawUTF8String(q, 1, n - 2);
                } else {
                    gen.writeRawValue(new String(q, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
    }
}
