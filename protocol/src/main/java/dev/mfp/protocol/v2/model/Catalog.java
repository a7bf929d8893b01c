package dev.mfp.protocol.v2.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Result of {@code mcsl.instance.catalog.get} (instances.md §6.1). */
public record Catalog(long version, List<CatalogItem> items) {

    /**
     * The snapshot at {@code version} with the items sorted by the lower-case string form of their
     * {@code instance_id}; a duplicate id is an IllegalArgumentException.
     */
    public static Catalog of(long version, Collection<CatalogItem> items) {
        List<CatalogItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(i -> i.instanceId().toString()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).instanceId().equals(sorted.get(i - 1).instanceId())) {
                throw new IllegalArgumentException("duplicate catalog item " + sorted.get(i).instanceId());
            }
        }
        return new Catalog(version, List.copyOf(sorted));
    }
}
