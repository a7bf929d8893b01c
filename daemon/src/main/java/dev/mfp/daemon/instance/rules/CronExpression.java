package dev.mfp.daemon.instance.rules;

import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A cron expression: the classic 5 fields {@code minute hour day-of-month month day-of-week}, or 6 with a leading
 * {@code second} field. Each field: {@code *}, {@code ?} (days only), numbers, names ({@code JAN}…, {@code SUN}…),
 * ranges {@code a-b}, steps {@code /n}, lists {@code ,}. Day-of-week 0 and 7 are Sunday. When both day fields are
 * restricted a time matches if either does (Vixie cron). Evaluated in the daemon's local time zone.
 */
public final class CronExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domAny;
    private final boolean dowAny;
    /** Quartz's optional seventh field (bits by year); null = every year. */
    private final BitSet years;
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2199;

    private CronExpression(String[] f) {
        int o = f.length >= 6 ? 1 : 0;
        seconds = o == 1 ? field(f[0], 0, 59, null) : single(0);
        minutes = field(f[o], 0, 59, null);
        hours = field(f[o + 1], 0, 23, null);
        daysOfMonth = field(f[o + 2], 1, 31, null);
        months = field(f[o + 3], 1, 12, MONTHS);
        BitSet dow = field(f[o + 4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
        }
        daysOfWeek = dow;
        domAny = any(f[o + 2]);
        dowAny = any(f[o + 4]);
        years = f.length == 7 ? field(f[6], FIRST_YEAR, LAST_YEAR, null) : null;
    }

    /** @throws IllegalArgumentException when the expression is not valid */
    public static CronExpression parse(String expr) {
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException("empty expression");
        }
        String[] f = expr.trim().split("\\s+");
        if (f.length != 5 && f.length != 6) {
            throw new IllegalArgumentException("expected 5 or 6 fields, got " + f.length);
        }
        return new CronExpression(f);
    }

    /**
     * The Quartz form of the automation trigger {@code schedule.cron} (spec-v2 extensions.md §2): 6 fields with
     * leading seconds, or 7 with a trailing year ({@value #FIRST_YEAR}–{@value #LAST_YEAR}); the fields otherwise as
     * {@link #parse}.
     *
     * @throws IllegalArgumentException when the expression is not valid
     */
    public static CronExpression parseQuartz(String expr) {
        if (expr == null || expr.isBlank()) {
            throw new IllegalArgumentException("empty expression");
        }
        String[] f = expr.trim().split("\\s+");
        if (f.length != 6 && f.length != 7) {
            throw new IllegalArgumentException("expected 6 or 7 fields, got " + f.length);
        }
        return new CronExpression(f);
    }

    /**
     * The first instant strictly after {@code after} (at whole seconds) that matches, searching at most
     * {@code horizonYears} ahead; null when none does.
     */
    public ZonedDateTime next(ZonedDateTime after, int horizonYears) {
        ZonedDateTime t = after.withNano(0).plusSeconds(1);
        ZonedDateTime end = after.plusYears(horizonYears);
        while (!t.isAfter(end)) {
            if (years != null && (t.getYear() < FIRST_YEAR || t.getYear() > LAST_YEAR
                    || !years.get(t.getYear()))) {
                t = t.plusYears(1).withDayOfYear(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            } else if (!months.get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            } else if (!dayMatches(t)) {
                t = t.plusDays(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            } else if (!hours.get(t.getHour())) {
                t = t.plusHours(1).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return t;
            }
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        return domAny || dowAny ? dom && dow : dom || dow;
    }

    public boolean matches(ZonedDateTime t) {
        if (!seconds.get(t.getSecond()) || !minutes.get(t.getMinute()) || !hours.get(t.getHour())
                || !months.get(t.getMonthValue())) {
            return false;
        }
        if (years != null && (t.getYear() < FIRST_YEAR || t.getYear() > LAST_YEAR
                || !years.get(t.getYear()))) {
            return false;
        }
        return dayMatches(t);
    }

    private static boolean any(String f) {
        return f.equals("*") || f.equals("?");
    }

    private static BitSet single(int v) {
        BitSet b = new BitSet();
        b.set(v);
        return b;
    }

    private static BitSet field(String spec, int min, int max, List<String> names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty list element in '" + spec + "'");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, null);
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else if (range.indexOf('-') > 0) {
                String[] ab = range.split("-", 2);
                lo = number(ab[0], min, max, names);
                hi = number(ab[1], min, max, names);
                if (hi < lo) {
                    throw new IllegalArgumentException("range " + range + " is reversed");
                }
            } else {
                lo = number(range, min, max, names);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String s, int min, int max, List<String> names) {
        if (names != null) {
            int i = names.indexOf(s.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return names == MONTHS ? i + 1 : i;
            }
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is outside " + min + "-" + max);
        }
        return v;
    }
}
