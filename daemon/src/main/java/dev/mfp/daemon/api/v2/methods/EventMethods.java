package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Subscriptions;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;

/** {@code mcsl.event.subscribe} / {@code unsubscribe} (events.md §3; decisions.md #21: no grant needed). */
public final class EventMethods {
    static final RpcObjectType PARAMS = RpcObjectType.of(
            required("event", RpcType.STRING.that(n -> !n.textValue().isBlank(), "not empty")),
            optional("meta", RpcType.nullable(RpcType.JSON)));

    private EventMethods() {
    }

    public static void register(V2Methods m) {
        m.onInline("mcsl.event.subscribe", PARAMS, (p, s) -> {
            V2Subscriptions.subscribe(s, p.get("event").textValue(), p.has("meta"), meta(p));
            return java.util.Map.of();
        }).onInline("mcsl.event.unsubscribe", PARAMS, (p, s) -> {
            V2Subscriptions.unsubscribe(s, p.get("event").textValue(), p.has("meta"), meta(p));
            return java.util.Map.of();
        });
    }

    private static JsonNode meta(com.fasterxml.jackson.databind.node.ObjectNode p) {
        return p.get("meta");
    }
}
