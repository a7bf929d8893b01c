package dev.mfp.protocol.v2.model;

import java.util.UUID;

/** Meta of {@code mcsl.event.instance.log} and its subscription filter (events.md §2, §3.2). */
public record InstanceMeta(UUID instanceId) {
}
