package dev.mfp.protocol.v2.model;

/**
 * Data of {@code mcsl.event.notification} (events.md §2, §4.4); {@code severity} is free text, conventionally
 * {@code Info}, {@code Success}, {@code Warning} or {@code Error}.
 */
public record NotificationData(String title, String message, String severity) {
}
