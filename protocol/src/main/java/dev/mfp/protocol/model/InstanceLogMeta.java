package dev.mfp.protocol.model;

import java.util.UUID;

/** Meta (and subscription filter) of {@code instance_log}. */
public record InstanceLogMeta(UUID instanceId) {
}
