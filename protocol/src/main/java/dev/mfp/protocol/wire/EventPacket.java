package dev.mfp.protocol.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An event frame: {@code {event, meta, data, time}}; {@code meta} is always present, possibly null. */
@JsonPropertyOrder({"event", "meta", "data", "time"})
public record EventPacket(String event, Object meta, Object data, long time) {
}
