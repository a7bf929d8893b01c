package dev.mfp.daemon.automation;

import dev.mfp.daemon.instance.rules.CronExpression;
import dev.mfp.daemon.util.Threads;
import dev.mfp.protocol.model.InstanceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator of automation.md §4 on a thread of its own: a tick every evaluation interval evaluates every enabled,
 * valid policy (in document order); {@code schedule.cron} policies are timed to their matched instants instead
 * (extensions.md §2, at most once per instant, none for instants before the start). A firing passes the guards
 * (cooldown, then the daily cap, admitted and recorded atomically), then its actions run, in firing order, on one
 * action thread — so the evaluator's timing never waits for a restart.
 */
final class AutomationEngine implements AutoCloseable {
    /** How far ahead a cron expression is searched for its next instant. */
    static final int CRON_HORIZON_YEARS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(AutomationEngine.class);

    private final PolicyStore store;
    private final Evaluator evaluator;
    private final InstanceFacts facts;
    private final Guards guards;
    private final Suppressions suppressions;
    private final ActionRunner runner;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private final ExecutorService actions;
    // --- written on the timer thread only
    private volatile Instant previousTick;
    private final Map<UUID, ScheduledFuture<?>> cronJobs = new HashMap<>();
    private final Map<UUID, Instant> cronFired = new HashMap<>();

