package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** Rule conditions (models.md §4.4), discriminated by {@code type}; all of a rule's rulesets must hold. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RuleSet.AlwaysTrue.class, names = {"AlwaysTrue", "always_true"}),
    @JsonSubTypes.Type(value = RuleSet.AlwaysFalse.class, names = {"AlwaysFalse", "always_false"}),
    @JsonSubTypes.Type(value = RuleSet.StatusIs.class, names = {"InstanceStatus", "instance_status"})
})
public sealed interface RuleSet {
    UUID id();

    record AlwaysTrue(UUID id) implements RuleSet {
    }

    record AlwaysFalse(UUID id) implements RuleSet {
    }

    /** The instance is currently in {@code target_status} (wire type {@code InstanceStatus}). */
    record StatusIs(UUID id, String targetStatus) implements RuleSet {
        public StatusIs {
            targetStatus = targetStatus == null ? "" : targetStatus;
        }
    }
}
