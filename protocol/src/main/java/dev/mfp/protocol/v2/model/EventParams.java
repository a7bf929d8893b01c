package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code params} of an event notification (events.md §1), members in this order. {@code meta} is null, and
 * therefore absent, for the events without meta ({@code daemon.report}, {@code instance.catalog.changed}).
 */
@JsonPropertyOrder({"sequence", "timestamp", "meta", "data"})
public record EventParams(long sequence, long timestamp, @JsonInclude(JsonInclude.Include.NON_NULL) Object meta,
        Object data) {
}
