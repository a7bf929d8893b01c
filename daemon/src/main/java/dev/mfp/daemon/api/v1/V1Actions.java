package dev.mfp.daemon.api.v1;

import dev.mfp.daemon.api.v1.events.EventActions;
import dev.mfp.daemon.api.v1.files.BinaryChunkHandler;
import dev.mfp.daemon.api.v1.files.DownloadRangeHandler;
import dev.mfp.daemon.api.v1.files.FileActions;
import dev.mfp.daemon.api.v1.files.DownloadRequestHandler;
import dev.mfp.daemon.api.v1.files.UploadChunkHandler;
import dev.mfp.daemon.api.v1.files.UploadRequestHandler;
import dev.mfp.daemon.api.v1.instance.AddInstanceHandler;
import dev.mfp.daemon.api.v1.instance.GetAllReportsHandler;
import dev.mfp.daemon.api.v1.instance.GetInstanceSettingsHandler;
import dev.mfp.daemon.api.v1.instance.InstanceActions;
import dev.mfp.daemon.api.v1.instance.SaveEventRulesHandler;
import dev.mfp.daemon.api.v1.instance.UpdateInstanceSettingsHandler;
import dev.mfp.daemon.api.v1.misc.GetJavaListHandler;
import dev.mfp.daemon.api.v1.misc.GetPermissionsHandler;
import dev.mfp.daemon.api.v1.misc.GetSystemInfoHandler;
import dev.mfp.daemon.api.v1.misc.PingHandler;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.host.JavaScanner;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.daemon.instance.InstancesFeature;
import java.util.concurrent.ExecutorService;

/**
 * The v1 front end's action table: every v1 action (actions.md) and the core service that serves it. Actions that
 * are one call into the core are entries of {@link FileActions} and {@link InstanceActions}; the others are
 * handler classes in the domain's subpackage, registered here.
 */
public final class V1Actions {
    private V1Actions() {
    }

    public static ActionRegistry table(SystemInfoService systemInfo, JavaScanner java, FilesFeature files,
            InstancesFeature instances, ExecutorService workers) {
        ActionRegistry r = new ActionRegistry()
                .register(new PingHandler())
                .register(new GetPermissionsHandler())
                .register(new GetSystemInfoHandler(systemInfo))
                .register(new GetJavaListHandler(java));
        EventActions.register(r);
        FileActions.register(r, files);
        r.register(new UploadRequestHandler(files.uploads()))
                .register(new UploadChunkHandler(files.uploads()))
                .register(new DownloadRequestHandler(files.downloads()))
                .register(new DownloadRangeHandler(files.downloads()));
        InstanceActions.register(r, instances);
        r.register(new AddInstanceHandler(instances.manager()))
                .register(new GetAllReportsHandler(instances.manager(), instances.reports(), workers))
                .register(new GetInstanceSettingsHandler(instances.manager()))
                .register(new UpdateInstanceSettingsHandler(instances.manager(), instances.updater()))
                .register(new SaveEventRulesHandler(instances.manager()));
        return r;
    }

    /** The v1 binary upload frames (actions.md §13). */
    public static BinaryMessageHandler binaryFrames(FilesFeature files) {
        return new BinaryChunkHandler(files.uploads());
    }
}
