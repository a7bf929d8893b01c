package dev.mfp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecisionsTest {
    @Test
    void anAnswerIsWorkedOutOncePerNameUpToTheBound() {
        AtomicInteger asked = new AtomicInteger();
        Decisions d = new Decisions(name -> {
            asked.incrementAndGet();
            return name.startsWith("yes");
        });
        assertThat(d.test("yes.a")).isTrue();
        assertThat(d.test("no.a")).isFalse();
        assertThat(d.test("yes.a")).isTrue();
        assertThat(d.test("no.a")).isFalse();
        assertThat(asked.get()).isEqualTo(2);
        for (int i = 0; i < Decisions.MAX + 100; i++) {
            d.test("n" + i);
        }
        int before = asked.get();
        d.test("n0");
        assertThat(asked.get()).as("kept").isEqualTo(before);
        d.test("n" + (Decisions.MAX + 50));
        assertThat(asked.get()).as("past the bound: worked out again").isEqualTo(before + 1);
    }
}
