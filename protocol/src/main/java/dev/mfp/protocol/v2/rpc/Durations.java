package dev.mfp.protocol.v2.rpc;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code duration} type of rpc.md §6, the .NET {@code TimeSpan} "c" format. Beyond the regex the
 * fields are range-checked as {@code TimeSpan} does (hours 0–23, minutes and seconds 0–59, within
 * the {@code TimeSpan} range), because the C# binder refuses {@code "24:00:00"} although the regex
 * matches it.
 */
public final class Durations {
    public static final String PATTERN = "^-?(\\d+\\.)?\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?$";

    private static final Pattern SYNTAX = Pattern.compile("(-?)(?:(\\d+)\\.)?(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");
    private static final long MAX_TICKS = Long.MAX_VALUE;
    private static final long TICKS_PER_SECOND = 10_000_000L;

    private Durations() {
    }

    public static boolean isValid(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException when {@code s} is not a valid duration */
    public static Duration parse(String s) {
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + s);
        }
        String dayDigits = m.group(2) == null ? "0" : m.group(2).replaceFirst("^0+(?=.)", "");
        if (dayDigits.length() > 8) {
            throw new IllegalArgumentException("duration beyond the TimeSpan range: " + s);
        }
        long days = Long.parseLong(dayDigits);
        int hours = Integer.parseInt(m.group(3));
        int minutes = Integer.parseInt(m.group(4));
        int seconds = Integer.parseInt(m.group(5));
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("duration field out of range: " + s);
        }
        String f = m.group(6) == null ? "" : m.group(6);
        long fractionTicks = f.isEmpty() ? 0 : Long.parseLong((f + "000000").substring(0, 7));
        long wholeSeconds = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
        if (wholeSeconds > MAX_TICKS / TICKS_PER_SECOND
                || wholeSeconds * TICKS_PER_SECOND > MAX_TICKS - fractionTicks) {
            throw new IllegalArgumentException("duration beyond the TimeSpan range: " + s);
        }
        Duration d = Duration.ofSeconds(wholeSeconds, fractionTicks * 100);
        return m.group(1).isEmpty() ? d : d.negated();
    }

    /** {@code [-][d.]hh:mm:ss[.fffffff]}, truncated to 100 ns; the fraction has 7 digits when present. */
    public static String format(Duration d) {
        StringBuilder b = new StringBuilder();
        if (d.isNegative()) {
            b.append('-');
            d = d.negated();
        }
        long total = d.getSeconds();
        long days = total / 86_400;
        if (days != 0) {
            b.append(days).append('.');
        }
        two(b, (int) (total / 3600 % 24)).append(':');
        two(b, (int) (total / 60 % 60)).append(':');
        two(b, (int) (total % 60));
        int ticks = d.getNano() / 100;
        if (ticks != 0) {
            String t = Integer.toString(ticks);
            b.append('.').append("0000000", 0, 7 - t.length()).append(t);
        }
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }
}
