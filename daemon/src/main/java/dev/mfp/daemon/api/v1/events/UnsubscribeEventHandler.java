package dev.mfp.daemon.api.v1.events;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.EventType;
import dev.mfp.protocol.wire.Empty;

public final class UnsubscribeEventHandler implements ActionHandler<EventParams, Empty> {
    @Override
    public Action action() {
        return Action.UNSUBSCRIBE_EVENT;
    }

    @Override
    public Class<EventParams> paramsType() {
        return EventParams.class;
    }

    @Override
    public Empty handle(EventParams params, RequestContext ctx) {
        EventType type = params.requireType();
        ctx.subscriptions().unsubscribe(type, type == EventType.INSTANCE_LOG ? params.instanceIdOrNull() : null);
        return Empty.INSTANCE;
    }

    @Override
    public boolean inline() {
        return true;
    }
}
