package dev.mfp.protocol.v2.rpc;

/**
 * The dotted-identifier grammar of rpc.md §1.1 (method names; events.md uses it for event names). A
 * hand-written scan instead of a regex so that a 10 MiB name costs linear time.
 */
public final class DottedIdentifier {
    private DottedIdentifier() {
    }

    public static boolean isValid(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        boolean segmentStart = true;
        char last = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (segmentStart || last == '-' || last == '_') {
                    return false;
                }
                segmentStart = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                segmentStart = false;
            } else if (c == '-' || c == '_') {
                if (segmentStart) {
                    return false;
                }
            } else {
                return false;
            }
            last = c;
        }
        return !segmentStart && last != '-' && last != '_';
    }
}
