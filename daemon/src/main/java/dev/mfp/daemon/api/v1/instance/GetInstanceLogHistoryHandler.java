package dev.mfp.daemon.api.v1.instance;

import java.util.List;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code get_instance_log_history}: the console ring, oldest first (actions.md #32). */
public final class GetInstanceLogHistoryHandler implements ActionHandler<InstanceIdParams, GetInstanceLogHistoryHandler.Result> {
    private final InstanceManager manager;

    public GetInstanceLogHistoryHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.GET_INSTANCE_LOG_HISTORY;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public GetInstanceLogHistoryHandler.Result handle(InstanceIdParams params, RequestContext ctx) throws Exception {
        return new Result(manager.get(params.id()).history());
    }

    public record Result(List<String> logs) {
    }
}
