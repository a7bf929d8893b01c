package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {
    private static boolean valid(byte... b) {
        return MessageAssembler.isValidUtf8(b, 0, b.length);
    }

    @Test
    void utf8ValidationIsStrict() {
        assertThat(valid()).isTrue();
        assertThat(valid("plain ASCII, long enough for the 8-byte loop".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(valid("h\u00e9llo \u20ac \ud83d\ude00 after the non-ASCII part".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(valid((byte) 0xFF)).isFalse();
        assertThat(valid((byte) 'a', (byte) 0xC3)).as("truncated sequence").isFalse();
        assertThat(valid((byte) 0xC0, (byte) 0x80)).as("overlong NUL").isFalse();
        assertThat(valid((byte) 0xED, (byte) 0xA0, (byte) 0x80)).as("encoded surrogate").isFalse();
        byte[] late = new byte[64];
        Arrays.fill(late, (byte) 'x');
        late[61] = (byte) 0x80;
        assertThat(valid(late)).as("stray continuation byte after the fast path").isFalse();
        late[61] = 'x';
        late[13] = (byte) 0xFE;
        assertThat(valid(late)).as("invalid byte inside an 8-byte block").isFalse();
        assertThat(MessageAssembler.isValidUtf8(late, 14, 50)).as("offset past the bad byte").isTrue();
    }

    @Test
    void fragmentsAreJoinedAndTheLimitIsEnforced() throws Exception {
        MessageAssembler m = new MessageAssembler();
        assertThat(m.active()).isFalse();
        m.append(ByteBuffer.wrap("{\"a\":".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThat(m.active()).isTrue();
        m.append(ByteBuffer.allocate(0), 100);
        m.append(ByteBuffer.wrap("1}".getBytes(StandardCharsets.US_ASCII)), 100);
        assertThat(new String(m.bytes(), 0, m.length(), StandardCharsets.US_ASCII)).isEqualTo("{\"a\":1}");
        m.reset();
        assertThat(m.active()).isFalse();
        assertThat(m.length()).isZero();
        m.append(ByteBuffer.allocate(60), 100);
        assertThatThrownBy(() -> m.append(ByteBuffer.allocate(41), 100)).isInstanceOf(MessageAssembler.TooBig.class);
        assertThat(m.length()).isZero();
        m.append(ByteBuffer.allocate(100), 100);
        assertThat(m.length()).isEqualTo(100);
    }

    @Test
    void largeArraysAreNotKeptAfterReset() throws Exception {
        MessageAssembler m = new MessageAssembler();
        m.append(ByteBuffer.allocate(MessageAssembler.KEEP_BYTES + 1), Long.MAX_VALUE);
        m.reset();
        assertThat(m.bytes().length).isZero();
        m.append(ByteBuffer.allocate(10), Long.MAX_VALUE);
        assertThat(m.bytes().length).as("sized for the previous message at once").isGreaterThan(MessageAssembler.KEEP_BYTES);
        m.append(ByteBuffer.allocate(MessageAssembler.KEEP_BYTES), Long.MAX_VALUE);
        assertThat(m.length()).isEqualTo(MessageAssembler.KEEP_BYTES + 10);
        m.reset();
        m.append(ByteBuffer.allocate(10), 20);
        assertThat(m.bytes().length).as("never beyond the limit").isLessThanOrEqualTo(20);
    }
}
