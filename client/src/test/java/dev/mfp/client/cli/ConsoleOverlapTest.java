package dev.mfp.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines published between the subscription and the history answer are printed once by {@code mfp console}. */
class ConsoleOverlapTest {
    @Test
    void theLongestPrefixOfTheLiveLinesThatEndsTheHistoryIsSkipped() {
        assertThat(ConsoleCommand.overlap(List.of("a", "b", "c"), List.of("b", "c", "d"))).isEqualTo(2);
        assertThat(ConsoleCommand.overlap(List.of("a", "b"), List.of("x"))).isZero();
        assertThat(ConsoleCommand.overlap(List.of("a", "a"), List.of("a", "a", "a"))).isEqualTo(2);
        assertThat(ConsoleCommand.overlap(List.of(), List.of("a"))).isZero();
    }
}
