package dev.mfp.protocol.v2.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class DateTimesTest {
    @Test
    void formatsUtcWithUpToSevenDigitsAndNoTrailingZeros() {
        assertThat(DateTimes.format(Instant.parse("2026-08-08T13:24:13.500Z"))).isEqualTo("2026-08-08T13:24:13.5+00:00");
        assertThat(DateTimes.format(Instant.parse("2026-08-08T13:24:13Z"))).isEqualTo("2026-08-08T13:24:13+00:00");
        assertThat(DateTimes.format(Instant.parse("2026-08-08T13:24:13.123456789Z")))
                .isEqualTo("2026-08-08T13:24:13.1234567+00:00");
        assertThat(DateTimes.format(Instant.parse("2026-08-08T13:24:13.000000099Z"))).isEqualTo("2026-08-08T13:24:13+00:00");
        assertThat(DateTimes.format(Instant.parse("2026-08-08T13:24:13.0000001Z"))).isEqualTo("2026-08-08T13:24:13.0000001+00:00");
        assertThat(DateTimes.format(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00+00:00");
        assertThat(DateTimes.format(Instant.parse("1969-12-31T23:59:59.25Z"))).isEqualTo("1969-12-31T23:59:59.25+00:00");
        assertThatThrownBy(() -> DateTimes.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesRfc3339WithZOrOffset() {
        assertThat(DateTimes.parse("2026-08-08T13:24:13.5+00:00"))
                .isEqualTo(OffsetDateTime.of(2026, 8, 8, 13, 24, 13, 500_000_000, ZoneOffset.UTC));
        assertThat(DateTimes.parse("2026-08-08T15:24:13+02:00").toInstant()).isEqualTo(Instant.parse("2026-08-08T13:24:13Z"));
        assertThat(DateTimes.parseInstant("2026-08-08T08:54:13-04:30")).isEqualTo(Instant.parse("2026-08-08T13:24:13Z"));
        assertThat(DateTimes.parse("2026-08-08T13:24:13.1234567891234Z").getNano()).isEqualTo(123_456_789);
        assertThat(DateTimes.parse("2026-08-08T13:24:13z").getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void roundTrips() {
        Instant t = Instant.parse("2026-08-08T13:24:13.1234567Z");
        assertThat(DateTimes.parseInstant(DateTimes.format(t))).isEqualTo(t);
    }

    @Test
    void refusesOtherSpellings() {
        for (String s : new String[] {"", "2026-08-08", "2026-08-08T13:24:13", "2026-08-08T13:24Z", "2026-8-08T13:24:13Z",
                "2026-08-08T13:24:13+00", "2026-08-08T13:24:13+00:00 ", " 2026-08-08T13:24:13Z", "2026-13-01T00:00:00Z",
                "2026-08-08T13:24:60Z", "2026-08-08T13:60:00Z", "2026-08-08T13:24:13+19:00", "2026-08-08T13:24:13.Z",
                "2026-08-08T13:24:13,5Z", "2026-08-08T13:24:13ZZ", "2026-08-08T13:24:13UTC", "２026-08-08T13:24:13Z"}) {
            assertThat(DateTimes.isValid(s)).as(s).isFalse();
            assertThatThrownBy(() -> DateTimes.parse(s)).isInstanceOf(DateTimeParseException.class);
        }
    }
}
