package dev.mfp.protocol.json;

import java.util.UUID;

/** The canonical lower-case UUID text ({@code 8-4-4-4-12} hex digits), read straight from frame bytes. */
public final class CanonicalUuid {
    private CanonicalUuid() {
    }

    /** Whether {@code b[start, end)} is a UUID exactly as the mapper writes one back. */
    public static boolean is(byte[] b, int start, int end) {
        if (end - start != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            byte c = b[start + i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The UUID of a text {@link #is} accepted. */
    public static UUID parse(byte[] b, int start) {
        long hi = 0;
        long lo = 0;
        int n = 0;
        for (int i = 0; i < 36; i++) {
            byte c = b[start + i];
            if (c == '-') {
                continue;
            }
            int d = c <= '9' ? c - '0' : c - 'a' + 10;
            if (n++ < 16) {
                hi = hi << 4 | d;
            } else {
                lo = lo << 4 | d;
            }
        }
        return new UUID(hi, lo);
    }
}
