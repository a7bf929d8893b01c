package dev.mfp.daemon.instance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A numeric Minecraft Java version {@code 1.x[.y]} (models.md §3.1), comparable. */
public record McVersion(int major, int minor, int patch) implements Comparable<McVersion> {
    private static final Pattern NUMERIC = Pattern.compile("^1\\.(\\d{1,3})(?:\\.(\\d{1,3}))?$");

    /** Null when {@code s} is not of the form {@code 1.x[.y]}. */
    public static McVersion parse(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = NUMERIC.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        return new McVersion(1, Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    public static McVersion of(String s) {
        McVersion v = parse(s);
        if (v == null) {
            throw new IllegalArgumentException(s);
        }
        return v;
    }

    public boolean atLeast(String other) {
        return compareTo(of(other)) >= 0;
    }

    @Override
    public int compareTo(McVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }
}
