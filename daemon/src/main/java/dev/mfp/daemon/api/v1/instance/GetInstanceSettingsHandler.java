package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceInstallMetadata;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code get_instance_settings} (actions.md #33). */
public final class GetInstanceSettingsHandler implements ActionHandler<InstanceIdParams,
        GetInstanceSettingsHandler.Result> {
    private final InstanceManager manager;

    public GetInstanceSettingsHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.GET_INSTANCE_SETTINGS;
    }

    @Override
    public Class<InstanceIdParams> paramsType() {
        return InstanceIdParams.class;
    }

    @Override
    public Result handle(InstanceIdParams params, RequestContext ctx) {
        Instance inst = manager.get(params.id());
        InstanceSpec c = inst.config();
        Path target = InstanceLayout.targetPath(inst.dir(), c.target());
        boolean busy = inst.hasProcess();
        String reason = busy ? "Instance is " + inst.status().wire() : null;
        return new Result(ConfigDocument.document(c), InstanceLayout.clientPath(inst.id()),
                target != null && Files.isRegularFile(target), !busy, reason,
                ConfigDocument.document(manager.metadata(inst)));
    }

    public record Result(InstanceConfig config, String workingDirectory, boolean currentTargetExists, boolean canEdit,
            String editBlockedReason, InstanceInstallMetadata installMetadata) {
    }
}
