package dev.mfp.daemon.automation;

import dev.mfp.daemon.instance.rules.CronExpression;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The diagnostics of automation.md §2 in the order of decisions.md #16: the document's {@code version} first, then
 * policy by policy in document order — within one the duplicate id and the name, the trigger, the actions in order,
 * then the limits.
 */
public final class PolicyValidator {
    static final Set<String> SEVERITIES = Set.of("Info", "Success", "Warning", "Error");
    static final Set<String> METRICS = Set.of("system_cpu", "system_memory_percent", "system_disk_percent",
            "instance_cpu", "instance_memory_bytes");
    static final int MAX_SUPPRESSION_SECONDS = 604_800;
    static final int MAX_AUDIT_MESSAGE = 1024;

    private PolicyValidator() {
    }

    public static List<AutomationDiagnostic> validate(AutomationPolicySet set) {
        List<AutomationDiagnostic> out = new ArrayList<>();
        if (set.version() < 0) {
            out.add(new AutomationDiagnostic(null, "automation.version_invalid", "version must be >= 0"));
        }
        Set<UUID> seen = new HashSet<>();
        Set<UUID> reported = new HashSet<>();
        for (AutomationPolicy p : set.policies()) {
            if (p == null) {
                out.add(new AutomationDiagnostic(null, "automation.policy_null", "a policy entry is null"));
                continue;
            }
            if (!seen.add(p.id()) && reported.add(p.id())) {
                out.add(d(p, "automation.policy_duplicate", "the id appears more than once"));
            }
            if (p.name().isBlank()) {
                out.add(d(p, "automation.name_required", "name must not be blank"));
            }
            if (p.trigger() == null) {
                out.add(d(p, "automation.trigger_required", "a trigger is required"));
            } else {
                String why = trigger(p.trigger());
                if (why != null) {
                    out.add(d(p, "automation.trigger_invalid", why));
                }
            }
            if (p.actions().isEmpty()) {
                out.add(d(p, "automation.actions_required", "at least one action is required"));
            }
            for (AutomationAction a : p.actions()) {
                if (a == null) {
                    out.add(d(p, "automation.action_null", "an action entry is null"));
                    continue;
                }
                String why = action(a, p.trigger(), true);
                if (why != null) {
                    out.add(d(p, "automation.action_invalid", a.type() + ": " + why));
                }
            }
            if (p.cooldownSeconds() < 0) {
                out.add(d(p, "automation.cooldown_invalid", "cooldown_seconds must be >= 0"));
            }
            if (p.maxExecutionsPerDay() < 1) {
                out.add(d(p, "automation.cap_invalid", "max_executions_per_day must be >= 1"));
            }
        }
        return out;
    }

    /** Whether {@code p} can be evaluated at all (no diagnostic of its own). */
    static boolean usable(AutomationPolicy p) {
        if (p.trigger() == null || trigger(p.trigger()) != null || p.actions().isEmpty()) {
            return false;
        }
        for (AutomationAction a : p.actions()) {
            if (a == null || action(a, p.trigger(), true) != null) {
                return false;
            }
        }
        return true;
    }

    private static AutomationDiagnostic d(AutomationPolicy p, String code, String message) {
        return new AutomationDiagnostic(p.id(), code, message);
    }

