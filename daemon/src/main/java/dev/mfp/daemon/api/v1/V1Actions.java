package dev.mfp.daemon.api.v1;

import dev.mfp.daemon.api.v1.events.SubscribeEventHandler;
import dev.mfp.daemon.api.v1.events.UnsubscribeEventHandler;
import dev.mfp.daemon.api.v1.files.BinaryChunkHandler;
import dev.mfp.daemon.api.v1.files.CopyDirectoryHandler;
import dev.mfp.daemon.api.v1.files.CopyFileHandler;
import dev.mfp.daemon.api.v1.files.CreateDirectoryHandler;
import dev.mfp.daemon.api.v1.files.DeleteDirectoryHandler;
import dev.mfp.daemon.api.v1.files.DeleteFileHandler;
import dev.mfp.daemon.api.v1.files.DownloadCloseHandler;
import dev.mfp.daemon.api.v1.files.DownloadRangeHandler;
import dev.mfp.daemon.api.v1.files.DownloadRequestHandler;
import dev.mfp.daemon.api.v1.files.GetDirectoryInfoHandler;
import dev.mfp.daemon.api.v1.files.GetFileInfoHandler;
import dev.mfp.daemon.api.v1.files.MoveDirectoryHandler;
import dev.mfp.daemon.api.v1.files.MoveFileHandler;
import dev.mfp.daemon.api.v1.files.RenameDirectoryHandler;
import dev.mfp.daemon.api.v1.files.RenameFileHandler;
import dev.mfp.daemon.api.v1.files.UploadCancelHandler;
import dev.mfp.daemon.api.v1.files.UploadChunkHandler;
import dev.mfp.daemon.api.v1.files.UploadRequestHandler;
import dev.mfp.daemon.api.v1.instance.AddInstanceHandler;
import dev.mfp.daemon.api.v1.instance.GetAllReportsHandler;
import dev.mfp.daemon.api.v1.instance.GetEventRulesHandler;
import dev.mfp.daemon.api.v1.instance.GetInstanceLogHistoryHandler;
import dev.mfp.daemon.api.v1.instance.GetInstanceReportHandler;
import dev.mfp.daemon.api.v1.instance.GetInstanceSettingsHandler;
import dev.mfp.daemon.api.v1.instance.KillInstanceHandler;
import dev.mfp.daemon.api.v1.instance.RemoveInstanceHandler;
import dev.mfp.daemon.api.v1.instance.SaveEventRulesHandler;
import dev.mfp.daemon.api.v1.instance.SendToInstanceHandler;
import dev.mfp.daemon.api.v1.instance.StartInstanceHandler;
import dev.mfp.daemon.api.v1.instance.StopInstanceHandler;
import dev.mfp.daemon.api.v1.instance.UpdateInstanceSettingsHandler;
import dev.mfp.daemon.api.v1.misc.GetJavaListHandler;
import dev.mfp.daemon.api.v1.misc.GetPermissionsHandler;
import dev.mfp.daemon.api.v1.misc.GetSystemInfoHandler;
import dev.mfp.daemon.api.v1.misc.PingHandler;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.host.JavaScanner;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.transport.BinaryMessageHandler;
import java.util.concurrent.ExecutorService;

/**
 * The v1 front end's action table: every v1 action (actions.md) and the core service that serves it. A v1
 * action's code is its handler in this package's subpackage of the domain, registered here.
 */
public final class V1Actions {
    private V1Actions() {
    }

    public static ActionRegistry table(SystemInfoService systemInfo, FilesFeature files, InstancesFeature instances,
            ExecutorService workers) {
        ActionRegistry r = new ActionRegistry()
                .register(new PingHandler())
                .register(new GetPermissionsHandler())
                .register(new GetSystemInfoHandler(systemInfo))
                .register(new GetJavaListHandler(new JavaScanner()))
                .register(new SubscribeEventHandler())
                .register(new UnsubscribeEventHandler());
        r.register(new GetFileInfoHandler(files.info()))
                .register(new GetDirectoryInfoHandler(files.info()))
                .register(new DeleteFileHandler(files.operations()))
                .register(new DeleteDirectoryHandler(files.operations()))
                .register(new RenameFileHandler(files.operations()))
                .register(new RenameDirectoryHandler(files.operations()))
                .register(new CreateDirectoryHandler(files.operations()))
                .register(new MoveFileHandler(files.operations()))
                .register(new MoveDirectoryHandler(files.operations()))
                .register(new CopyFileHandler(files.operations()))
                .register(new CopyDirectoryHandler(files.operations()))
                .register(new UploadRequestHandler(files.uploads()))
                .register(new UploadChunkHandler(files.uploads()))
                .register(new UploadCancelHandler(files.uploads()))
                .register(new DownloadRequestHandler(files.downloads()))
                .register(new DownloadRangeHandler(files.downloads()))
                .register(new DownloadCloseHandler(files.downloads()));
        r.register(new AddInstanceHandler(instances.manager()))
                .register(new RemoveInstanceHandler(instances.manager()))
                .register(new StartInstanceHandler(instances.manager()))
                .register(new StopInstanceHandler(instances.manager()))
                .register(new KillInstanceHandler(instances.manager()))
                .register(new SendToInstanceHandler(instances.manager()))
                .register(new GetInstanceReportHandler(instances.manager(), instances.reports()))
                .register(new GetAllReportsHandler(instances.manager(), instances.reports(), workers))
                .register(new GetInstanceLogHistoryHandler(instances.manager()))
                .register(new GetInstanceSettingsHandler(instances.manager()))
                .register(new UpdateInstanceSettingsHandler(instances.manager(), instances.updater()))
                .register(new GetEventRulesHandler(instances.manager()))
                .register(new SaveEventRulesHandler(instances.manager()));
        return r;
    }

    /** The v1 binary upload frames (actions.md §13). */
    public static BinaryMessageHandler binaryFrames(FilesFeature files) {
        return new BinaryChunkHandler(files.uploads());
    }
}