    AutomationEngine(PolicyStore store, Evaluator evaluator, InstanceFacts facts, Guards guards,
            Suppressions suppressions, ActionRunner runner, Clock clock, ZoneId zone, Duration interval) {
        this.store = store;
        this.evaluator = evaluator;
        this.facts = facts;
        this.guards = guards;
        this.suppressions = suppressions;
        this.runner = runner;
        this.clock = clock;
        this.zone = zone;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemonFactory("automation"));
        this.actions = Executors.newSingleThreadExecutor(Threads.daemonFactory("automation-actions"));
        this.previousTick = clock.instant();
    }

    void start() {
        long ms = Math.max(1, interval.toMillis());
        timer.execute(() -> previousTick = clock.instant());
        timer.scheduleAtFixedRate(this::safeTick, ms, ms, TimeUnit.MILLISECONDS);
        policiesChanged();
    }

    /** After an apply or enable: the cron timers follow the new document. */
    void policiesChanged() {
        try {
            timer.execute(this::rescheduleCrons);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** A periodic task that throws is never run again: nothing may escape a tick. */
    private void safeTick() {
        try {
            tick(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("automation tick failed", e);
        }
    }

    void tick(Instant now) {
        Map<UUID, InstanceStatus> statuses = evaluator.statuses();
        facts.observe(statuses, now);
        for (AutomationPolicy p : store.current().policies()) {
            if (p == null || !p.enabled() || p.trigger() instanceof AutomationTrigger.ScheduleCron
                    || !PolicyValidator.usable(p)) {
                continue;
            }
            Evaluator.Firing f = evaluator.evaluate(p, statuses, previousTick, now);
            if (f != null) {
                fire(p, f.target(), now);
            }
        }
        previousTick = now;
    }

    private void fire(AutomationPolicy p, UUID target, Instant at) {
        String refused = guards.admit(p, at);
        if (refused != null) {
            LOG.debug("automation policy {} fired but not executed: {}", p.id(), refused);
            return;
        }
        if (p.trigger() instanceof AutomationTrigger.CrashLoop && target != null) {
            facts.consume(p.id(), target, at);
        }
        LOG.info("automation policy {} ({}) fired for {}", p.id(), p.name(), target == null ? "-" : target);
        try {
            actions.execute(() -> runner.runAll(p, target));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** Also forgets what the engine kept of policies the document no longer has (each apply may replace them all). */
    private void rescheduleCrons() {
        cronJobs.values().forEach(f -> f.cancel(false));
        cronJobs.clear();
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        store.current().policies().stream().filter(java.util.Objects::nonNull).forEach(p -> ids.add(p.id()));
        cronFired.keySet().retainAll(ids);
        guards.retain(ids);
        for (AutomationPolicy p : store.current().policies()) {
            if (p != null && p.enabled() && p.trigger() instanceof AutomationTrigger.ScheduleCron c
                    && PolicyValidator.usable(p)) {
                scheduleNext(p.id(), c.expression(), CronExpression.parseQuartz(c.expression()),
                        ZonedDateTime.ofInstant(clock.instant(), zone));
            }
        }
    }

    private void scheduleNext(UUID policyId, String expression, CronExpression cron, ZonedDateTime after) {
        Instant last = cronFired.get(policyId);
        if (last != null && !after.toInstant().isAfter(last)) {
            after = ZonedDateTime.ofInstant(last, zone);
        }
        ZonedDateTime next = cron.next(after, CRON_HORIZON_YEARS);
        if (next == null) {
            return;
        }
        schedule(policyId, expression, cron, next);
    }

    /** The timer counts on the monotonic clock, which drifts from the wall clock: rounded up, and re-armed if early. */
    private void schedule(UUID policyId, String expression, CronExpression cron, ZonedDateTime at) {
        long delayMicros = Math.max(0, Duration.between(clock.instant(), at.toInstant()).toNanos() + 999) / 1000;
        try {
            cronJobs.put(policyId, timer.schedule(() -> cronFire(policyId, expression, cron, at), delayMicros,
                    TimeUnit.MICROSECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void cronFire(UUID policyId, String expression, CronExpression cron, ZonedDateTime at) {
        try {
            AutomationPolicy p = find(policyId);
            if (p == null || !p.enabled() || !(p.trigger() instanceof AutomationTrigger.ScheduleCron c)
                    || !c.expression().equals(expression)) {
                return; // the document changed; rescheduleCrons follows it
            }
            if (clock.instant().isBefore(at.toInstant())) {
                schedule(policyId, expression, cron, at); // woke before the matched instant: fire at it, not before
                return;
            }
            Instant last = cronFired.get(policyId);
            if (last == null || at.toInstant().isAfter(last)) {
                cronFired.put(policyId, at.toInstant());
                fire(p, c.instanceId(), at.toInstant());
            }
            scheduleNext(policyId, expression, cron, at);
        } catch (RuntimeException e) {
            LOG.warn("automation policy {}: cron firing failed", policyId, e);
        }
    }

    private AutomationPolicy find(UUID id) {
        for (AutomationPolicy p : store.current().policies()) {
            if (p != null && p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** §3.5: the dry run — nothing is executed and no state changes. */
    List<AutomationTestOutcome> test() {
        Instant now = clock.instant();
        Map<UUID, InstanceStatus> statuses = evaluator.statuses();
        Instant since = previousTick;
        List<AutomationTestOutcome> out = new ArrayList<>();
        for (AutomationPolicy p : store.current().policies()) {
            if (p == null) {
                continue;
            }
            if (!p.enabled()) {
                out.add(new AutomationTestOutcome(p.id(), false, "disabled", null));
                continue;
            }
            if (p.trigger() == null) {
                out.add(new AutomationTestOutcome(p.id(), false, "invalid: no trigger", null));
                continue;
            }
            if (!PolicyValidator.usable(p)) {
                out.add(new AutomationTestOutcome(p.id(), false, "invalid", null));
                continue;
            }
            UUID target;
            if (p.trigger() instanceof AutomationTrigger.ScheduleCron c) {
                CronExpression cron = CronExpression.parseQuartz(c.expression());
                if (!cron.matches(ZonedDateTime.ofInstant(now, zone))) {
                    ZonedDateTime next = cron.next(ZonedDateTime.ofInstant(now, zone), CRON_HORIZON_YEARS);
                    out.add(new AutomationTestOutcome(p.id(), false, next == null ? "no further instant"
                            : "scheduled: next at " + next.toOffsetDateTime(), c.instanceId()));
                    continue;
                }
                target = c.instanceId();
            } else {
                Evaluator.Firing f = evaluator.evaluate(p, statuses, since, now);
                if (f == null) {
                    out.add(new AutomationTestOutcome(p.id(), false, "trigger not met", null));
                    continue;
                }
                target = f.target();
            }
            String refused = guards.refusal(p, now);
            if (refused != null) {
                out.add(new AutomationTestOutcome(p.id(), false, refused, target));
                continue;
            }
            String reason = "trigger met";
            if (target != null) {
                Suppressions.Hold h = suppressions.refusing(target, true, now);
                if (h != null && p.actions().stream().anyMatch(a -> a instanceof AutomationAction.Restart
                        || a instanceof AutomationAction.Stop && Suppressions.ALL.equals(h.scope()))) {
                    reason += "; suppressed: " + h.scope() + " until " + h.until();
                }
            }
            out.add(new AutomationTestOutcome(p.id(), true, reason, target));
        }
        return out;
    }

    /** Stops the timer and the action thread (a running action is interrupted). */
    @Override
    public void close() {
        timer.shutdownNow();
        actions.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            actions.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
