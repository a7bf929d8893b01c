package dev.mfp.protocol.v2.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The v2 {@code date-time} output form (rpc.md §6): RFC 3339 in UTC with offset {@code +00:00} and up to 7
 * fractional digits, trailing zeros removed, no fraction when it is zero. Sub-tick precision is truncated to
 * 100 ns, as a .NET {@code DateTimeOffset} holds it.
 */
public final class V2Times {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private V2Times() {
    }

    public static String format(Instant t) {
        StringBuilder b = new StringBuilder(33).append(SECONDS.format(t));
        int ticks = t.getNano() / 100;
        if (ticks != 0) {
            String digits = String.format("%07d", ticks);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        return b.append("+00:00").toString();
    }
}
