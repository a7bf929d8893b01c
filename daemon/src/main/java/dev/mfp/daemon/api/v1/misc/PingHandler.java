package dev.mfp.daemon.api.v1.misc;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.NoParams;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.PingResult;

public final class PingHandler implements ActionHandler<NoParams, PingResult> {

    @Override
    public Action action() {
        return Action.PING;
    }

    @Override
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public PingResult handle(NoParams params, RequestContext ctx) {
        return new PingResult(System.currentTimeMillis());
    }

    @Override
    public boolean inline() {
        return true;
    }
}
