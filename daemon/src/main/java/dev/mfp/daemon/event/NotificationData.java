package dev.mfp.daemon.event;

import java.util.UUID;

/** A notification raised by an event rule (or an automation policy) of an instance. */
public record NotificationData(UUID ruleId, String title, String message, String severity) {
}
