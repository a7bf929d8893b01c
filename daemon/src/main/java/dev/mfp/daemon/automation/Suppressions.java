package dev.mfp.daemon.automation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The active holds of automation.md §3.1 and §4, in memory only: scope {@code all} refuses automated restarts and
 * stops of an instance, {@code restarts} only restarts, until {@code until}. One hold per (instance, scope); a new one
 * replaces it.
 */
public final class Suppressions {
    public static final String ALL = "all";
    public static final String RESTARTS = "restarts";

    public record Hold(UUID instanceId, String scope, Instant until, String reason, UUID policyId) {
    }

    private record Key(UUID instanceId, String scope) {
    }

    private final Map<Key, Hold> holds = new LinkedHashMap<>();

    synchronized void add(Hold h) {
        holds.put(new Key(h.instanceId(), h.scope()), h);
    }

    /** The holds still active at {@code now}, the expired ones dropped; by instance, then scope. */
    public synchronized List<Hold> active(Instant now) {
        holds.values().removeIf(h -> !h.until().isAfter(now));
        List<Hold> out = new ArrayList<>(holds.values());
        out.sort(Comparator.comparing((Hold h) -> h.instanceId().toString()).thenComparing(Hold::scope));
        return out;
    }

    /** The hold that refuses an automated restart ({@code restart}) or stop of {@code instance} now, or null. */
    synchronized Hold refusing(UUID instance, boolean restart, Instant now) {
        for (Hold h : active(now)) {
            if (h.instanceId().equals(instance) && (ALL.equals(h.scope()) || restart && RESTARTS.equals(h.scope()))) {
                return h;
            }
        }
        return null;
    }
}
