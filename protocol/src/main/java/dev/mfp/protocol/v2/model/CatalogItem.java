package dev.mfp.protocol.v2.model;

import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.InstanceType;
import java.util.UUID;

/**
 * InstanceCatalogItem (instances.md §6.1); {@code version} is the instance's game version, not the catalog
 * version.
 */
public record CatalogItem(UUID instanceId, String name, InstanceType instanceType, String version,
        InstanceStatus status, boolean readyTimedOut) {
}