    /** Why the trigger is invalid, or null. */
    static String trigger(AutomationTrigger t) {
        if (t instanceof AutomationTrigger.CrashLoop c) {
            if (c.maxCrashes() < 1) {
                return "max_crashes must be >= 1";
            }
            return c.windowSeconds() < 10 || c.windowSeconds() > 86_400 ? "window_seconds must be 10 … 86400" : null;
        }
        if (t instanceof AutomationTrigger.Unresponsive u) {
            return u.silentSeconds() > 0 && Double.isFinite(u.silentSeconds()) ? null : "silent_seconds must be > 0";
        }
        if (t instanceof AutomationTrigger.StatusDuration s) {
            return s.durationSeconds() < 1 ? "duration_seconds must be >= 1" : null;
        }
        if (t instanceof AutomationTrigger.MetricSustained m) {
            if (!METRICS.contains(m.metric())) {
                return "unknown metric " + m.metric();
            }
            if (!(m.threshold() > 0) || !Double.isFinite(m.threshold())) {
                return "threshold must be > 0";
            }
            if (!m.metric().equals("instance_memory_bytes") && m.threshold() > 100) {
                return "threshold must be <= 100 for a percentage";
            }
            return m.sustainedSeconds() < 15 ? "sustained_seconds must be >= 15" : null;
        }
        if (t instanceof AutomationTrigger.ScheduleWindow w) {
            if (w.startHourUtc() < 0 || w.startHourUtc() > 23) {
                return "start_hour_utc must be 0 … 23";
            }
            if (w.startMinuteUtc() < 0 || w.startMinuteUtc() > 59) {
                return "start_minute_utc must be 0 … 59";
            }
            return w.durationMinutes() < 1 || w.durationMinutes() > 1440 ? "duration_minutes must be 1 … 1440" : null;
        }
        if (t instanceof AutomationTrigger.ScheduleCron c) {
            try {
                CronExpression.parseQuartz(c.expression());
                return null;
            } catch (IllegalArgumentException e) {
                return "expression: " + e.getMessage();
            }
        }
        return null;
    }

    /** Why the action is invalid, or null; {@code topLevel} false for a deferred action. */
    static String action(AutomationAction a, AutomationTrigger trigger, boolean topLevel) {
        if (a instanceof AutomationAction.Restart r) {
            if (r.backoffBaseSeconds() < 1) {
                return "backoff_base_seconds must be >= 1";
            }
            return r.backoffMaxSeconds() < r.backoffBaseSeconds() ? "backoff_max_seconds must be >= the base" : null;
        }
        if (a instanceof AutomationAction.Suppress s) {
            return s.durationSeconds() < 1 || s.durationSeconds() > MAX_SUPPRESSION_SECONDS
                    ? "duration_seconds must be 1 … 604800" : null;
        }
        if (a instanceof AutomationAction.Notification n) {
            if (n.title().isBlank() || n.message().isBlank()) {
                return "title and message must not be blank";
            }
            return SEVERITIES.contains(n.severity()) ? null : "severity must be Info, Success, Warning or Error";
        }
        if (a instanceof AutomationAction.AuditEntry e) {
            if (e.message().isBlank() || e.message().length() > MAX_AUDIT_MESSAGE) {
                return "message must be non-blank and at most 1024 characters";
            }
            return SEVERITIES.contains(e.severity()) ? null : "severity must be Info, Success, Warning or Error";
        }
        if (a instanceof AutomationAction.PlanConfirmation p) {
            if (!topLevel) {
                return "a deferred action must not be plan.confirmation";
            }
            if (p.summary().isBlank()) {
                return "summary must not be blank";
            }
            if (p.deferred() == null) {
                return "deferred is required";
            }
            if (p.deferred() instanceof AutomationAction.PlanConfirmation) {
                return "deferred must not be plan.confirmation";
            }
            String why = action(p.deferred(), trigger, false);
            return why == null ? null : "deferred " + why;
        }
        if (a instanceof AutomationAction.BackupCreate b) {
            if (b.keepLast() != null && b.keepLast() < 1) {
                return "keep_last must be >= 1 or null";
            }
            return b.instanceId() == null && trigger != null && !hasTarget(trigger)
                    ? "instance_id is required when the trigger names no instance" : null;
        }
        return null;
    }

    /** Whether a firing of {@code t} can name an instance (extensions.md §2: else backup.create needs its own). */
    static boolean hasTarget(AutomationTrigger t) {
        if (t instanceof AutomationTrigger.ScheduleWindow) {
            return false;
        }
        if (t instanceof AutomationTrigger.ScheduleCron c) {
            return c.instanceId() != null;
        }
        if (t instanceof AutomationTrigger.MetricSustained m) {
            return m.perInstance() || m.instanceId() != null;
        }
        return true;
    }
}
