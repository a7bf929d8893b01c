package dev.mfp.daemon.api.v1.misc;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.NoParams;
import dev.mfp.daemon.api.v1.RequestContext;
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
