package dev.mfp.protocol.v2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The grants of one v2 connection (permissions.md §3), fixed for the connection's life. Patterns are validated
 * and split once, so a check costs no parsing of the grants.
 */
public final class V2PermissionSet {
    /** No grants: every check fails. */
    public static final V2PermissionSet NONE = new V2PermissionSet(List.of());
    /** The main token's grants, {@code ["*"]}. */
    public static final V2PermissionSet ALL = new V2PermissionSet(List.of(V2Permissions.ROOT));

    private final List<String> patterns;
    private final List<String[]> compiled;
    private final dev.mfp.protocol.Decisions decided = new dev.mfp.protocol.Decisions(this::anyCovers);

    private V2PermissionSet(List<String> patterns) {
        this.patterns = patterns;
        List<String[]> c = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            c.add(V2Permissions.segmentsOf(p));
        }
        this.compiled = List.copyOf(c);
    }

    /**
     * The set of {@code patterns}, de-duplicated and sorted ordinally. Entries are taken as they are (use
     * {@link V2Permissions#parseClaim} for a JWT claim). If any entry is null or not a valid pattern the result
     * is {@link #NONE}, because a list that cannot be compiled grants nothing (permissions.md §3).
     */
    public static V2PermissionSet of(Collection<String> patterns) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String p : patterns) {
            if (!V2Permissions.isValidPattern(p)) {
                return NONE;
            }
            sorted.add(p);
        }
        return sorted.isEmpty() ? NONE : new V2PermissionSet(List.copyOf(sorted));
    }

    /** Whether any grant covers {@code permission} (permissions.md §2); false for null or an invalid name. */
    public boolean allows(String permission) {
        if (permission == null) {
            return false;
        }
        return decided.test(permission);
    }

    /**
     * Whether a pattern requested for a new token is within these grants (methods.md §3.2 step 9, permissions.md
     * §4): true when one single grant covers the whole pattern by the §2 algorithm. Conservative: grants are not
     * combined, so {@code a.*} and {@code a.*.**} together do not cover {@code a.**}. Whether the pattern may be
     * issued at all (not bare {@code *}) is {@link V2Permissions#isIssuable}.
     */
    public boolean coversPattern(String requestedPattern) {
        return anyCovers(requestedPattern);
    }

    /** Holds the root grant (exactly {@code *}, not {@code **}), so passes every check including a required {@code *}. */
    public boolean isAll() {
        return Collections.binarySearch(patterns, V2Permissions.ROOT) >= 0;
    }

    /** The granted patterns, de-duplicated, sorted ordinally, unmodifiable (the list of {@code mcsl.auth.permissions.get}). */
    public List<String> patterns() {
        return patterns;
    }

    private boolean anyCovers(String required) {
        if (required == null || compiled.isEmpty()) {
            return false;
        }
        String[] r = V2Permissions.segmentsOf(required);
        if (r == null) {
            return false;
        }
        for (String[] g : compiled) {
            if (V2Permissions.covers(g, r)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V2PermissionSet other && other.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return "V2PermissionSet" + patterns;
    }
}
