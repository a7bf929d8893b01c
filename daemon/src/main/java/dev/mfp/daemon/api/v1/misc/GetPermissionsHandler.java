package dev.mfp.daemon.api.v1.misc;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.NoParams;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.protocol.Action;
import java.util.List;

public final class GetPermissionsHandler implements ActionHandler<NoParams, GetPermissionsHandler.Result> {
    public record Result(List<String> permissions) {
    }

    @Override
    public Action action() {
        return Action.GET_PERMISSIONS;
    }

    @Override
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public Result handle(NoParams params, RequestContext ctx) {
        return new Result(ctx.permissions().granted());
    }

    @Override
    public boolean inline() {
        return true;
    }
}
