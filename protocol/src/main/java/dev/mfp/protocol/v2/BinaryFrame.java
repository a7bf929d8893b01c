package dev.mfp.protocol.v2;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.UUID;

/**
 * One v2 binary WebSocket message (binary.md): a fixed 32-byte header and its payload. The session id is written
 * in RFC 4122 network order (big-endian, unlike the v1 .NET GUID), offset and length little-endian.
 *
 * <p>A constructed frame always satisfies the header rules (non-zero session id, offset ≥ 0, payload at most
 * {@link #MAX_PAYLOAD}); whether a payload fits a session's own smaller {@code max_chunk_size} is the session's
 * business. {@code payload} is the buffer's remaining bytes; for a decoded frame it is a view of the decoded
 * message, not a copy.
 */
public record BinaryFrame(Kind kind, UUID sessionId, long offset, ByteBuffer payload) {
    public static final int HEADER_SIZE = 32;
    public static final int MAX_PAYLOAD = 1_048_576;
    public static final int VERSION = 1;

    private static final int KIND_AT = 1;
    private static final int RESERVED_AT = 2;
    private static final int SESSION_AT = 4;
    private static final int OFFSET_AT = 20;
    private static final int LENGTH_AT = 28;

    public BinaryFrame {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        checkHeader(sessionId, offset, payload.remaining());
    }

    /** The frame kind and its wire code (binary.md §2). */
    public enum Kind {
        UPLOAD_CHUNK(1),
        DOWNLOAD_CHUNK(2),
        CONSOLE_INPUT(3),
        CONSOLE_OUTPUT(4);

        private static final Kind[] BY_CODE = {null, UPLOAD_CHUNK, DOWNLOAD_CHUNK, CONSOLE_INPUT, CONSOLE_OUTPUT};

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** @throws IllegalArgumentException for a code outside 1–4 */
        public static Kind fromCode(int code) {
            Kind kind = lookup(code);
            if (kind == null) {
                throw new IllegalArgumentException("unknown binary frame kind " + code);
            }
            return kind;
        }

        static Kind lookup(int code) {
            return code >= 1 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    /**
     * The outcome of {@link #decode}: either a frame or the first failing rule. {@code kind} and {@code sessionId}
     * are set for a frame and for the failures whose {@link FrameError#identityKnown()} is true, so that a caller
     * can terminate the right upload session; otherwise they are null.
     */
    public record Decoded(BinaryFrame frame, FrameError error, Kind kind, UUID sessionId) {
        public Decoded {
            if ((frame == null) == (error == null)) {
                throw new IllegalArgumentException("exactly one of frame and error");
            }
            boolean identity = frame != null || error.identityKnown();
            if (identity != (kind != null) || identity != (sessionId != null)) {
                throw new IllegalArgumentException("kind and session id must be given exactly when known");
            }
        }

        static Decoded of(BinaryFrame frame) {
            return new Decoded(frame, null, frame.kind(), frame.sessionId());
        }

        static Decoded failure(FrameError error) {
            return new Decoded(null, error, null, null);
        }

        static Decoded failure(FrameError error, Kind kind, UUID sessionId) {
            return new Decoded(null, error, kind, sessionId);
        }

        public boolean isFrame() {
            return frame != null;
        }
    }

    /**
     * Validates one whole binary message in the order of binary.md §3, stopping at the first failure. Reads the
     * message's remaining bytes without moving its position or limit. The payload of a returned frame is a slice
     * sharing the message's content: it is valid only as long as the message buffer is not reused or released.
     */
    public static Decoded decode(ByteBuffer message) {
        ByteBuffer m = message.slice();
        if (m.remaining() < HEADER_SIZE) {
            return Decoded.failure(FrameError.FRAME_TOO_SHORT);
        }
        if (Byte.toUnsignedInt(m.get(0)) != VERSION) {
            return Decoded.failure(FrameError.UNSUPPORTED_VERSION);
        }
        Kind kind = Kind.lookup(Byte.toUnsignedInt(m.get(KIND_AT)));
        if (kind == null) {
            return Decoded.failure(FrameError.UNKNOWN_KIND);
        }
        if (m.get(RESERVED_AT) != 0 || m.get(RESERVED_AT + 1) != 0) {
            return Decoded.failure(FrameError.RESERVED_NOT_ZERO);
        }
        m.order(ByteOrder.BIG_ENDIAN);
        long msb = m.getLong(SESSION_AT);
        long lsb = m.getLong(SESSION_AT + 8);
        if (msb == 0 && lsb == 0) {
            return Decoded.failure(FrameError.EMPTY_SESSION_ID);
        }
        UUID sessionId = new UUID(msb, lsb);
        m.order(ByteOrder.LITTLE_ENDIAN);
        long offset = m.getLong(OFFSET_AT);
        if (offset < 0) {
            return Decoded.failure(FrameError.NEGATIVE_OFFSET, kind, sessionId);
        }
        long declared = Integer.toUnsignedLong(m.getInt(LENGTH_AT));
        int actual = m.remaining() - HEADER_SIZE;
        if (declared != actual) {
            return Decoded.failure(FrameError.PAYLOAD_LENGTH_MISMATCH, kind, sessionId);
        }
        if (declared > MAX_PAYLOAD) {
            return Decoded.failure(FrameError.PAYLOAD_TOO_LARGE, kind, sessionId);
        }
        return Decoded.of(new BinaryFrame(kind, sessionId, offset, m.slice(HEADER_SIZE, actual)));
    }

    /**
     * Writes the 32 header bytes at {@code dst}'s position and advances it; {@code dst}'s byte order is left as it
     * was. Nothing is written when the arguments break a header rule or fewer than 32 bytes remain.
     *
     * @throws IllegalArgumentException for a zero session id, a negative offset or a length outside 0…MAX_PAYLOAD
     * @throws BufferOverflowException  when {@code dst} has fewer than {@link #HEADER_SIZE} bytes remaining
     */
    public static void writeHeader(ByteBuffer dst, Kind kind, UUID sessionId, long offset, int payloadLength) {
        Objects.requireNonNull(kind, "kind");
        checkHeader(sessionId, offset, payloadLength);
        if (dst.remaining() < HEADER_SIZE) {
            throw new BufferOverflowException();
        }
        ByteOrder order = dst.order();
        try {
            dst.put((byte) VERSION).put((byte) kind.code()).put((byte) 0).put((byte) 0);
            dst.order(ByteOrder.BIG_ENDIAN)
                    .putLong(sessionId.getMostSignificantBits())
                    .putLong(sessionId.getLeastSignificantBits());
            dst.order(ByteOrder.LITTLE_ENDIAN).putLong(offset).putInt(payloadLength);
        } finally {
            dst.order(order);
        }
    }

    /** One complete binary message: the header followed by {@code payload[off, off + len)}. */
    public static byte[] encode(Kind kind, UUID sessionId, long offset, byte[] payload, int off, int len) {
        Objects.checkFromIndexSize(off, len, payload.length);
        checkHeader(sessionId, offset, len);
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + len);
        writeHeader(out, kind, sessionId, offset, len);
        out.put(payload, off, len);
        return out.array();
    }

    private static void checkHeader(UUID sessionId, long offset, int payloadLength) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.getMostSignificantBits() == 0 && sessionId.getLeastSignificantBits() == 0) {
            throw new IllegalArgumentException("the all-zero session id is never a session");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload length " + payloadLength + " outside 0.." + MAX_PAYLOAD);
        }
    }
}
