package dev.mfp.daemon.instance;

import dev.mfp.daemon.DaemonContext;
import dev.mfp.daemon.Feature;
import dev.mfp.daemon.action.ActionRegistry;
import dev.mfp.daemon.files.PathSandbox;
import dev.mfp.daemon.files.TreeRemoval;
import dev.mfp.daemon.handlers.instance.AddInstanceHandler;
import dev.mfp.daemon.handlers.instance.GetAllReportsHandler;
import dev.mfp.daemon.handlers.instance.GetEventRulesHandler;
import dev.mfp.daemon.handlers.instance.GetInstanceLogHistoryHandler;
import dev.mfp.daemon.handlers.instance.GetInstanceReportHandler;
import dev.mfp.daemon.handlers.instance.GetInstanceSettingsHandler;
import dev.mfp.daemon.handlers.instance.KillInstanceHandler;
import dev.mfp.daemon.handlers.instance.RemoveInstanceHandler;
import dev.mfp.daemon.handlers.instance.SaveEventRulesHandler;
import dev.mfp.daemon.handlers.instance.SendToInstanceHandler;
import dev.mfp.daemon.handlers.instance.StartInstanceHandler;
import dev.mfp.daemon.handlers.instance.StopInstanceHandler;
import dev.mfp.daemon.handlers.instance.UpdateInstanceSettingsHandler;
import dev.mfp.daemon.instance.factory.ArchiveFactory;
import dev.mfp.daemon.instance.factory.Downloader;
import dev.mfp.daemon.instance.factory.FactorySelector;
import dev.mfp.daemon.instance.factory.ForgeFactory;
import dev.mfp.daemon.instance.factory.SourceAddressPolicy;
import dev.mfp.daemon.instance.factory.SourceFetcher;
import dev.mfp.daemon.instance.factory.UniversalFactory;
import dev.mfp.daemon.instance.factory.ZipExtractor;
import dev.mfp.daemon.instance.report.ReportBuilder;
import java.nio.file.Path;

/** The instance feature (issue #4): its handlers, the instance registry, and the shutdown of running servers. */
public final class InstancesFeature implements Feature {
    private final DaemonContext ctx;
    private final InstanceManager manager;
    private final SettingsUpdater updater;
    private final ReportBuilder reports = new ReportBuilder();

    /** @param trees deletes instance directories (no-follow, open uploads inside cancelled first) */
    public InstancesFeature(DaemonContext ctx, TreeRemoval trees) {
        this.ctx = ctx;
        Path root = ctx.root().path();
        com.fasterxml.jackson.databind.JsonNode user = ctx.configTree() == null ? null
                : ctx.configTree().get("instance_user");
        InstanceSettings settings = InstanceSettings.from(ctx.configTree())
                .withRunAs(RunAs.configure(user != null && user.isTextual() ? user.asText() : null, root));
        PathSandbox sandbox = new PathSandbox(root);
        SourceFetcher fetcher = new SourceFetcher(sandbox::resolve, root.resolve("caches/downloads"),
                new Downloader(settings.downloadMaxBytes(), settings.downloadTimeout(),
                        new SourceAddressPolicy(settings.sourceAllowPrivate(), settings.sourceAllowedHosts())));
        FactorySelector factories = new FactorySelector(new UniversalFactory(fetcher),
                new ArchiveFactory(fetcher, new ZipExtractor(settings.archiveMaxBytes(), settings.archiveMaxEntries())),
                new ForgeFactory(fetcher, root.resolve("contained"), settings.installerTimeout(), settings.runAs()));
        this.manager = new InstanceManager(new InstanceStore(root, settings.runAs()), factories, ctx.events(), settings, ctx.scheduler(),
                ctx.workers(), trees);
        this.updater = new SettingsUpdater(manager, sandbox::resolve, sandbox::toClientPath);
    }

    public InstanceManager manager() {
        return manager;
    }

    @Override
    public void register(ActionRegistry r) {
        r.register(new AddInstanceHandler(manager))
                .register(new RemoveInstanceHandler(manager))
                .register(new StartInstanceHandler(manager))
                .register(new StopInstanceHandler(manager))
                .register(new KillInstanceHandler(manager))
                .register(new SendToInstanceHandler(manager))
                .register(new GetInstanceReportHandler(manager, reports))
                .register(new GetAllReportsHandler(manager, reports, ctx.workers()))
                .register(new GetInstanceLogHistoryHandler(manager))
                .register(new GetInstanceSettingsHandler(manager))
                .register(new UpdateInstanceSettingsHandler(manager, updater))
                .register(new GetEventRulesHandler(manager))
                .register(new SaveEventRulesHandler(manager));
    }

    @Override
    public void start() {
        manager.start();
    }

    @Override
    public void close() {
        manager.close();
    }
}
