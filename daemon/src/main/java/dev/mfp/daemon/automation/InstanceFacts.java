package dev.mfp.daemon.automation;

import dev.mfp.daemon.event.DaemonEvent;
import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.EventSubscriber;
import dev.mfp.daemon.instance.InstanceCatalog;
import dev.mfp.protocol.model.InstanceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the evaluator remembers about instances, fed by the catalog's commits on the event bus: when each entered
 * {@code crashed} (24 h of crash memory, automation.md §1.3), the crash evidence a policy has consumed, and since when
 * each has been in its current status (from the evaluator's first observation).
 */
final class InstanceFacts implements EventSubscriber {
    static final Duration CRASH_MEMORY = Duration.ofHours(24);
    /** Most crashes remembered per instance. */
    static final int MAX_CRASHES = 1024;

    private record Observed(InstanceStatus status, Instant since) {
    }

    private record Consumed(UUID policyId, UUID instanceId) {
    }

    private final Clock clock;
    private final Map<UUID, Deque<Instant>> crashes = new HashMap<>();
    private final Map<Consumed, Instant> consumed = new HashMap<>();
    private final Map<UUID, Observed> observed = new HashMap<>();

    InstanceFacts(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean wants(DaemonEventType type) {
        return type == DaemonEventType.INSTANCE_CATALOG_CHANGED;
    }

    /** On the publisher's thread inside the catalog commit: only records. */
    @Override
    public void onEvent(DaemonEvent event) {
        if (!(event.data() instanceof InstanceCatalog.Change c)) {
            return;
        }
        Instant at = clock.instant();
        synchronized (this) {
            if (c.snapshot() == null) {
                crashes.remove(c.instanceId());
                observed.remove(c.instanceId());
                return;
            }
            InstanceStatus now = c.snapshot().status();
            if (c.previous() != null && c.previous().status() == now) {
                return;
            }
            observed.put(c.instanceId(), new Observed(now, at));
            if (now == InstanceStatus.CRASHED) {
                Deque<Instant> d = crashes.computeIfAbsent(c.instanceId(), k -> new ArrayDeque<>());
                d.addLast(at);
                while (d.size() > MAX_CRASHES) {
                    d.removeFirst();
                }
            }
        }
    }

    /** Records the statuses seen by a tick: an instance not yet observed (or changed unseen) starts now. */
    synchronized void observe(Map<UUID, InstanceStatus> statuses, Instant now) {
        observed.keySet().retainAll(statuses.keySet());
        statuses.forEach((id, s) -> {
            Observed o = observed.get(id);
            if (o == null || o.status() != s) {
                observed.put(id, new Observed(s, now));
            }
        });
    }

    /** Since when {@code id} has been in {@code status}, or null when it is not in it. */
    synchronized Instant inStatusSince(UUID id, InstanceStatus status) {
        Observed o = observed.get(id);
        return o == null || o.status() != status ? null : o.since;
    }

    /** Crashes of {@code id} in ({@code after}, {@code upTo}]. */
    synchronized int crashesBetween(UUID id, Instant after, Instant upTo) {
        Deque<Instant> d = crashes.get(id);
        if (d == null) {
            return 0;
        }
        int n = 0;
        for (Iterator<Instant> it = d.iterator(); it.hasNext(); ) {
            Instant t = it.next();
            if (t.isBefore(upTo.minus(CRASH_MEMORY))) {
                it.remove();
            } else if (t.isAfter(after) && !t.isAfter(upTo)) {
                n++;
            }
        }
        return n;
    }

    /** The crashes of {@code id} within the window ending now that {@code policy} has not consumed yet. */
    synchronized int unconsumedCrashes(UUID policy, UUID id, Duration window, Instant now) {
        Instant from = now.minus(window);
        Instant mark = consumed.get(new Consumed(policy, id));
        if (mark != null && mark.isAfter(from)) {
            from = mark;
        }
        return crashesBetween(id, from, now);
    }

    /** The policy acted on the crashes of {@code id} up to {@code now}. */
    synchronized void consume(UUID policy, UUID id, Instant now) {
        consumed.put(new Consumed(policy, id), now);
    }

    /** Instances with a crash in ({@code after}, {@code upTo}], in the order given. */
    synchronized List<UUID> crashedBetween(List<UUID> ids, Instant after, Instant upTo) {
        List<UUID> out = new ArrayList<>();
        for (UUID id : ids) {
            if (crashesBetween(id, after, upTo) > 0) {
                out.add(id);
            }
        }
        return out;
    }
}
