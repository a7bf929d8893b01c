package dev.mfp.daemon.files.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.codec.DotNetGuid;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RangeSetTest {
    @Test
    void mergesOverlapsAndRepeats() {
        RangeSet r = new RangeSet();
        r.add(10, 20);
        r.add(10, 20);
        assertThat(r.covered()).isEqualTo(10);
        r.add(15, 25);
        assertThat(r.covered()).isEqualTo(15);
        r.add(30, 40);
        r.add(0, 5);
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.coversAll(40)).isFalse();
        r.add(5, 10); // adjacent ranges merge
        r.add(25, 30);
        assertThat(r.size()).isOne();
        assertThat(r.covered()).isEqualTo(40);
        assertThat(r.coversAll(40)).isTrue();
        r.add(3, 3);
        assertThat(r.covered()).isEqualTo(40);
        r.add(0, 100);
        assertThat(r.covered()).isEqualTo(100);
        assertThat(r.size()).isOne();
        assertThat(new RangeSet().coversAll(0)).isTrue();
    }

    @Test
    void agreesWithABitmapOnRandomInput() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            int size = 1 + rnd.nextInt(300);
            boolean[] bits = new boolean[size];
            RangeSet r = new RangeSet();
            for (int i = 0; i < 20; i++) {
                int a = rnd.nextInt(size);
                int b = a + rnd.nextInt(size - a + 1);
                r.add(a, b);
                for (int k = a; k < b; k++) {
                    bits[k] = true;
                }
                int n = 0;
                for (boolean x : bits) {
                    n += x ? 1 : 0;
                }
                assertThat(r.covered()).isEqualTo(n);
                assertThat(r.coversAll(size)).isEqualTo(n == size);
            }
        }
    }

    @Test
    void dotNetGuidBytes() {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(HexFormat.of().formatHex(DotNetGuid.toBytes(id))).isEqualTo("33221100554477668899aabbccddeeff");
        assertThat(DotNetGuid.read(ByteBuffer.wrap(DotNetGuid.toBytes(id)))).isEqualTo(id);
        for (int i = 0; i < 100; i++) {
            UUID u = UUID.randomUUID();
            assertThat(DotNetGuid.read(ByteBuffer.wrap(DotNetGuid.toBytes(u)))).isEqualTo(u);
        }
    }

    @Test
    void stagingNamesStayWithinNameMax() {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(UploadSessions.stagingName("world.zip", id))
                .isEqualTo(".world.zip.00112233445566778899aabbccddeeff.upload.tmp");
        assertThat(UploadSessions.stagingName("é".repeat(127), id).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(255);
        assertThat(UploadSessions.STAGING_NAME.matcher(UploadSessions.stagingName("x", id)).matches()).isTrue();
    }

    @Test
    void coveredUntilGivesTheEndOfTheRunContainingAPosition() {
        RangeSet r = new RangeSet();
        assertThat(r.coveredUntil(0)).isZero();
        r.add(0, 10);
        r.add(20, 30);
        assertThat(r.coveredUntil(0)).isEqualTo(10);
        assertThat(r.coveredUntil(9)).isEqualTo(10);
        assertThat(r.coveredUntil(10)).isEqualTo(10);
        assertThat(r.coveredUntil(15)).isEqualTo(15);
        assertThat(r.coveredUntil(25)).isEqualTo(30);
        r.add(10, 20);
        assertThat(r.coveredUntil(3)).isEqualTo(30);
    }

    @Test
    void fitsWithinRefusesOnlyARangeThatWouldAddOneTooMany() {
        RangeSet r = new RangeSet();
        r.add(0, 1);
        r.add(4, 5);
        assertThat(r.fitsWithin(8, 9, 3)).isTrue();
        assertThat(r.fitsWithin(8, 9, 2)).isFalse();
        assertThat(r.fitsWithin(1, 2, 2)).as("adjoins [0,1)").isTrue();
        assertThat(r.fitsWithin(3, 4, 2)).as("adjoins [4,5)").isTrue();
        assertThat(r.fitsWithin(2, 3, 2)).as("touches nothing").isFalse();
        assertThat(r.fitsWithin(0, 9, 2)).as("covers both").isTrue();
        assertThat(r.fitsWithin(7, 7, 2)).as("empty").isTrue();
        r.add(1, 4);
        assertThat(r.size()).isOne();
    }
}
