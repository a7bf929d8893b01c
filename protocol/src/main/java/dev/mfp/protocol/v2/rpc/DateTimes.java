package dev.mfp.protocol.v2.rpc;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code date-time} type of rpc.md §6. Output is what the C# daemon writes: UTC with offset
 * {@code +00:00} and up to 7 fractional digits (100 ns ticks, truncated) without trailing zeros.
 * Input is RFC 3339 §5.6 with {@code Z} or {@code ±hh:mm}.
 */
public final class DateTimes {
    private DateTimes() {
    }

    /** @throws IllegalArgumentException for a year outside 0000 … 9999, which RFC 3339 cannot write */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of RFC 3339 range: " + instant);
        }
        StringBuilder b = new StringBuilder(33);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int ticks = t.getNano() / 100;
        if (ticks != 0) {
            int digits = 7;
            while (ticks % 10 == 0) {
                ticks /= 10;
                digits--;
            }
            b.append('.');
            pad(b, ticks, digits);
        }
        return b.append("+00:00").toString();
    }

    public static boolean isValid(String s) {
        try {
            parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    public static Instant parseInstant(String s) {
        return parse(s).toInstant();
    }

    /**
     * {@code YYYY-MM-DD"T"hh:mm:ss[.f+](Z|±hh:mm)}, {@code T} and {@code Z} in either case. Digits
     * beyond nanoseconds are dropped. A leap second ({@code :60}) and offsets beyond ±18:00 are refused:
     * {@link OffsetDateTime} holds neither.
     *
     * @throws DateTimeParseException when {@code s} is not such a date-time
     */
    public static OffsetDateTime parse(String s) {
        Cursor c = new Cursor(s);
        int year = c.digits(4);
        c.expect('-');
        int month = c.digits(2);
        c.expect('-');
        int day = c.digits(2);
        c.expectEither('T', 't');
        int hour = c.digits(2);
        c.expect(':');
        int minute = c.digits(2);
        c.expect(':');
        int second = c.digits(2);
        int nano = 0;
        if (c.peek() == '.') {
            c.pos++;
            int start = c.pos;
            while (c.peek() >= '0' && c.peek() <= '9') {
                if (c.pos - start < 9) {
                    nano = nano * 10 + (c.peek() - '0');
                }
                c.pos++;
            }
            int n = c.pos - start;
            if (n == 0) {
                throw c.fail("fraction without digits");
            }
            for (int i = n; i < 9; i++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        char z = c.peek();
        if (z == 'Z' || z == 'z') {
            c.pos++;
            offset = ZoneOffset.UTC;
        } else if (z == '+' || z == '-') {
            c.pos++;
            int oh = c.digits(2);
            c.expect(':');
            int om = c.digits(2);
            if (om > 59) {
                throw c.fail("offset minutes");
            }
            try {
                offset = z == '+' ? ZoneOffset.ofHoursMinutes(oh, om) : ZoneOffset.ofHoursMinutes(-oh, -om);
            } catch (DateTimeException e) {
                throw c.fail("offset out of range");
            }
        } else {
            throw c.fail("offset expected");
        }
        if (c.pos != s.length()) {
            throw c.fail("trailing characters");
        }
        try {
            return OffsetDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nano), offset);
        } catch (DateTimeException e) {
            throw c.fail(e.getMessage());
        }
    }

    private static StringBuilder pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        int digits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                char ch = peek();
                if (ch < '0' || ch > '9') {
                    throw fail("digit expected");
                }
                v = v * 10 + (ch - '0');
                pos++;
            }
            return v;
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw fail("'" + ch + "' expected");
            }
            pos++;
        }

        void expectEither(char a, char b) {
            if (peek() != a && peek() != b) {
                throw fail("'" + a + "' expected");
            }
            pos++;
        }

        DateTimeParseException fail(String why) {
            return new DateTimeParseException("not an RFC 3339 date-time (" + why + ")", s, Math.min(pos, s.length()));
        }
    }
}
