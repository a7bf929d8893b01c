package dev.mfp.protocol.v2.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesTheSpecExamples() {
        assertThat(Durations.parse("00:15:00")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("1.00:00:00")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("-01:02:03.5")).isEqualTo(Duration.ofSeconds(-3723, -500_000_000));
        assertThat(Durations.parse("00:00:00.0000001")).isEqualTo(Duration.ofNanos(100));
        assertThat(Durations.parse("0010675199.02:48:05.4775807")).isEqualTo(Duration.ofSeconds(922337203685L, 477580700));
    }

    @Test
    void refusesWhatTheRegexOrTheTimeSpanRangeRefuses() {
        for (String s : new String[] {"", "15:00", "1:00:00", "00:15:00.", "00:15:00.12345678", "1.2.00:00:00",
                "+00:15:00", "--00:15:00", "00:15:00 ", "PT15M", "24:00:00", "00:60:00", "00:00:60",
                "10675199.02:48:05.4775808", "123456789.00:00:00", "١٢:٠٠:٠٠"}) {
            assertThat(Durations.format(Duration.ofSeconds(90061, 100))).isEqualTo("1.01:01:01.0000001");
        assertThat(Durations.isValid(s)).as(s).isFalse();
        }
    }

    @Test
    void formatsLikeTheTimeSpanConstantFormat() {
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("00:15:00");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1.00:00:00");
        assertThat(Durations.format(Duration.ofMillis(-1500))).isEqualTo("-00:00:01.5000000");
        assertThat(Durations.format(Duration.ofSeconds(90061, 99))).isEqualTo("1.01:01:01");
        assertThat(Durations.format(Duration.ofSeconds(90061, 100))).isEqualTo("1.01:01:01.0000001");
        assertThat(Durations.isValid(Durations.format(Duration.ofSeconds(86399, 999_999_999)))).isTrue();
    }
}
