package dev.mfp.daemon.handlers.misc;

import dev.mfp.daemon.action.ActionHandler;
import dev.mfp.daemon.action.NoParams;
import dev.mfp.daemon.action.RequestContext;
import dev.mfp.protocol.Action;

public final class PingHandler implements ActionHandler<NoParams, PingHandler.Result> {
    public record Result(long time) {
    }

    @Override
    public Action action() {
        return Action.PING;
    }

    @Override
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public Result handle(NoParams params, RequestContext ctx) {
        return new Result(System.currentTimeMillis());
    }

    @Override
    public boolean inline() {
        return true;
    }
}
