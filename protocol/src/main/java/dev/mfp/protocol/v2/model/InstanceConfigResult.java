package dev.mfp.protocol.v2.model;

/** Result of {@code mcsl.instance.create} (instances.md §2): the persisted configuration. */
public record InstanceConfigResult(InstanceConfiguration config) {
}
