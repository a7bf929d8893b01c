package dev.mfp.daemon.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.json.Json;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ring's byte accounting against what the protocol mapper really writes (pure logic, in-process). */
class ConsoleRingTest {
    @Test
    void accountedBytesBoundTheSerializedHistory() throws Exception {
        Random r = new Random(8);
        String alphabet = "aZ09 \"\\\t\r\n\u0001\u007f\u00e9\u4f60\ud83d\ude00";
        ConsoleRing ring = new ConsoleRing(1000, 300 << 10);
        for (int i = 0; i < 1500; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = r.nextInt(2000); n > 0; n--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            ring.add(b.toString());
            List<String> lines = ring.snapshot();
            int json = Json.mapper().writeValueAsBytes(lines).length;
            assertThat(json).isLessThanOrEqualTo(300 << 10).isLessThanOrEqualTo((int) ring.bytes() + 1);
            assertThat(lines).hasSizeLessThanOrEqualTo(1000).last().isEqualTo(b.toString());
        }
    }

    @Test
    void aLineLargerThanTheBoundIsStillKeptAlone() {
        ConsoleRing ring = new ConsoleRing(1000, 100);
        ring.add("short");
        ring.add("x".repeat(500));
        assertThat(ring.snapshot()).containsExactly("x".repeat(500));
        ring.add("y");
        assertThat(ring.snapshot()).containsExactly("y");
    }
}
