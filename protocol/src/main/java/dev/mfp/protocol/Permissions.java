package dev.mfp.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A granted permission list (permissions.md): anchored grammar validation and the reference matching
 * algorithm. Immutable; the per-grant regexes are compiled once.
 */
public final class Permissions {
    /**
     * Most permissions one list may hold. The grammar has no bound; a bigger list is refused as invalid, so that
     * a request cannot make the daemon validate, sign or compile an unbounded number of grants.
     */
    public static final int MAX_NODES = 1024;

    /** The main token's grant. */
    public static final Permissions ALL = parse("*");
    /** No grant at all (a v2 token whose patterns are not v1 nodes). */
    public static final Permissions NONE = new Permissions(List.of());

    private final List<String> granted;
    private final List<Pattern> matchers;
    private final Decisions decided = new Decisions(this::matchesAny);

    private Permissions(List<String> granted) {
        this.granted = Collections.unmodifiableList(granted);
        List<Pattern> m = new ArrayList<>(granted.size());
        for (String g : granted) {
            m.add(compile(g));
        }
        this.matchers = m;
    }

    public static boolean isValidPermission(String p) {
        return p != null && scan(p, false) == 1;
    }

    /** The anchored list grammar of permissions.md §1, with at most {@link #MAX_NODES} permissions. */
    public static boolean isValidList(String list) {
        return list != null && scan(list, true) > 0;
    }

    /**
     * One linear pass over the grammar (no regex: a backtracking matcher recursed per node and overflowed its
     * stack on long lists): permissions separated by ',', segments by '.', a segment being {@code [A-Za-z_-]+},
     * {@code *} or {@code **}. Returns the number of permissions, or -1 when the text does not match.
     */
    private static int scan(String text, boolean list) {
        int nodes = 1;
        int segmentStart = 0;
        boolean stars = false;
        boolean letters = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? ',' : text.charAt(i);
            if (c == '.' || c == ',') {
                int len = i - segmentStart;
                if (len == 0 || (stars && len > 2)) {
                    return -1;
                }
                if (c == ',' && i < text.length()) {
                    if (!list || ++nodes > MAX_NODES) {
                        return -1;
                    }
                }
                segmentStart = i + 1;
                stars = false;
                letters = false;
            } else if (c == '*') {
                if (letters) {
                    return -1;
                }
                stars = true;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-') {
                if (stars) {
                    return -1;
                }
                letters = true;
            } else {
                return -1;
            }
        }
        return nodes;
    }

    /** Parses a comma-separated list; throws {@link IllegalArgumentException} when it does not match the grammar. */
    public static Permissions parse(String list) {
        if (!isValidList(list)) {
            throw new IllegalArgumentException("invalid permission list");
        }
        return new Permissions(List.of(list.split(",")));
    }

    /** The grants in the order they were given. */
    public List<String> granted() {
        return granted;
    }

    /** True when {@code required} is {@code null} (no permission needed) or any grant matches it. */
    public boolean allows(String required) {
        if (required == null) {
            return true;
        }
        return decided.test(required);
    }

    private boolean matchesAny(String required) {
        String input = required.replace('.', ' ');
        for (Pattern p : matchers) {
            if (p.matcher(input).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The reference algorithm of permissions.md §2.2 for one grant. */
    public static boolean matches(String granted, String required) {
        return compile(granted).matcher(required.replace('.', ' ')).matches();
    }

    private static Pattern compile(String granted) {
        String p = granted.replace(".", "\\s");
        p = p.replace("**", ".+");
        // Only single '*' remain; '.+' contains no '*', so this cannot touch the replacement above.
        p = p.replace("*", "\\S+");
        return Pattern.compile("^" + p + "(\\s.+)?$");
    }

    @Override
    public String toString() {
        return String.join(",", granted);
    }
}
