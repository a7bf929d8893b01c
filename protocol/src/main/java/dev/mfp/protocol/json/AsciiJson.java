package dev.mfp.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A growable buffer of ASCII JSON text for the hot responses, turned into a {@code String} once. One buffer is kept
 * for reuse (taken and given back atomically); a writer that finds it taken makes its own. Only ASCII may be
 * written: the protocol escapes every other character, and the string is built as ISO-8859-1 without a scan.
 */
public final class AsciiJson {
    private static final int KEEP_AT_MOST = 4096;
    private static final AtomicReference<AsciiJson> SPARE = new AtomicReference<>();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[256];
    private int len;

    private AsciiJson() {
    }

    /** A cleared writer; give it back with {@link #finish()}. */
    public static AsciiJson open() {
        AsciiJson w = SPARE.getAndSet(null);
        return w != null ? w : new AsciiJson();
    }

    /** The text written; the writer must not be used afterwards. */
    public String finish() {
        String s = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
        len = 0;
        if (buf.length <= KEEP_AT_MOST) {
            SPARE.set(this);
        }
        return s;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Bytes that are already JSON (ASCII). */
    public AsciiJson raw(byte[] ascii) {
        room(ascii.length);
        System.arraycopy(ascii, 0, buf, len, ascii.length);
        len += ascii.length;
        return this;
    }

    /** A slice of a frame that is already JSON in printable ASCII (a checked plain string, say). */
    public AsciiJson raw(byte[] ascii, int start, int end) {
        int n = end - start;
        room(n);
        System.arraycopy(ascii, start, buf, len, n);
        len += n;
        return this;
    }

    /** One ASCII character of JSON syntax. */
    public AsciiJson ch(char c) {
        room(1);
        buf[len++] = (byte) c;
        return this;
    }

    public AsciiJson number(long v) {
        room(20);
        if (v == Long.MIN_VALUE) {
            return raw("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        // at most two long divisions; the rest in int arithmetic, two digits at a time (C1 divides slowly)
        if (v >= 100_000_000L) {
            long high = v / 100_000_000L;
            int low = (int) (v - high * 100_000_000L);
            if (high >= 100_000_000L) {
                int top = (int) (high / 100_000_000L);
                digits(top);
                fixed8((int) (high - top * 100_000_000L));
            } else {
                digits((int) high);
            }
            fixed8(low);
        } else {
            digits((int) v);
        }
        return this;
    }

    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** A non-negative int without leading zeros. */
    private void digits(int v) {
        int n = 1;
        for (int p = 10; n < 10 && v >= p; p *= 10) {
            n++;
        }
        write(v, n);
    }

    /** Exactly eight digits, leading zeros kept. */
    private void fixed8(int v) {
        write(v, 8);
    }

    private void write(int v, int n) {
        int i = len + n;
        while (v >= 100) {
            int q = v / 100;
            int r = (v - q * 100) * 2;
            buf[--i] = PAIRS[r + 1];
            buf[--i] = PAIRS[r];
            v = q;
        }
        if (v >= 10) {
            buf[--i] = PAIRS[v * 2 + 1];
            buf[--i] = PAIRS[v * 2];
        } else {
            buf[--i] = (byte) ('0' + v);
        }
        while (i > len) { // leading zeros of a fixed-width part
            buf[--i] = '0';
        }
        len += n;
    }

    /** A UUID as a JSON string in its canonical lower-case form, as the mapper writes it. */
    public AsciiJson uuid(UUID id) {
        room(38);
        buf[len++] = '"';
        hex(id.getMostSignificantBits() >>> 32, 8);
        buf[len++] = '-';
        hex(id.getMostSignificantBits() >>> 16, 4);
        buf[len++] = '-';
        hex(id.getMostSignificantBits(), 4);
        buf[len++] = '-';
        hex(id.getLeastSignificantBits() >>> 48, 4);
        buf[len++] = '-';
        hex(id.getLeastSignificantBits(), 12);
        buf[len++] = '"';
        return this;
    }

    private void hex(long v, int digits) {
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        len += digits;
    }
}
