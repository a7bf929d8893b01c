package dev.mfp.daemon.instance.rules;

import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceListener;
import dev.mfp.daemon.util.Threads;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.model.EventRule;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.RuleAction;
import dev.mfp.protocol.model.RuleSet;
import dev.mfp.protocol.model.RuleTrigger;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one instance's event rules (files-and-instances.md §5.7). Triggers: console line (substring or regex),
 * cron schedule (via {@link #tick}), transition into a status. {@code trigger_condition} "Any": one trigger
 * fired; "All": the firing trigger plus every other trigger holds at that moment (a status trigger holds while
 * the instance is in that status; console and schedule triggers only hold for their own event). Rulesets must
 * all hold. Actions run off the reader thread, in order ("Sequential") or concurrently ("Parallel").
 *
 * <p>Console lines are matched off the console path: the reader only queues the line (bounded; beyond
 * {@link #MAX_PENDING_CHARS} queued chars lines are skipped for the rules and counted) and one drain task at a time
 * matches them in order on a worker thread. Each regex match of a line has {@link #REGEX_BUDGET_MS} ms; a rule
 * whose regex takes longer is disabled (in memory, until the rules are saved again or reloaded) with a log line.
 */
public final class RuleEngine implements InstanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

    private sealed interface Event permits Line, Status, Tick {
    }

    private record Line(String text) implements Event {
    }

    private record Status(InstanceStatus to) implements Event {
    }

    private record Tick(ZonedDateTime time) implements Event {
    }

    /** One enabled rule; {@code disabled} is set once when its regex overran the budget. */
    private static final class Compiled {
        final EventRule rule;
        final List<Object> matchers;
        volatile boolean disabled;

        Compiled(EventRule rule, List<Object> matchers) {
            this.rule = rule;
            this.matchers = matchers;
        }
    }

    /** Time one regex may take on one console line before its rule is disabled. */
    static final long REGEX_BUDGET_MS = 250;
    /** Console chars waiting for the rules at most; lines beyond are not matched (counted, logged). */
    static final int MAX_PENDING_CHARS = 1 << 20;

    private final Instance instance;
    private final Executor matcher;
    private final List<Compiled> rules = new ArrayList<>();
    private final boolean hasSchedules;
    private final boolean hasConsoleTriggers;
    // guarded by pending
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private long pendingChars;
    private boolean draining;
    private boolean closed;
    private long skipped;

    /** @param matcher runs the console matching (one task at a time per engine) */
    public RuleEngine(Instance instance, List<EventRule> rules, Executor matcher) {
        this.instance = instance;
        this.matcher = matcher;
        boolean schedules = false;
        boolean console = false;
        for (EventRule r : rules) {
            if (!r.enabled()) {
                continue;
            }
            List<Object> m = new ArrayList<>();
            for (RuleTrigger t : r.triggers()) {
                if (t instanceof RuleTrigger.ConsoleOutput c) {
                    m.add(c.isRegex() ? Pattern.compile(c.pattern()) : c.pattern());
                    console = true;
                } else if (t instanceof RuleTrigger.Schedule s) {
                    m.add(CronExpression.parse(s.cronExpression()));
                    schedules = true;
                } else {
                    m.add(t);
                }
            }
            this.rules.add(new Compiled(r, m));
        }
        this.hasSchedules = schedules;
        this.hasConsoleTriggers = console;
    }

    public boolean hasSchedules() {
        return hasSchedules;
    }

    /** Called on the console path: only queues the line. */
    @Override
    public void onLine(String line) {
        if (!hasConsoleTriggers) {
            return;
        }
        long dropped = 0;
        boolean schedule;
        synchronized (pending) {
            if (closed) {
                return;
            }
            if (pendingChars + line.length() > MAX_PENDING_CHARS && !pending.isEmpty()) {
                skipped++;
                return;
            }
            if (skipped > 0) {
                dropped = skipped;
                skipped = 0;
            }
            pending.addLast(line);
            pendingChars += line.length();
            schedule = !draining;
            draining = true;
        }
        if (dropped > 0) {
            LOG.warn("instance {}: the rules could not keep up with the console; {} line(s) were not matched",
                    instance.id(), dropped);
        }
        if (schedule) {
            try {
                matcher.execute(this::drain);
            } catch (RuntimeException e) {
                synchronized (pending) {
                    draining = false;
                    pending.clear();
                    pendingChars = 0;
                }
            }
        }
    }

    private void drain() {
        while (true) {
            String line;
            synchronized (pending) {
                line = pending.pollFirst();
                if (line == null || closed) {
                    draining = false;
                    pending.clear();
                    pendingChars = 0;
                    return;
                }
                pendingChars -= line.length();
            }
            try {
                evaluate(new Line(line));
            } catch (RuntimeException e) {
                LOG.warn("instance {}: console rule evaluation failed", instance.id(), e);
            }
        }
    }

    /** The rules were replaced or the instance removed: queued lines are dropped, none is matched any more. */
    @Override
    public void close() {
        synchronized (pending) {
            closed = true;
            pending.clear();
            pendingChars = 0;
        }
    }

    @Override
    public void onStatus(InstanceStatus from, InstanceStatus to) {
        evaluate(new Status(to));
    }

    /** Called once per second of wall time by the feature's ticker. */
    @Override
    public void tick(ZonedDateTime now) {
        if (hasSchedules) {
            evaluate(new Tick(now));
        }
    }

    private void evaluate(Event e) {
        for (Compiled c : rules) {
            if (c.disabled) {
                continue;
            }
            boolean fires;
            try {
                fires = fires(c, e);
            } catch (BudgetedText.OverBudget over) {
                c.disabled = true;
                LOG.warn("instance {}: rule '{}' disabled: its regex took more than {} ms on one console line of {} "
                        + "chars; it stays disabled until the rules are saved again", instance.id(), c.rule.name(),
                        REGEX_BUDGET_MS, ((Line) e).text.length());
                continue;
            }
            if (fires && rulesetsHold(c.rule)) {
                run(c.rule);
            }
        }
    }

    private boolean fires(Compiled c, Event e) {
        boolean fired = false;
        boolean all = true;
        for (Object m : c.matchers) {
            boolean byEvent = triggeredBy(m, e);
            fired |= byEvent;
            all &= byEvent || holds(m);
        }
        return c.rule.allTriggers() ? fired && all : fired;
    }

    private static boolean triggeredBy(Object m, Event e) {
        if (e instanceof Line l) {
            if (m instanceof Pattern p) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REGEX_BUDGET_MS);
                return p.matcher(new BudgetedText(l.text, deadline)).find();
            }
            return m instanceof String s && l.text.contains(s);
        }
        if (e instanceof Tick t) {
            return m instanceof CronExpression cron && cron.matches(t.time);
        }
        Status s = (Status) e;
        return m instanceof RuleTrigger.StatusChange sc && sc.targetStatus().equalsIgnoreCase(s.to.wire());
    }

    private boolean holds(Object m) {
        return m instanceof RuleTrigger.StatusChange sc && sc.targetStatus().equalsIgnoreCase(instance.status().wire());
    }

    private boolean rulesetsHold(EventRule r) {
        for (RuleSet s : r.rulesets()) {
            boolean ok = s instanceof RuleSet.AlwaysTrue
                    || (s instanceof RuleSet.StatusIs st && st.targetStatus().equalsIgnoreCase(instance.status().wire()));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void run(EventRule r) {
        if (r.actions().isEmpty()) {
            return;
        }
        LOG.info("instance {}: rule '{}' fired", instance.id(), r.name());
        if (r.parallel()) {
            for (RuleAction a : r.actions()) {
                Threads.start("rule-action", () -> perform(r, a));
            }
        } else {
            Threads.start("rule-actions", () -> r.actions().forEach(a -> perform(r, a)));
        }
    }

    private void perform(EventRule r, RuleAction a) {
        try {
            if (a instanceof RuleAction.SendCommand s) {
                instance.send(s.command());
            } else if (a instanceof RuleAction.ChangeInstanceStatus s) {
                switch (s.action().toLowerCase(Locale.ROOT)) {
                    case "start" -> {
                        // "crashed" may be entered while the process is still exiting: let it finish first
                        instance.awaitNoProcess(60_000);
                        instance.start();
                    }
                    case "stop" -> instance.stop();
                    case "restart" -> instance.restart();
                    case "kill" -> instance.kill();
                    default -> LOG.warn("rule '{}': unknown status action {}", r.name(), s.action());
                }
            } else if (a instanceof RuleAction.SendNotification n) {
                LOG.info("instance {} notification [{}] {}: {}", instance.id(), n.severity(), n.title(), n.message());
                if (!instance.publishNotification(r.id(), n.title(), n.message(), n.severity())) {
                    LOG.info("instance {}: rule '{}' has no id; its notification is not published", instance.id(),
                            r.name());
                }
            }
        } catch (DaemonError e) {
            LOG.info("instance {}: rule '{}' action {} not applied: {}", instance.id(), r.name(),
                    a.getClass().getSimpleName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("instance {}: rule '{}' action failed", instance.id(), r.name(), e);
        }
    }
}
