package dev.mfp.daemon.api.v1.instance;

import dev.mfp.protocol.wire.Empty;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code stop_instance}: graceful stop, does not wait for the exit (actions.md #27). */
public final class StopInstanceHandler implements ActionHandler<InstanceIdParams, Empty> {
    private final InstanceManager manager;

    public StopInstanceHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.STOP_INSTANCE;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public Empty handle(InstanceIdParams params, RequestContext ctx) throws Exception {
        manager.get(params.id()).stop();
        return Empty.INSTANCE;
    }
}
