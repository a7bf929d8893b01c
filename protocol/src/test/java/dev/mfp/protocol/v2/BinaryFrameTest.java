package dev.mfp.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.protocol.v2.BinaryFrame.Decoded;
import dev.mfp.protocol.v2.BinaryFrame.Kind;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden and malformed vector of binary.md §5, the decoding order of §3 and the 1 MiB bound. */
class BinaryFrameTest {
    private static final UUID REF_SESSION = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    private static final UUID DL_SESSION = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
    private static final UUID CONSOLE_SESSION = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");

    private static final String REFERENCE = "01 01 00 00"
            + " 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff"
            + " 08 07 06 05 04 03 02 01"
            + " 03 00 00 00"
            + " aa bb cc";

    static Stream<Arguments> goldenVectors() {
        return Stream.of(
                Arguments.of("5.1 reference UploadChunk", Kind.UPLOAD_CHUNK, REF_SESSION, 0x0102030405060708L,
                        bytes("aa bb cc"), REFERENCE),
                Arguments.of("5.2 DownloadChunk hello", Kind.DOWNLOAD_CHUNK, DL_SESSION, 1024L, ascii("hello"),
                        "01 02 00 00 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef"
                                + " 00 04 00 00 00 00 00 00 05 00 00 00 68 65 6c 6c 6f"),
                Arguments.of("5.2 DownloadChunk at end of file", Kind.DOWNLOAD_CHUNK, DL_SESSION, 5L, new byte[0],
                        "01 02 00 00 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef"
                                + " 05 00 00 00 00 00 00 00 00 00 00 00"),
                Arguments.of("5.2 ConsoleInput stop", Kind.CONSOLE_INPUT, CONSOLE_SESSION, 0L, ascii("stop\n"),
                        "01 03 00 00 01 90 a1 b2 c3 d4 7e 5f 8a 6b 7c 8d 9e 0f 1a 2b"
                                + " 00 00 00 00 00 00 00 00 05 00 00 00 73 74 6f 70 0a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenVectors")
    void encodeGivesTheGoldenBytes(String name, Kind kind, UUID session, long offset, byte[] payload, String hex) {
        byte[] expected = bytes(hex);
        assertThat(BinaryFrame.encode(kind, session, offset, payload, 0, payload.length)).isEqualTo(expected);

        ByteBuffer header = ByteBuffer.allocate(BinaryFrame.HEADER_SIZE + 2).position(1);
        BinaryFrame.writeHeader(header, kind, session, offset, payload.length);
        assertThat(header.position()).isEqualTo(1 + BinaryFrame.HEADER_SIZE);
        assertThat(Arrays.copyOfRange(header.array(), 1, 1 + BinaryFrame.HEADER_SIZE))
                .isEqualTo(Arrays.copyOf(expected, BinaryFrame.HEADER_SIZE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenVectors")
    void decodeGivesTheGoldenFields(String name, Kind kind, UUID session, long offset, byte[] payload, String hex) {
        Decoded d = BinaryFrame.decode(ByteBuffer.wrap(bytes(hex)));

        assertThat(d.error()).isNull();
        assertThat(d.isFrame()).isTrue();
        assertThat(d.kind()).isEqualTo(kind);
        assertThat(d.sessionId()).isEqualTo(session);
        assertThat(d.frame().kind()).isEqualTo(kind);
        assertThat(d.frame().sessionId()).isEqualTo(session);
        assertThat(d.frame().offset()).isEqualTo(offset);
        assertThat(remaining(d.frame().payload())).isEqualTo(payload);
        assertThat(d.frame()).isEqualTo(new BinaryFrame(kind, session, offset, ByteBuffer.wrap(payload)));
    }

    static Stream<Arguments> malformedVectors() {
        return Stream.of(
                malformed("drop the last 4 bytes (31 left)", f -> { }, 31, FrameError.FRAME_TOO_SHORT),
                malformed("byte 0 = 02", f -> f[0] = 0x02, 35, FrameError.UNSUPPORTED_VERSION),
                malformed("byte 1 = ff", f -> f[1] = (byte) 0xff, 35, FrameError.UNKNOWN_KIND),
                malformed("byte 2 = 01", f -> f[2] = 0x01, 35, FrameError.RESERVED_NOT_ZERO),
                malformed("bytes 4-19 = zero", f -> Arrays.fill(f, 4, 20, (byte) 0), 35,
                        FrameError.EMPTY_SESSION_ID),
                malformed("bytes 20-27 = ff (-1)", f -> Arrays.fill(f, 20, 28, (byte) 0xff), 35,
                        FrameError.NEGATIVE_OFFSET),
                malformed("bytes 28-31 = 02 00 00 00", f -> f[28] = 0x02, 35, FrameError.PAYLOAD_LENGTH_MISMATCH),
                malformed("bytes 28-31 = 63 00 00 00", f -> f[28] = 0x63, 35, FrameError.PAYLOAD_LENGTH_MISMATCH));
    }

    private static Arguments malformed(String name, Consumer<byte[]> mutation, int keep, FrameError error) {
        byte[] frame = bytes(REFERENCE);
        mutation.accept(frame);
        return Arguments.of(name, Arrays.copyOf(frame, keep), error);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedVectors")
    void malformedReferenceFrames(String name, byte[] message, FrameError error) {
        Decoded d = BinaryFrame.decode(ByteBuffer.wrap(message));

        assertThat(d.error()).isEqualTo(error);
        assertThat(d.frame()).isNull();
        if (error.identityKnown()) {
            assertThat(d.kind()).isEqualTo(Kind.UPLOAD_CHUNK);
            assertThat(d.sessionId()).isEqualTo(REF_SESSION);
        } else {
            assertThat(d.kind()).isNull();
            assertThat(d.sessionId()).isNull();
        }
    }

    @Test
    void aOneByteMessageIsTooShort() {
        Decoded d = BinaryFrame.decode(ByteBuffer.wrap(new byte[] {0x01}));
        assertThat(d.error()).isEqualTo(FrameError.FRAME_TOO_SHORT);
        assertThat(d.kind()).isNull();
        assertThat(d.sessionId()).isNull();
    }

    @Test
    void emptyMessageIsTooShort() {
        assertThat(BinaryFrame.decode(ByteBuffer.allocate(0)).error()).isEqualTo(FrameError.FRAME_TOO_SHORT);
    }

    @Test
    void identityIsKnownExactlyFromStepSix() {
        assertThat(FrameError.values()).filteredOn(FrameError::identityKnown).containsExactly(
                FrameError.NEGATIVE_OFFSET, FrameError.PAYLOAD_LENGTH_MISMATCH, FrameError.PAYLOAD_TOO_LARGE);
    }

    @Test
    void decodingStopsAtTheFirstFailure() {
        byte[] f = bytes(REFERENCE);
        f[0] = 0x02;
        f[1] = 0x00;
        f[2] = 0x01;
        Arrays.fill(f, 4, 20, (byte) 0);
        Arrays.fill(f, 20, 28, (byte) 0xff);
        f[28] = 0x63;
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.UNSUPPORTED_VERSION);
        f[0] = 0x01;
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.UNKNOWN_KIND);
        f[1] = 0x05;
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.UNKNOWN_KIND);
        f[1] = 0x04;
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.RESERVED_NOT_ZERO);
        f[2] = 0x00;
        f[3] = 0x01;
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.RESERVED_NOT_ZERO);
        f[3] = 0x00;
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.EMPTY_SESSION_ID);
        f[19] = 0x01;
        Decoded negative = BinaryFrame.decode(ByteBuffer.wrap(f));
        assertThat(negative.error()).isEqualTo(FrameError.NEGATIVE_OFFSET);
        assertThat(negative.kind()).isEqualTo(Kind.CONSOLE_OUTPUT);
        assertThat(negative.sessionId()).isEqualTo(new UUID(0, 1));
        Arrays.fill(f, 20, 28, (byte) 0);
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.PAYLOAD_LENGTH_MISMATCH);
    }

    @Test
    void payloadOfExactlyTheMaximumIsAccepted() {
        byte[] payload = new byte[BinaryFrame.MAX_PAYLOAD];
        payload[payload.length - 1] = 0x7f;
        byte[] message = BinaryFrame.encode(Kind.UPLOAD_CHUNK, REF_SESSION, 0, payload, 0, payload.length);
        assertThat(message).hasSize(1_048_608);

        Decoded d = BinaryFrame.decode(ByteBuffer.wrap(message));
        assertThat(d.error()).isNull();
        assertThat(d.frame().payload().remaining()).isEqualTo(BinaryFrame.MAX_PAYLOAD);
        assertThat(d.frame().payload().get(BinaryFrame.MAX_PAYLOAD - 1)).isEqualTo((byte) 0x7f);
    }

    @Test
    void payloadAboveTheMaximumIsTooLargeOnceTheLengthMatches() {
        int tooLarge = BinaryFrame.MAX_PAYLOAD + 1;
        ByteBuffer message = ByteBuffer.allocate(BinaryFrame.HEADER_SIZE + tooLarge);
        message.put(Arrays.copyOf(bytes(REFERENCE), BinaryFrame.HEADER_SIZE)).rewind();
        message.order(ByteOrder.LITTLE_ENDIAN).putInt(28, tooLarge);

        Decoded d = BinaryFrame.decode(message);
        assertThat(d.error()).isEqualTo(FrameError.PAYLOAD_TOO_LARGE);
        assertThat(d.kind()).isEqualTo(Kind.UPLOAD_CHUNK);
        assertThat(d.sessionId()).isEqualTo(REF_SESSION);
    }

    @Test
    void aDeclaredLengthAboveTheMaximumThatDoesNotMatchIsAMismatch() {
        byte[] f = bytes(REFERENCE);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(28, BinaryFrame.MAX_PAYLOAD + 1);
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.PAYLOAD_LENGTH_MISMATCH);
    }

    @Test
    void payloadLengthIsUnsigned() {
        byte[] f = bytes(REFERENCE);
        Arrays.fill(f, 28, 32, (byte) 0xff);
        assertThat(BinaryFrame.decode(ByteBuffer.wrap(f)).error()).isEqualTo(FrameError.PAYLOAD_LENGTH_MISMATCH);
    }

    @Test
    void decodeReadsTheRemainingBytesAndLeavesTheBufferAlone() {
        byte[] framed = bytes("ee ee " + REFERENCE + " ee");
        ByteBuffer message = ByteBuffer.wrap(framed, 2, 35).order(ByteOrder.LITTLE_ENDIAN);

        Decoded d = BinaryFrame.decode(message);

        assertThat(d.error()).isNull();
        assertThat(d.frame().offset()).isEqualTo(0x0102030405060708L);
        assertThat(remaining(d.frame().payload())).isEqualTo(bytes("aa bb cc"));
        assertThat(message.position()).isEqualTo(2);
        assertThat(message.limit()).isEqualTo(37);
        assertThat(message.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void decodedPayloadIsAViewOfTheMessage() {
        byte[] message = bytes(REFERENCE);
        ByteBuffer payload = BinaryFrame.decode(ByteBuffer.wrap(message)).frame().payload();
        message[32] = 0x11;
        assertThat(payload.get(0)).isEqualTo((byte) 0x11);
    }

    @Test
    void encodeTakesTheGivenRange() {
        byte[] padded = bytes("00 aa bb cc 00");
        assertThat(BinaryFrame.encode(Kind.UPLOAD_CHUNK, REF_SESSION, 0x0102030405060708L, padded, 1, 3))
                .isEqualTo(bytes(REFERENCE));
        assertThatThrownBy(() -> BinaryFrame.encode(Kind.UPLOAD_CHUNK, REF_SESSION, 0, padded, 3, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void encodersRefuseWhatTheDecoderWouldRefuse() {
        byte[] p = new byte[1];
        assertThatThrownBy(() -> BinaryFrame.encode(Kind.UPLOAD_CHUNK, new UUID(0, 0), 0, p, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryFrame.encode(Kind.UPLOAD_CHUNK, REF_SESSION, -1, p, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] big = new byte[BinaryFrame.MAX_PAYLOAD + 1];
        assertThatThrownBy(() -> BinaryFrame.encode(Kind.UPLOAD_CHUNK, REF_SESSION, 0, big, 0, big.length))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinaryFrame(Kind.UPLOAD_CHUNK, REF_SESSION, 0, ByteBuffer.wrap(big)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryFrame.writeHeader(ByteBuffer.allocate(32), Kind.UPLOAD_CHUNK, REF_SESSION,
                0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeHeaderNeedsRoomAndKeepsTheByteOrder() {
        ByteBuffer small = ByteBuffer.allocate(31);
        assertThatThrownBy(() -> BinaryFrame.writeHeader(small, Kind.UPLOAD_CHUNK, REF_SESSION, 0, 0))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();

        ByteBuffer dst = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        BinaryFrame.writeHeader(dst, Kind.UPLOAD_CHUNK, REF_SESSION, 0x0102030405060708L, 3);
        assertThat(dst.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(dst.array()).isEqualTo(Arrays.copyOf(bytes(REFERENCE), 32));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void kindCodesRoundTrip(Kind kind) {
        assertThat(Kind.fromCode(kind.code())).isSameAs(kind);
    }

    @Test
    void kindCodesAreTheWireValues() {
        assertThat(Kind.UPLOAD_CHUNK.code()).isEqualTo(1);
        assertThat(Kind.DOWNLOAD_CHUNK.code()).isEqualTo(2);
        assertThat(Kind.CONSOLE_INPUT.code()).isEqualTo(3);
        assertThat(Kind.CONSOLE_OUTPUT.code()).isEqualTo(4);
        assertThatThrownBy(() -> Kind.fromCode(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kind.fromCode(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kind.fromCode(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodedRefusesInconsistentStates() {
        assertThatThrownBy(() -> new Decoded(null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decoded(null, FrameError.UNKNOWN_KIND, Kind.UPLOAD_CHUNK, REF_SESSION))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decoded(null, FrameError.NEGATIVE_OFFSET, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] remaining(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
