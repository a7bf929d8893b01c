package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * The typed reading of one automation rule (models.md §4.4). Defaults apply to missing members. Triggers,
 * rulesets and actions are polymorphic on a PascalCase {@code type}; a missing or unknown {@code type} fails
 * to bind (11001).
 */
public record EventRule(UUID id, String name, String description, @JsonProperty("is_enabled") Boolean isEnabled,
        String triggerCondition, List<RuleTrigger> triggers, String actionExecutionMode, List<RuleSet> rulesets,
        List<RuleAction> actions) {

    public EventRule {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        isEnabled = isEnabled == null || isEnabled;
        triggerCondition = triggerCondition == null ? "Any" : triggerCondition;
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
        actionExecutionMode = actionExecutionMode == null ? "Sequential" : actionExecutionMode;
        rulesets = rulesets == null ? List.of() : List.copyOf(rulesets);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public boolean enabled() {
        return isEnabled;
    }

    public boolean allTriggers() {
        return "All".equalsIgnoreCase(triggerCondition);
    }

    public boolean parallel() {
        return "Parallel".equalsIgnoreCase(actionExecutionMode);
    }
}
