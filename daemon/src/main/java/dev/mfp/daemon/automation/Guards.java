package dev.mfp.daemon.automation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The in-memory guard state of automation.md §4, keyed by policy id (it survives a re-apply, not a daemon restart):
 * the last execution and the executions of the current UTC day of each policy, and the restart backoff of each
 * (policy, target).
 */
final class Guards {
    /** A backoff counter is forgotten after this long without an automated restart of its target. */
    static final Duration BACKOFF_MEMORY = Duration.ofHours(24);

    private record Day(LocalDate date, int count) {
    }

    private record BackoffKey(UUID policyId, UUID target) {
    }

    private record Backoff(int restarts, Instant last) {
    }

    private final Map<UUID, Instant> lastExecution = new HashMap<>();
    private final Map<UUID, Day> days = new HashMap<>();
    private final Map<BackoffKey, Backoff> backoffs = new HashMap<>();

    /** Drops the cooldown, cap and backoff state of policies not in {@code policyIds}. */
    synchronized void retain(java.util.Set<UUID> policyIds) {
        lastExecution.keySet().retainAll(policyIds);
        days.keySet().retainAll(policyIds);
        backoffs.keySet().removeIf(k -> !policyIds.contains(k.policyId()));
    }

    /** Why the policy may not execute now ({@code cooldown}, {@code daily execution cap}), or null. */
    synchronized String refusal(AutomationPolicy p, Instant now) {
        Instant last = lastExecution.get(p.id());
        if (last != null && now.isBefore(last.plusSeconds(p.cooldownSeconds()))) {
            return "cooldown";
        }
        Day d = days.get(p.id());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (d != null && d.date().equals(today) && d.count() >= p.maxExecutionsPerDay()) {
            return "daily execution cap";
        }
        return null;
    }

    /** Checks and records one execution atomically; returns the refusal reason, or null when admitted. */
    synchronized String admit(AutomationPolicy p, Instant now) {
        String why = refusal(p, now);
        if (why != null) {
            return why;
        }
        lastExecution.put(p.id(), now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Day d = days.get(p.id());
        days.put(p.id(), new Day(today, d != null && d.date().equals(today) ? d.count() + 1 : 1));
        return null;
    }

    /**
     * automation.md §1.4: with n automated restarts of {@code target} by the policy so far, the next one is admitted
     * {@code min(base × 2^n, max)} seconds after the previous one at the earliest; admitted restarts are counted.
     */
    synchronized boolean admitRestart(UUID policyId, UUID target, int baseSeconds, int maxSeconds, Instant now) {
        BackoffKey k = new BackoffKey(policyId, target);
        Backoff b = backoffs.get(k);
        if (b != null && !now.isBefore(b.last().plus(BACKOFF_MEMORY))) {
            b = null;
        }
        if (b != null) {
            long spacing = Math.min((long) baseSeconds << Math.min(b.restarts(), 30), maxSeconds);
            if (now.isBefore(b.last().plusSeconds(spacing))) {
                return false;
            }
        }
        backoffs.put(k, new Backoff(b == null ? 1 : b.restarts() + 1, now));
        return true;
    }
}
