package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.Params;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.NewInstance;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceFactorySetting;

/** {@code add_instance}: installs a new instance; answers when the installation has finished (actions.md #24). */
public final class AddInstanceHandler implements ActionHandler<AddInstanceHandler.AddParams, AddInstanceHandler.Result> {
    private final InstanceManager manager;

    public AddInstanceHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.ADD_INSTANCE;
    }

    @Override
    public Class<AddParams> paramsType() {
        return AddParams.class;
    }

    @Override
    public Result handle(AddParams params, RequestContext ctx) throws Exception {
        return new Result(ConfigDocument.document(manager.add(newInstance(params.setting()))));
    }

    /** The setting of actions.md #24: every configuration member plus the install source. */
    static NewInstance newInstance(InstanceFactorySetting s) {
        return new NewInstance(ConfigDocument.spec(s.toConfig()), s.source(), s.sourceType(), s.mirror(),
                s.usePostProcess());
    }

    public record AddParams(InstanceFactorySetting setting) {
        public AddParams {
            Params.require(setting, "setting");
        }
    }

    public record Result(InstanceConfig config) {
    }
}
