package dev.mfp.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf16PackingTest {
    @Test
    void specExample() {
        assertThat(Utf16Packing.encode(new byte[] {0x5B, 0x32, 0x30, 0x32})).isEqualTo("\u5b32\u3032");
    }

    @Test
    void oddLengthIsPaddedWithOneZeroByte() {
        String s = Utf16Packing.encode(new byte[] {1, 2, 3});
        assertThat(s).hasSize(2);
        assertThat(Utf16Packing.decode(s)).containsExactly(1, 2, 3, 0);
    }

    @Test
    void everyByteValueRoundTrips() {
        byte[] all = new byte[65536 * 2];
        for (int i = 0; i < 65536; i++) {
            all[2 * i] = (byte) (i >>> 8);
            all[2 * i + 1] = (byte) i;
        }
        assertThat(Utf16Packing.decode(Utf16Packing.encode(all))).isEqualTo(all);
        byte[] random = new byte[4097];
        new Random(7).nextBytes(random);
        assertThat(Arrays.copyOf(Utf16Packing.decode(Utf16Packing.encode(random)), random.length)).isEqualTo(random);
    }

    @Test
    void empty() {
        assertThat(Utf16Packing.encode(new byte[0])).isEmpty();
        assertThat(Utf16Packing.decode("")).isEmpty();
    }
}
