package dev.mfp.daemon.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.daemon.instance.rules.CronExpression;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    private static ZonedDateTime at(int y, int mo, int d, int h, int mi, int s) {
        return ZonedDateTime.of(y, mo, d, h, mi, s, 0, ZoneOffset.UTC);
    }

    @Test
    void fiveFieldsMatchAtSecondZero() {
        CronExpression e = CronExpression.parse("*/15 4 * * MON-FRI");
        assertThat(e.matches(at(2026, 1, 5, 4, 30, 0))).isTrue(); // Monday
        assertThat(e.matches(at(2026, 1, 5, 4, 30, 1))).isFalse();
        assertThat(e.matches(at(2026, 1, 5, 4, 31, 0))).isFalse();
        assertThat(e.matches(at(2026, 1, 4, 4, 30, 0))).isFalse(); // Sunday
    }

    @Test
    void sixFieldsListsRangesNamesAndDayOr() {
        assertThat(CronExpression.parse("*/10 * * * * *").matches(at(2026, 3, 1, 0, 0, 20))).isTrue();
        CronExpression e = CronExpression.parse("0 0 12 1,15 JAN-MAR 7");
        assertThat(e.matches(at(2026, 2, 15, 12, 0, 0))).isTrue();
        assertThat(e.matches(at(2026, 2, 22, 12, 0, 0))).isTrue(); // Sunday (dom OR dow)
        assertThat(e.matches(at(2026, 4, 15, 12, 0, 0))).isFalse();
        assertThat(CronExpression.parse("0 0 ? * SUN").matches(at(2026, 2, 22, 0, 0, 0))).isTrue();
    }

    @Test
    void invalidExpressionsAreRejected() {
        for (String bad : new String[] {"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                "5-1 * * * *", "*/0 * * * *", "a * * * *", "* * * * * * *"}) {
            assertThatThrownBy(() -> CronExpression.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void quartzFormHasSixOrSevenFieldsAndFindsTheNextInstant() {
        assertThatThrownBy(() -> CronExpression.parseQuartz("* * * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronExpression.parseQuartz("0 0 3 * * ? 1969"))
                .isInstanceOf(IllegalArgumentException.class);
        ZonedDateTime t = ZonedDateTime.of(2026, 12, 4, 16, 0, 0, 500_000_000, ZoneOffset.UTC);
        assertThat(CronExpression.parseQuartz("*/2 * * * * ?").next(t, 5)).isEqualTo(t.withNano(0).plusSeconds(2));
        assertThat(CronExpression.parseQuartz("0 0 3 * * ?").next(t, 5))
                .isEqualTo(ZonedDateTime.of(2026, 12, 5, 3, 0, 0, 0, ZoneOffset.UTC));
        assertThat(CronExpression.parseQuartz("0 30 1 29 FEB ?").next(t, 5))
                .isEqualTo(ZonedDateTime.of(2028, 2, 29, 1, 30, 0, 0, ZoneOffset.UTC));
        assertThat(CronExpression.parseQuartz("0 0 0 1 1 ? 2030").next(t, 5))
                .isEqualTo(ZonedDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(CronExpression.parseQuartz("0 0 0 1 1 ? 2040").next(t, 5)).isNull();
    }
}
