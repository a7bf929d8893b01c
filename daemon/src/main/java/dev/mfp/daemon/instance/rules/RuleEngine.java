package dev.mfp.daemon.instance.rules;

import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceListener;
import dev.mfp.daemon.util.Threads;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.model.EventRule;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.RuleAction;
import dev.mfp.protocol.model.RuleSet;
import dev.mfp.protocol.model.RuleTrigger;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one instance's event rules (files-and-instances.md §5.7). Triggers: console line (substring or regex),
 * cron schedule (via {@link #tick}), transition into a status. {@code trigger_condition} "Any": one trigger
 * fired; "All": the firing trigger plus every other trigger holds at that moment (a status trigger holds while
 * the instance is in that status; console and schedule triggers only hold for their own event). Rulesets must
 * all hold. Actions run off the reader thread, in order ("Sequential") or concurrently ("Parallel").
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

    private record Compiled(EventRule rule, List<Object> matchers) {
    }

    private final Instance instance;
    private final List<Compiled> rules = new ArrayList<>();
    private final boolean hasSchedules;

    public RuleEngine(Instance instance, List<EventRule> rules) {
        this.instance = instance;
        boolean schedules = false;
        for (EventRule r : rules) {
            if (!r.enabled()) {
                continue;
            }
            List<Object> m = new ArrayList<>();
            for (RuleTrigger t : r.triggers()) {
                if (t instanceof RuleTrigger.ConsoleOutput c) {
                    m.add(c.isRegex() ? Pattern.compile(c.pattern()) : c.pattern());
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
    }

    public boolean hasSchedules() {
        return hasSchedules;
    }

    @Override
    public void onLine(String line) {
        evaluate(new Line(line));
    }

    @Override
    public void onStatus(InstanceStatus from, InstanceStatus to) {
        evaluate(new Status(to));
    }

    /** Called once per second of wall time by the feature's ticker. */
    public void tick(ZonedDateTime now) {
        if (hasSchedules) {
            evaluate(new Tick(now));
        }
    }

    private void evaluate(Event e) {
        for (Compiled c : rules) {
            if (fires(c, e) && rulesetsHold(c.rule)) {
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
                return p.matcher(l.text).find();
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
            }
        } catch (ActionError e) {
            LOG.info("instance {}: rule '{}' action {} not applied: {}", instance.id(), r.name(),
                    a.getClass().getSimpleName(), e.wireMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("instance {}: rule '{}' action failed", instance.id(), r.name(), e);
        }
    }
}
