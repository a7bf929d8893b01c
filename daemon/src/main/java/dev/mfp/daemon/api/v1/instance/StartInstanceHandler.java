package dev.mfp.daemon.api.v1.instance;

import dev.mfp.protocol.wire.Empty;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code start_instance}: answers once the process is spawned (actions.md #26). */
public final class StartInstanceHandler implements ActionHandler<InstanceIdParams, Empty> {
    private final InstanceManager manager;

    public StartInstanceHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.START_INSTANCE;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public Empty handle(InstanceIdParams params, RequestContext ctx) throws Exception {
        manager.get(params.id()).start();
        return Empty.INSTANCE;
    }
}
