package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** Rule actions (models.md §4.4), discriminated by {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RuleAction.SendCommand.class, names = {"SendCommand", "send_command"}),
    @JsonSubTypes.Type(value = RuleAction.ChangeInstanceStatus.class,
            names = {"ChangeInstanceStatus", "change_instance_status"}),
    @JsonSubTypes.Type(value = RuleAction.SendNotification.class, names = {"SendNotification", "send_notification"})
})
public sealed interface RuleAction {
    UUID id();

    record SendCommand(UUID id, String command) implements RuleAction {
        public SendCommand {
            command = command == null ? "" : command;
        }
    }

    /** {@code action}: {@code Start}, {@code Stop}, {@code Restart} or {@code Kill}. */
    record ChangeInstanceStatus(UUID id, String action) implements RuleAction {
        public ChangeInstanceStatus {
            action = action == null ? "" : action;
        }
    }

    record SendNotification(UUID id, String title, String message, String severity) implements RuleAction {
    }
}
