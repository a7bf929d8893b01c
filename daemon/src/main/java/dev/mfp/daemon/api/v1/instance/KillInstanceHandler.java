package dev.mfp.daemon.api.v1.instance;

import dev.mfp.protocol.wire.Empty;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code kill_instance}: kills the process tree and waits for the exit (actions.md #28). */
public final class KillInstanceHandler implements ActionHandler<InstanceIdParams, Empty> {
    private final InstanceManager manager;

    public KillInstanceHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.KILL_INSTANCE;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public Empty handle(InstanceIdParams params, RequestContext ctx) throws Exception {
        manager.get(params.id()).kill();
        return Empty.INSTANCE;
    }
}
