package dev.mfp.daemon.api.v2;

import dev.mfp.daemon.api.v2.console.ConsoleFrames;
import dev.mfp.daemon.api.v2.files.UploadFrames;
import dev.mfp.daemon.api.v2.methods.AuditMethods;
import dev.mfp.daemon.api.v2.methods.AutomationMethods;
import dev.mfp.daemon.automation.Automation;
import dev.mfp.daemon.api.v2.methods.BackupMethods;
import dev.mfp.daemon.api.v2.methods.ConsoleMethods;
import dev.mfp.daemon.api.v2.methods.DiscoverMethod;
import dev.mfp.daemon.api.v2.methods.EventMethods;
import dev.mfp.daemon.api.v2.methods.FileMethods;
import dev.mfp.daemon.api.v2.methods.InstanceMethods;
import dev.mfp.daemon.api.v2.methods.OperationMethods;
import dev.mfp.daemon.api.v2.methods.ProvisioningMethods;
import dev.mfp.daemon.api.v2.methods.MonitoringMethods;
import dev.mfp.daemon.api.v2.methods.SystemMethods;
import dev.mfp.daemon.api.v2.methods.TransferMethods;
import dev.mfp.daemon.audit.AuditLog;
import dev.mfp.daemon.auth.SecuritySettings;
import dev.mfp.daemon.auth.TokenService;
import dev.mfp.daemon.backup.BackupRestore;
import dev.mfp.daemon.backup.BackupService;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.host.JavaScanner;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.provisioning.Provisioning;
import dev.mfp.daemon.monitoring.MonitoringHistory;
import java.util.concurrent.ExecutorService;

/** The v2 front end's method table: every method it serves and the core service behind it. */
public final class V2Api {
    private V2Api() {
    }

    public static V2Methods table(SystemInfoService systemInfo, JavaScanner java, TokenService tokens,
            SecuritySettings security, FilesFeature files, InstancesFeature instances, AuditLog audit,
            MonitoringHistory monitoring, Operations operations, BackupService backups, BackupRestore restore,
            Provisioning provisioning, Automation automation, ExecutorService workers, String version) {
        V2Methods m = new V2Methods();
        SystemMethods.register(m, systemInfo, java, tokens, security);
        EventMethods.register(m);
        InstanceMethods.register(m, instances, workers);
        FileMethods.register(m, files);
        TransferMethods.register(m, files);
        ConsoleMethods.register(m, instances, workers);
        AuditMethods.register(m, audit);
        OperationMethods.register(m, operations);
        BackupMethods.register(m, backups, restore);
        ProvisioningMethods.register(m, provisioning);
        MonitoringMethods.register(m, monitoring);
        AutomationMethods.register(m, automation);
        DiscoverMethod.register(m, version);
        return m;
    }

    /** Inbound binary frames: uploads and console input. */
    public static V2Frames frames(FilesFeature files) {
        // console input here, uploads to the wrapped frames
        return new ConsoleFrames(new UploadFrames(files, dev.mfp.daemon.Daemon.VERSION));
    }
}
