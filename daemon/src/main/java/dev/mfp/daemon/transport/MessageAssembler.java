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
 * JSON parser as bytes. One per connection, driven by Jetty's serialized frame delivery; its methods are
 * synchronized only because {@link #release()} may come from another thread (eviction, close). Every array it
 * holds is reserved in the daemon-wide {@link MessageBudget} first.
 */
final class MessageAssembler {
    /** Arrays up to this size are kept for the next message of the connection. */
    static final int KEEP_BYTES = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte[] EMPTY = new byte[0];

    private final MessageBudget.Holder budget;
    private byte[] buf = EMPTY;
    private int len;
    private boolean active;
    /** Size of the previous message: a message is sized for it at once (upload chunks come in a row). */
    private int hint;

    /** Thrown when the message cannot be held: beyond its limit (close with 1009) or over budget (1013). */
    static final class TooBig extends Exception {
        private final int closeCode;

        TooBig(String message, int closeCode) {
            super(message, null, false, false);
            this.closeCode = closeCode;
        }

        int closeCode() {
            return closeCode;
        }
    }

    /** Not bounded daemon-wide (unit tests). */
    MessageAssembler() {
        this(MessageBudget.unlimited().holder(() -> { }));
    }

    MessageAssembler(MessageBudget.Holder budget) {
        this.budget = budget;
    }

    synchronized boolean active() {
        return active;
    }

    /** Appends one fragment; {@code max} is the message size limit. */
    synchronized void append(ByteBuffer payload, long max) throws TooBig {
        if (!active) {
            active = true;
            budget.start();
        }
        int n = payload == null ? 0 : payload.remaining();
        if ((long) len + n > max) {
            long size = (long) len + n;
            reset();
            throw new TooBig("message of at least " + size + " bytes is larger than " + max, 1009);
        }
        if (len + n > buf.length) {
            int cap = (int) Math.min(max, Integer.MAX_VALUE - 8);
            int grown = len == 0 ? Math.max(1024, hint) : buf.length * 2;
            int size = Math.max(len + n, Math.min(cap, grown));
            if (!budget.resize(size)) {
                release();
                throw new TooBig("unfinished messages of all connections would hold more than the daemon allows",
                        1013);
            }
            buf = Arrays.copyOf(buf, size);
        }
        if (n > 0) {
            payload.duplicate().get(buf, len, n);
            len += n;
        }
    }

    synchronized byte[] bytes() {
        return buf;
    }

    /** The size of the array held (for a finished message too, when it is kept). */
    synchronized int capacity() {
        return buf.length;
    }

    synchronized int length() {
        return len;
    }

    /**
     * Forgets the message; a large array is dropped so that an idle connection does not pin it, and so is any array
     * while the daemon-wide budget is more than half used.
     */
    synchronized void reset() {
        hint = len;
        len = 0;
        active = false;
        if (buf.length > KEEP_BYTES || !budget.mayKeep()) {
            buf = EMPTY;
        }
        budget.finish(buf.length);
    }

    /** Drops the message and the array (the connection is closing or was evicted). */
    synchronized void release() {
        len = 0;
        hint = 0;
        active = false;
        buf = EMPTY;
        budget.finish(0);
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
