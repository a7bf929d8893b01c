package dev.mfp.daemon.automation;

import java.util.List;
import java.util.UUID;

/**
 * An AutomationPolicy (automation.md §1.2), defaults applied. {@code trigger} may be null and {@code actions} may hold
 * null entries: both are diagnostics (§2), not binding errors.
 */
public record AutomationPolicy(UUID id, String name, boolean enabled, AutomationTrigger trigger,
        List<AutomationAction> actions, int cooldownSeconds, int maxExecutionsPerDay) {
    public static final int DEFAULT_COOLDOWN = 300;
    public static final int DEFAULT_MAX_PER_DAY = 20;

    public AutomationPolicy {
        actions = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(actions));
    }

    public AutomationPolicy withEnabled(boolean on) {
        return new AutomationPolicy(id, name, on, trigger, actions, cooldownSeconds, maxExecutionsPerDay);
    }
}
