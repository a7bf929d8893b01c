package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.Params;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.SettingsUpdater;
import dev.mfp.daemon.instance.ConfigDocument;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceType;
import java.util.List;
import java.util.UUID;

/** {@code update_instance_settings} (actions.md #34). */
public final class UpdateInstanceSettingsHandler implements ActionHandler<UpdateInstanceSettingsHandler.UpdateParams,
        UpdateInstanceSettingsHandler.Result> {
    private final InstanceManager manager;
    private final SettingsUpdater updater;

    public UpdateInstanceSettingsHandler(InstanceManager manager, SettingsUpdater updater) {
        this.manager = manager;
        this.updater = updater;
    }

    @Override
    public Action action() {
        return Action.UPDATE_INSTANCE_SETTINGS;
    }

    @Override
    public Class<UpdateParams> paramsType() {
        return UpdateParams.class;
    }

    @Override
    public Result handle(UpdateParams p, RequestContext ctx) throws Exception {
        SettingsUpdater.Outcome o = updater.update(manager.get(p.id()), new SettingsUpdater.Change(p.name(),
                p.instanceType(), p.javaPath(), p.arguments(), p.version(),
                p.replacementCore() == null ? null : p.replacementCore().uploadedSourcePath(),
                p.replacementCore() == null ? null : p.replacementCore().preferredTargetName(),
                p.forceRerunInstaller(), p.autoStart(), p.autoStartDelaySeconds()));
        return new Result(ConfigDocument.document(o.config()), false, o.reinstalled(), o.deleted(), o.preserved());
    }

    public record ReplacementCore(String uploadedSourcePath, String preferredTargetName) {
        public ReplacementCore {
            Params.require(uploadedSourcePath, "replacement_core.uploaded_source_path");
        }
    }

    public record UpdateParams(UUID id, String name, InstanceType instanceType, String javaPath, List<String> arguments,
            String version, ReplacementCore replacementCore, Boolean forceRerunInstaller, Boolean autoStart,
            Integer autoStartDelaySeconds) {
        public UpdateParams {
            Params.require(id, "id");
            Params.require(name, "name");
            Params.require(instanceType, "instance_type");
            Params.require(arguments, "arguments");
            Params.require(forceRerunInstaller, "force_rerun_installer");
        }
    }

    /** {@code requires_restart} is always false: updates are refused while a process runs (30003). */
    public record Result(InstanceConfig config, boolean requiresRestart, boolean reinstalled,
            List<String> deletedGeneratedPaths, List<String> preservedOriginalPaths) {
    }
}
