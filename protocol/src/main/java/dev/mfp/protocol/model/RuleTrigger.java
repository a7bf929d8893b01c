package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** Rule triggers (models.md §4.4), discriminated by {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RuleTrigger.ConsoleOutput.class, names = {"ConsoleOutput", "console_output"}),
    @JsonSubTypes.Type(value = RuleTrigger.Schedule.class, names = {"Schedule", "schedule"}),
    @JsonSubTypes.Type(value = RuleTrigger.StatusChange.class, names = {"InstanceStatus", "instance_status"})
})
public sealed interface RuleTrigger {
    UUID id();

    /** A console line contains {@code pattern} (or matches it as a regex when {@code is_regex}). */
    record ConsoleOutput(UUID id, String pattern, @JsonProperty("is_regex") Boolean isRegex) implements RuleTrigger {
        public ConsoleOutput {
            pattern = pattern == null ? "" : pattern;
            isRegex = isRegex != null && isRegex;
        }
    }

    /** A cron schedule. */
    record Schedule(UUID id, String cronExpression) implements RuleTrigger {
        public Schedule {
            cronExpression = cronExpression == null ? "" : cronExpression;
        }
    }

    /** A transition into {@code target_status} (wire type {@code InstanceStatus}). */
    record StatusChange(UUID id, String targetStatus) implements RuleTrigger {
        public StatusChange {
            targetStatus = targetStatus == null ? "" : targetStatus;
        }
    }
}
