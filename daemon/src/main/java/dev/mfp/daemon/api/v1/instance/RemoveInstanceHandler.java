package dev.mfp.daemon.api.v1.instance;

import dev.mfp.protocol.wire.Empty;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code remove_instance}: deletes a stopped instance and its directory (actions.md #25). */
public final class RemoveInstanceHandler implements ActionHandler<InstanceIdParams, Empty> {
    private final InstanceManager manager;

    public RemoveInstanceHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.REMOVE_INSTANCE;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public Empty handle(InstanceIdParams params, RequestContext ctx) throws Exception {
        manager.remove(params.id());
        return Empty.INSTANCE;
    }
}
