package dev.mfp.daemon.api.v1.misc;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.NoParams;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.api.v1.V1Shapes;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.SystemInfo;

public final class GetSystemInfoHandler implements ActionHandler<NoParams, GetSystemInfoHandler.Result> {
    public record Result(SystemInfo info) {
    }

    private final SystemInfoService systemInfo;

    public GetSystemInfoHandler(SystemInfoService systemInfo) {
        this.systemInfo = systemInfo;
    }

    @Override
    public Action action() {
        return Action.GET_SYSTEM_INFO;
    }

    @Override
    public Class<NoParams> paramsType() {
        return NoParams.class;
    }

    @Override
    public Result handle(NoParams params, RequestContext ctx) {
        return new Result(V1Shapes.systemInfo(systemInfo.get()));
    }
}
