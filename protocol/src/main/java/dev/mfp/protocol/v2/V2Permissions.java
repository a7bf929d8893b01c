package dev.mfp.protocol.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The v2 permission grammar and matcher (permissions.md §1–§2). Unrelated to the v1 rules of
 * {@link dev.mfp.protocol.Permissions}: digits are allowed, upper case is not, {@code **} only ends a pattern and
 * there is no "parent covers child".
 *
 * <p>Validation is one linear pass per pattern, without regular expressions, so that a long claim cannot make
 * the daemon backtrack or recurse.
 */
public final class V2Permissions {
    /** The root grant: covers every permission, and is the only grant covering the required {@code *}. */
    public static final String ROOT = "*";

    private static final String ONE = "*";
    private static final String MANY = "**";

    private V2Permissions() {
    }

    /** A pattern of permissions.md §1: exactly {@code *}, or names, {@code *} and a final {@code **} joined by dots. */
    public static boolean isValidPattern(String pattern) {
        return pattern != null && segmentsOf(pattern) != null;
    }

    /**
     * The strict claim grammar of permissions.md §1 and transport.md §4.3: one or more valid patterns joined by
     * {@code ,}, no spaces, no empty entries. Connect-time acceptance is more lenient, see {@link #parseClaim}.
     */
    public static boolean isValidList(String claim) {
        if (claim == null) {
            return false;
        }
        for (String entry : claim.split(",", -1)) {
            if (!isValidPattern(entry)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The grant list of a JWT {@code permissions} claim at connect (decisions.md #17, transport.md §3.3): entries
     * split on {@code ,}, trimmed, empty ones dropped, every remaining one valid, then de-duplicated and sorted
     * ordinally. Returns null when the token must be refused ({@code 401}): some entry is invalid (none is
     * silently discarded), or no entry remains (conservative: the spec requires "one or more patterns" and #17
     * does not say an all-empty claim is acceptable).
     *
     * <p>Trimming removes only ASCII white space (space, tab, LF, VT, FF, CR), the characters that both Java and
     * .NET treat as white space; any other character left at an end makes the entry invalid.
     */
    public static List<String> parseClaim(String claim) {
        if (claim == null) {
            return null;
        }
        TreeSet<String> entries = new TreeSet<>();
        for (String raw : claim.split(",", -1)) {
            String entry = trimAsciiWhitespace(raw);
            if (entry.isEmpty()) {
                continue;
            }
            if (!isValidPattern(entry)) {
                return null;
            }
            entries.add(entry);
        }
        return entries.isEmpty() ? null : List.copyOf(entries);
    }

    /**
     * A pattern that {@code mcsl.auth.token.issue} may put into a token (methods.md §3.2 step 9): valid and not
     * the bare root grant.
     */
    public static boolean isIssuable(String pattern) {
        return isValidPattern(pattern) && !ROOT.equals(pattern);
    }

    /**
     * The {@code covers(grant, required)} of permissions.md §2. {@code required} may itself be a pattern; the
     * algorithm then answers whether everything it matches is matched by the grant. Either argument being null
     * or not a valid pattern gives false (the algorithm is only defined for valid input).
     */
    public static boolean covers(String grantedPattern, String requiredPermission) {
        if (grantedPattern == null || requiredPermission == null) {
            return false;
        }
        String[] g = segmentsOf(grantedPattern);
        String[] r = segmentsOf(requiredPermission);
        return g != null && r != null && covers(g, r);
    }

    /** §2 on pre-split, valid patterns; the root pattern is the single segment {@code *}. */
    static boolean covers(String[] g, String[] r) {
        if (isRoot(g)) {
            return true;
        }
        if (isRoot(r)) {
            return false;
        }
        int i = 0;
        while (i < g.length) {
            if (g[i].equals(MANY)) {
                return i < r.length;
            }
            if (i >= r.length || r[i].equals(MANY)) {
                return false;
            }
            if (r[i].equals(ONE) && !g[i].equals(ONE)) {
                return false;
            }
            if (!g[i].equals(ONE) && !g[i].equals(r[i])) {
                return false;
            }
            i++;
        }
        return i == r.length;
    }

    static boolean isRoot(String[] segments) {
        return segments.length == 1 && segments[0].equals(ROOT);
    }

    /** The segments of a valid pattern, or null when {@code pattern} breaks the grammar of §1. */
    static String[] segmentsOf(String pattern) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (true) {
            int dot = pattern.indexOf('.', start);
            int end = dot < 0 ? pattern.length() : dot;
            String segment = pattern.substring(start, end);
            boolean last = dot < 0;
            if (!(segment.equals(ONE) || (last && segment.equals(MANY)) || isName(segment))) {
                return null;
            }
            segments.add(segment);
            if (last) {
                return segments.toArray(new String[0]);
            }
            start = dot + 1;
        }
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !isLowerOrDigit(s.charAt(0)) || !isLowerOrDigit(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!isLowerOrDigit(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String trimAsciiWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isAsciiWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
