package dev.mfp.daemon.api.v1.events;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.event.Subscriptions;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import dev.mfp.protocol.model.EventType;
import dev.mfp.protocol.wire.Empty;
import java.util.UUID;

public final class SubscribeEventHandler implements ActionHandler<EventParams, Empty> {
    @Override
    public Action action() {
        return Action.SUBSCRIBE_EVENT;
    }

    @Override
    public Class<EventParams> paramsType() {
        return EventParams.class;
    }

    @Override
    public Empty handle(EventParams params, RequestContext ctx) {
        EventType type = params.requireType();
        if (type == EventType.INSTANCE_LOG) {
            UUID instance = params.instanceIdOrNull();
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

    @Override
    public boolean inline() {
        return true;
    }
}
