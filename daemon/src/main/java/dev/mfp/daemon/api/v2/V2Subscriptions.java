package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.v2.model.InstanceMeta;
import dev.mfp.protocol.v2.model.NotificationMeta;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.DottedIdentifier;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

/** The processing of events.md §3.1 (without its step 3, decisions.md #21) and the meta rules of §3.2. */
public final class V2Subscriptions {
    private V2Subscriptions() {
    }

    public static void subscribe(V2Session s, String event, boolean metaPresent, JsonNode meta) {
        V2EventSink.Key key = key(s, event, metaPresent, meta);
        if (!s.events().subscribe(key)) {
            throw new V2Error("event.meta.invalid", DaemonErrorKind.VALIDATION, "at most " + V2EventSink.MAX_KEYS
                    + " subscriptions per connection");
        }
    }

    public static void unsubscribe(V2Session s, String event, boolean metaPresent, JsonNode meta) {
        s.events().unsubscribe(key(s, event, metaPresent, meta));
    }

    private static V2EventSink.Key key(V2Session s, String event, boolean metaPresent, JsonNode meta) {
        if (!s.isOpen()) {
            throw new V2Error("connection.closed", DaemonErrorKind.TRANSPORT);
        }
        if (!DottedIdentifier.isValid(event)) {
            throw V2Error.validation("event.invalid");
        }
        V2Event e = V2Event.byName(event);
        if (e == null) {
            throw V2Error.notFound("event.not_found");
        }
        if (!metaPresent) {
            return new V2EventSink.Key(e, null);
        }
        if (meta == null || meta.isNull() || !e.metaRequired() || !meta.isObject()) {
            throw V2Error.validation("event.meta.invalid");
        }
        return new V2EventSink.Key(e, canonical(e, meta));
    }

    /** The typed meta: exactly the event's members, each a uuid (notification ids not all-zero). */
    private static Object canonical(V2Event e, JsonNode meta) {
        Set<String> members = e == V2Event.INSTANCE_LOG ? Set.of("instance_id")
                : Set.of("source_instance_id", "rule_id");
        if (meta.size() != members.size()) {
            throw V2Error.validation("event.meta.invalid");
        }
        for (Iterator<String> it = meta.fieldNames(); it.hasNext();) {
            if (!members.contains(it.next())) {
                throw V2Error.validation("event.meta.invalid");
            }
        }
        if (e == V2Event.INSTANCE_LOG) {
            return new InstanceMeta(uuid(meta, "instance_id"));
        }
        try {
            return new NotificationMeta(uuid(meta, "source_instance_id"), uuid(meta, "rule_id"));
        } catch (IllegalArgumentException ex) {
            throw V2Error.validation("event.meta.invalid");
        }
    }

    private static UUID uuid(JsonNode meta, String member) {
        JsonNode v = meta.get(member);
        if (v == null || !v.isTextual() || !RpcType.isUuid(v.textValue())) {
            throw V2Error.validation("event.meta.invalid");
        }
        return UUID.fromString(v.textValue());
    }
}
