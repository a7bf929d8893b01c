package dev.mfp.protocol.json;

/**
 * The fast path of request parsing: one pass over a UTF-8 frame that checks it is a single JSON object and records
 * where the values of up to four wanted top-level members are, without building a tree or a string. It accepts only
 * a strict subset of what the protocol's parsers accept — plain RFC 8259 JSON, at most {@link #MAX_DEPTH} levels,
 * names without escapes, no wanted member twice — and answers {@code null} for anything else, so that the caller
 * falls back to its full parser, which then gives the very answer it always gave (a syntax error included). The
 * scan never decides an error itself.
 */
public final class EnvelopeScan {
    /** A string whose bytes are its value: printable ASCII, no escape. */
    public static final int PLAIN_STRING = 1;
    /** An object with no member: {@code {}} with optional blanks inside. */
    public static final int EMPTY_OBJECT = 2;
    /** Any other value. */
    public static final int OTHER = 3;

    static final int MAX_DEPTH = 64;
    /**
     * Longest frame scanned. The requests the fast path answers are small; a large one (a base64 upload chunk, a
     * policy document) would be walked byte by byte only to fall back to the full parser, which reads it again.
     */
    public static final int MAX_FRAME = 4096;
    private static final int MAX_NAME = 256;
    private static final int MAX_NUMBER = 64;

    // start << 32 | end of each slot, 0 when absent: fields, not an array, so that a scan is one small object
    private long span0;
    private long span1;
    private long span2;
    private long span3;
    private int kinds; // 4 bits a slot
    private int unknownMembers;

    private EnvelopeScan() {
    }

    /**
     * The wanted member names of one protocol, matched exactly (bytes). At most four.
     */
    public static final class Names {
        private final byte[][] names;

        public Names(String... names) {
            if (names.length > 4) {
                throw new IllegalArgumentException("at most four names");
            }
            this.names = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                this.names[i] = names[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
        }

        int slotOf(byte[] b, int start, int end) {
            int len = end - start;
            outer:
            for (int s = 0; s < names.length; s++) {
                byte[] n = names[s];
                if (n.length != len) {
                    continue;
                }
                for (int i = 0; i < len; i++) {
                    if (n[i] != b[start + i]) {
                        continue outer;
                    }
                }
                return s;
            }
            return -1;
        }
    }

    /**
     * @param asciiOnly refuse any byte outside printable ASCII and JSON blanks (for a protocol whose full parser
     *                  must see and judge such bytes itself); otherwise bytes of 0x80 and above are accepted inside
     *                  strings, which the caller guarantees to be valid UTF-8
     * @return the scan, or {@code null} when the frame is outside the fast subset (or longer than {@link #MAX_FRAME})
     */
    public static EnvelopeScan scan(byte[] b, int off, int len, Names names, boolean asciiOnly) {
        if (len > MAX_FRAME) {
            return null;
        }
        EnvelopeScan s = new EnvelopeScan();
        return s.run(b, off, off + len, names, asciiOnly) ? s : null;
    }

    /** Whether the member of {@code slot} was present. */
    public boolean present(int slot) {
        return span(slot) != 0;
    }

    private long span(int slot) {
        return switch (slot) {
            case 0 -> span0;
            case 1 -> span1;
            case 2 -> span2;
            default -> span3;
        };
    }

    private void setSpan(int slot, long span) {
        switch (slot) {
            case 0 -> span0 = span;
            case 1 -> span1 = span;
            case 2 -> span2 = span;
            default -> span3 = span;
        }
    }

    /** The value kind of a present member; 0 when absent. */
    public int kind(int slot) {
        return (kinds >>> (slot * 4)) & 0xF;
    }

    /** Start of the member's value; for a {@link #PLAIN_STRING}, of its content (after the quote). */
    public int start(int slot) {
        return (int) (span(slot) >>> 32);
    }

    /** End (exclusive) of the member's value; for a {@link #PLAIN_STRING}, of its content (before the quote). */
    public int end(int slot) {
        return (int) span(slot);
    }

    /** How many top-level members were not among the wanted names. */
    public int unknownMembers() {
        return unknownMembers;
    }

