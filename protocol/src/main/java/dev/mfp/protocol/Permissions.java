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
    private static final String BODY = "(?:(?:[A-Za-z_-]+|\\*{1,2})\\.)*(?:[A-Za-z_-]+|\\*{1,2})";
    private static final Pattern PERMISSION = Pattern.compile(BODY);
    private static final Pattern LIST = Pattern.compile(BODY + "(?:," + BODY + ")*");

    /** The main token's grant. */
    public static final Permissions ALL = parse("*");

    private final List<String> granted;
    private final List<Pattern> matchers;

    private Permissions(List<String> granted) {
        this.granted = Collections.unmodifiableList(granted);
        List<Pattern> m = new ArrayList<>(granted.size());
        for (String g : granted) {
            m.add(compile(g));
        }
        this.matchers = m;
    }

    public static boolean isValidPermission(String p) {
        return p != null && PERMISSION.matcher(p).matches();
    }

    public static boolean isValidList(String list) {
        return list != null && LIST.matcher(list).matches();
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
