package dev.mfp.daemon.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects the fragments of one WebSocket data message as raw bytes. It replaces Jetty's per-byte UTF-8 to
 * {@code StringBuilder} aggregation of text messages, which was the largest server-side cost of JSON upload
 * chunks: the payload is copied once into a growable array, checked for strict UTF-8 (a pure-ASCII fast path
 * reads 8 bytes at a time; anything else goes through the JDK's reporting decoder) and handed to the
 * JSON parser as bytes. Not thread-safe: one per connection, driven by Jetty's serialized frame delivery.
 */
final class MessageAssembler {
    /** Arrays up to this size are kept for the next message of the connection. */
    static final int KEEP_BYTES = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf = new byte[0];
    private int len;
    private boolean active;
    /** Size of the previous message: a message is sized for it at once (upload chunks come in a row). */
    private int hint;

    /** Thrown when the message grows beyond its limit (close with 1009). */
    static final class TooBig extends Exception {
        TooBig(String message) {
            super(message, null, false, false);
        }
    }

    boolean active() {
        return active;
    }

    /** Appends one fragment; {@code max} is the message size limit. */
    void append(ByteBuffer payload, long max) throws TooBig {
        active = true;
        int n = payload == null ? 0 : payload.remaining();
        if ((long) len + n > max) {
            long size = (long) len + n;
            reset();
            throw new TooBig("message of at least " + size + " bytes is larger than " + max);
        }
        if (len + n > buf.length) {
            int cap = (int) Math.min(max, Integer.MAX_VALUE - 8);
            int grown = len == 0 ? Math.max(1024, hint) : buf.length * 2;
            buf = Arrays.copyOf(buf, Math.max(len + n, Math.min(cap, grown)));
        }
        if (n > 0) {
            payload.duplicate().get(buf, len, n);
            len += n;
        }
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Forgets the message; a large array is dropped so that an idle connection does not pin it. */
    void reset() {
        hint = len;
        len = 0;
        active = false;
        if (buf.length > KEEP_BYTES) {
            buf = new byte[0];
        }
    }

    /** Whether {@code b[off, off+n)} is well-formed UTF-8 (RFC 3629: no surrogates, no overlongs). */
    static boolean isValidUtf8(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        for (; i + 8 <= end; i += 8) {
            if (((long) LONGS.get(b, i) & 0x8080808080808080L) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            if (b[i] < 0) {
                return strict(b, i, end - i);
            }
        }
        return true;
    }

    private static boolean strict(byte[] b, int off, int n) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, n));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