    private boolean run(byte[] b, int i, int end, Names names, boolean asciiOnly) {
        i = blanks(b, i, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        i = blanks(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return blanks(b, i + 1, end) == end;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return false;
            }
            int nameStart = i + 1;
            int nameEnd = nameStart;
            while (nameEnd < end && b[nameEnd] != '"') {
                int c = b[nameEnd];
                if (c < 0x20 || c == '\\' || c > 0x7E || nameEnd - nameStart >= MAX_NAME) {
                    return false; // escapes, controls, non-ASCII or long names: the full parser judges them
                }
                nameEnd++;
            }
            if (nameEnd >= end) {
                return false;
            }
            i = blanks(b, nameEnd + 1, end);
            if (i >= end || b[i] != ':') {
                return false;
            }
            i = blanks(b, i + 1, end);
            int valueStart = i;
            int kind;
            int valueEnd;
            if (i < end && b[i] == '"') {
                valueEnd = string(b, i, end, asciiOnly);
                if (valueEnd < 0) {
                    return false;
                }
                kind = plain(b, i + 1, valueEnd - 1) ? PLAIN_STRING : OTHER;
            } else {
                valueEnd = value(b, i, end, 1, asciiOnly);
                if (valueEnd < 0) {
                    return false;
                }
                kind = isEmptyObject(b, valueStart, valueEnd) ? EMPTY_OBJECT : OTHER;
            }
            int slot = names.slotOf(b, nameStart, nameEnd);
            if (slot >= 0) {
                if (span(slot) != 0) {
                    return false; // a repeated member: which one counts is the full parser's rule
                }
                setSpan(slot, kind == PLAIN_STRING ? ((long) (valueStart + 1) << 32) | (valueEnd - 1)
                        : ((long) valueStart << 32) | valueEnd);
                kinds |= kind << (slot * 4);
            } else {
                unknownMembers++;
            }
            i = blanks(b, valueEnd, end);
            if (i >= end) {
                return false;
            }
            if (b[i] == '}') {
                return blanks(b, i + 1, end) == end;
            }
            if (b[i] != ',') {
                return false;
            }
            i = blanks(b, i + 1, end);
        }
    }

    private static boolean plain(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] == '\\' || b[i] < 0x20 || b[i] == 0x7F) { // negative bytes (non-ASCII) included
                return false;
            }
        }
        return true;
    }

    private static boolean isEmptyObject(byte[] b, int start, int end) {
        return b[start] == '{' && blanks(b, start + 1, end) == end - 1;
    }

    /** The index after the value at {@code i}, or -1. */
    private static int value(byte[] b, int i, int end, int depth, boolean asciiOnly) {
        if (i >= end) {
            return -1;
        }
        switch (b[i]) {
            case '"':
                return string(b, i, end, asciiOnly);
            case '{':
                return depth >= MAX_DEPTH ? -1 : object(b, i, end, depth + 1, asciiOnly);
            case '[':
                return depth >= MAX_DEPTH ? -1 : array(b, i, end, depth + 1, asciiOnly);
            case 't':
                return literal(b, i, end, "true");
            case 'f':
                return literal(b, i, end, "false");
            case 'n':
                return literal(b, i, end, "null");
            default:
                return number(b, i, end);
        }
    }

    private static int object(byte[] b, int i, int end, int depth, boolean asciiOnly) {
        i = blanks(b, i + 1, end);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return -1;
            }
            i = string(b, i, end, asciiOnly);
            if (i < 0) {
                return -1;
            }
            i = blanks(b, i, end);
            if (i >= end || b[i] != ':') {
                return -1;
            }
            i = value(b, blanks(b, i + 1, end), end, depth, asciiOnly);
            if (i < 0) {
                return -1;
            }
            i = blanks(b, i, end);
            if (i >= end) {
                return -1;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = blanks(b, i + 1, end);
        }
    }

    private static int array(byte[] b, int i, int end, int depth, boolean asciiOnly) {
        i = blanks(b, i + 1, end);
        if (i < end && b[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = value(b, i, end, depth, asciiOnly);
            if (i < 0) {
                return -1;
            }
            i = blanks(b, i, end);
            if (i >= end) {
                return -1;
            }
            if (b[i] == ']') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = blanks(b, i + 1, end);
        }
    }

    /** A string starting at the quote {@code b[i]}; the index after its closing quote, or -1. */
    private static int string(byte[] b, int i, int end, boolean asciiOnly) {
        i++;
        while (i < end) {
            int c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    return -1;
                }
                switch (b[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (i + 6 > end) {
                            return -1;
                        }
                        for (int k = i + 2; k < i + 6; k++) {
                            if (Character.digit(b[k], 16) < 0) {
                                return -1;
                            }
                        }
                        i += 6;
                    }
                    default -> {
                        return -1;
                    }
                }
                continue;
            }
            if (c >= 0 && c < 0x20 || c < 0 && asciiOnly) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static int literal(byte[] b, int i, int end, String word) {
        int n = word.length();
        if (i + n > end) {
            return -1;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return -1;
            }
        }
        return i + n;
    }

    /** RFC 8259 §6 exactly: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}; short ones only. */
    private static int number(byte[] b, int i, int end) {
        int start = i;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i, end);
        } else {
            return -1;
        }
        if (i < end && b[i] == '.') {
            int d = digits(b, i + 1, end);
            if (d == i + 1) {
                return -1;
            }
            i = d;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = digits(b, i, end);
            if (d == i) {
                return -1;
            }
            i = d;
        }
        if (i - start > MAX_NUMBER) {
            return -1;
        }
        // a number must end at a delimiter; "1x" or "01" is not one number
        if (i < end && !(b[i] == ',' || b[i] == '}' || b[i] == ']' || isBlank(b[i]))) {
            return -1;
        }
        return i;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static int blanks(byte[] b, int i, int end) {
        while (i < end && isBlank(b[i])) {
            i++;
        }
        return i;
    }
}
