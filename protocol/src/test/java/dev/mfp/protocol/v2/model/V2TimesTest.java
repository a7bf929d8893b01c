package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V2TimesTest {
    private static final long T = Instant.parse("2026-08-08T13:24:13Z").getEpochSecond();

    @ParameterizedTest
    @CsvSource({
        "0,         2026-08-08T13:24:13+00:00",
        "500000000, 2026-08-08T13:24:13.5+00:00",
        "123456700, 2026-08-08T13:24:13.1234567+00:00",
        "10000000,  2026-08-08T13:24:13.01+00:00",
        "100,       2026-08-08T13:24:13.0000001+00:00",
        "123456789, 2026-08-08T13:24:13.1234567+00:00",
        "999999999, 2026-08-08T13:24:13.9999999+00:00",
        "99,        2026-08-08T13:24:13+00:00",
        "1,         2026-08-08T13:24:13+00:00",
    })
    void fractionIsTruncatedToTicksWithoutTrailingZeros(long nanos, String expected) {
        assertThat(V2Times.format(Instant.ofEpochSecond(T, nanos))).isEqualTo(expected);
    }

    @Test
    void offsetIsAlwaysPlusZero() {
        for (Instant t : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(T, 5), Instant.ofEpochSecond(-1, 500_000_000),
                Instant.parse("9999-12-31T23:59:59.9999999Z")}) {
            String s = V2Times.format(t);
            assertThat(s).endsWith("+00:00").doesNotContain("Z")
                    .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{0,6}[1-9])?\\+00:00");
        }
        assertThat(V2Times.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00+00:00");
        assertThat(V2Times.format(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("1969-12-31T23:59:59.5+00:00");
    }

    @Test
    void parsesBackToTheTruncatedInstant() {
        Instant t = Instant.ofEpochSecond(T, 987_654_321);
        assertThat(java.time.OffsetDateTime.parse(V2Times.format(t)).toInstant())
                .isEqualTo(Instant.ofEpochSecond(T, 987_654_300));
    }
}
