package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * Data of {@code mcsl.event.instance.catalog.changed} (instances.md §6.3): {@code snapshot} is present for
 * {@code upsert} and absent (not null) for {@code remove}.
 */
public record CatalogChangedData(long version, CatalogOperation operation, UUID instanceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) CatalogItem snapshot) {

    public static CatalogChangedData upsert(long version, CatalogItem snapshot) {
        return new CatalogChangedData(version, CatalogOperation.UPSERT, snapshot.instanceId(), snapshot);
    }

    public static CatalogChangedData remove(long version, UUID instanceId) {
        return new CatalogChangedData(version, CatalogOperation.REMOVE, instanceId, null);
    }
}
