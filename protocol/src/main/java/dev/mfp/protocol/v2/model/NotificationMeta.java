package dev.mfp.protocol.v2.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Meta of {@code mcsl.event.notification} and its subscription filter (events.md §2, §4.4). Neither id may be
 * null or the all-zero uuid: such a notification is not published and such a filter is invalid (§3.2).
 */
public record NotificationMeta(UUID sourceInstanceId, UUID ruleId) {
    private static final UUID ZERO = new UUID(0L, 0L);

    public NotificationMeta {
        requireNonZero(sourceInstanceId, "source_instance_id");
        requireNonZero(ruleId, "rule_id");
    }

    private static void requireNonZero(UUID id, String member) {
        if (Objects.requireNonNull(id, member).equals(ZERO)) {
            throw new IllegalArgumentException(member + " must not be the all-zero uuid");
        }
    }
}
