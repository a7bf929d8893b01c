package dev.mfp.daemon.api.v1.events;

import dev.mfp.daemon.api.v1.ActionRegistry;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import dev.mfp.protocol.model.EventType;
import dev.mfp.protocol.wire.Empty;
import java.util.UUID;

/** {@code subscribe_event} / {@code unsubscribe_event} (actions.md §6–7), answered on the receiving thread. */
public final class EventActions {
    private EventActions() {
    }

    public static void register(ActionRegistry r) {
        r.onInline(Action.SUBSCRIBE_EVENT, EventParams.class, EventActions::subscribe)
                .onInline(Action.UNSUBSCRIBE_EVENT, EventParams.class, (p, ctx) -> {
                    EventType type = p.requireType();
                    ctx.subscriptions().unsubscribe(type, type == EventType.INSTANCE_LOG ? p.instanceIdOrNull() : null);
                    return Empty.INSTANCE;
                });
    }

    private static Empty subscribe(EventParams p, RequestContext ctx) {
        EventType type = p.requireType();
        if (type == EventType.INSTANCE_LOG) {
            UUID instance = p.instanceIdOrNull();
            if (instance == null) {
                throw ActionError.badParam("Event instance_log missing meta");
            }
            if (!ctx.subscriptions().subscribe(type, instance)) {
                throw new ActionError(RetCode.RATE_LIMIT_EXCEEDED, "at most " + Subscriptions.MAX_METAS_PER_TYPE
                        + " instance_log subscriptions per connection");
            }
        } else {
            ctx.subscriptions().subscribe(type, null);
        }
        return Empty.INSTANCE;
    }
}
