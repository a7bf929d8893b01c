package dev.mfp.protocol.codec;

/**
 * Bytes carried inside a JSON string as the C# daemon did with Encoding.BigEndianUnicode
 * (files-and-instances.md §3.3): each byte pair becomes one UTF-16 code unit, an odd count is padded with
 * one zero byte. Lone surrogates are legal here; Java {@code char} holds them exactly.
 */
public final class Utf16Packing {
    private Utf16Packing() {
    }

    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[(length + 1) / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = bytes[offset + 2 * i] & 0xFF;
            int lo = 2 * i + 1 < length ? bytes[offset + 2 * i + 1] & 0xFF : 0;
            out[i] = (char) ((hi << 8) | lo);
        }
        return new String(out);
    }

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /** Always an even number of bytes: two per code unit. */
    public static byte[] decode(CharSequence s) {
        byte[] out = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[2 * i] = (byte) (c >>> 8);
            out[2 * i + 1] = (byte) c;
        }
        return out;
    }
}
