package dev.mfp.daemon.api.v1.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v1.Params;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.json.LenientUuidDeserializer;
import dev.mfp.protocol.model.EventType;
import java.util.UUID;

/** Params of {@code subscribe_event} / {@code unsubscribe_event}: {@code {type, meta}}. */
public record EventParams(EventType type, JsonNode meta) {

    public EventType requireType() {
        return Params.require(type, "type");
    }

    /** The instance id filter of an {@code instance_log} meta, or null when {@code meta} is null/absent. */
    public UUID instanceIdOrNull() {
        if (meta == null || meta.isNull()) {
            return null;
        }
        JsonNode id = meta.isObject() ? meta.get("instance_id") : null;
        if (id == null || !id.isTextual()) {
            throw ActionError.badParam("Event instance_log missing meta");
        }
        return LenientUuidDeserializer.parseLenient(id.textValue());
    }
}
