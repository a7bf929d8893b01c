package dev.mfp.daemon.instance;

import dev.mfp.daemon.DaemonContext;
import dev.mfp.daemon.Feature;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.TreeRemoval;
import dev.mfp.daemon.instance.factory.ArchiveFactory;
import dev.mfp.daemon.instance.factory.Downloader;
import dev.mfp.daemon.instance.factory.FactorySelector;
import dev.mfp.daemon.instance.factory.ForgeFactory;
import dev.mfp.daemon.instance.factory.SourceAddressPolicy;
import dev.mfp.daemon.instance.factory.SourceFetcher;
import dev.mfp.daemon.instance.factory.UniversalFactory;
import dev.mfp.daemon.instance.factory.ZipExtractor;
import dev.mfp.daemon.instance.process.FileConsoles;
import dev.mfp.daemon.instance.process.RunAs;
import dev.mfp.daemon.instance.report.ReportBuilder;
import java.nio.file.Path;

/** The instance feature (issue #4): its handlers, the instance registry, and the shutdown of running servers. */
public final class InstancesFeature implements Feature {
    private final DaemonContext ctx;
    private final InstanceManager manager;
    private final SettingsUpdater updater;
    private final ReportBuilder reports = new ReportBuilder();
    private final RootFs fs;
    private final SourceAddressPolicy sourcePolicy;

    /**
     * @param fs the daemon root's one filesystem front door (built once by the daemon's wiring)
     * @param trees deletes instance directories (no-follow, open uploads inside cancelled first)
     */
    public InstancesFeature(DaemonContext ctx, RootFs fs, TreeRemoval trees) {
        this(ctx, fs, trees, false);
    }

    /** @param detach {@code --detach}: this run's graceful shutdown leaves servers running (extensions.md §4) */
    public InstancesFeature(DaemonContext ctx, RootFs fs, TreeRemoval trees, boolean detach) {
        this.ctx = ctx;
        this.fs = fs;
        Path root = ctx.root().path();
        com.fasterxml.jackson.databind.JsonNode user = ctx.configTree() == null ? null
                : ctx.configTree().get("instance_user");
        InstanceSettings settings = InstanceSettings.from(ctx.configTree())
                .withRunAs(RunAs.configure(user != null && user.isTextual() ? user.asText() : null, root));
        if (detach) {
            settings = settings.withShutdownPolicy(ShutdownPolicy.DETACH);
        }
        this.sourcePolicy = new SourceAddressPolicy(settings.sourceAllowPrivate(), settings.sourceAllowedHosts());
        SourceFetcher fetcher = new SourceFetcher(fs, root.resolve("caches/downloads"),
                new Downloader(settings.downloadMaxBytes(), settings.downloadTimeout(), sourcePolicy));
        FactorySelector factories = new FactorySelector(new UniversalFactory(fetcher),
                new ArchiveFactory(fetcher, new ZipExtractor(fs, settings.archiveMaxBytes(), settings.archiveMaxEntries())),
                new ForgeFactory(fetcher, root.resolve("contained"), settings.installerTimeout(), settings.runAs()));
        this.manager = new InstanceManager(new InstanceStore(root, settings.runAs()), factories, ctx.events(), settings, ctx.scheduler(),
                ctx.workers(), fs, trees, new FileConsoles(root));
        this.updater = new SettingsUpdater(manager, fs);
        manager.preparations(inst -> updater.hasPendingInstall(inst) ? () -> updater.runPendingInstall(inst) : null);
    }

    public InstanceManager manager() {
        return manager;
    }

    /** Which hosts URL sources may be fetched from ({@code instance_source_allow_private}, …_allowed_hosts). */
    public SourceAddressPolicy sourcePolicy() {
        return sourcePolicy;
    }

    public SettingsUpdater updater() {
        return updater;
    }

    /**
     * A client path (daemon-root path or absolute path) inside the daemon root, as the installers resolve a local
     * source; throws the sandbox's DaemonError outside the root.
     */
    public Path resolveInRoot(String clientPath) {
        return fs.resolve(clientPath);
    }

    /** Whether a path {@link #resolveInRoot} returned is a regular file (read through the root's no-follow handles). */
    public boolean isFileInRoot(Path resolved) {
        return fs.isRegularFile(resolved);
    }

    public ReportBuilder reports() {
        return reports;
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
