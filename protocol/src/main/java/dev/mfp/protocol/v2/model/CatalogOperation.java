package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mfp.protocol.json.WireEnums;

/** {@code operation} of {@code mcsl.event.instance.catalog.changed} (instances.md §6.3). */
public enum CatalogOperation {
    UPSERT, REMOVE;

    @JsonValue
    public String wire() {
        return WireEnums.wire(this);
    }
}
