package dev.mfp.daemon;

import dev.mfp.daemon.api.v1.ActionRegistry;
import dev.mfp.daemon.api.v1.Dispatcher;
import dev.mfp.daemon.api.v1.V1Actions;
import dev.mfp.daemon.api.v2.V2Api;
import dev.mfp.daemon.api.v2.V2Dispatcher;
import dev.mfp.daemon.api.v2.V2FrontEnd;
import dev.mfp.daemon.audit.AuditLog;
import dev.mfp.daemon.audit.AuditSettings;
import dev.mfp.daemon.automation.Automation;
import dev.mfp.daemon.automation.AutomationSettings;
import dev.mfp.daemon.auth.SecuritySettings;
import dev.mfp.daemon.auth.TokenService;
import dev.mfp.daemon.host.JavaScanner;
import dev.mfp.daemon.config.ConfigStore;
import dev.mfp.daemon.config.DaemonConfig;
import dev.mfp.daemon.event.DaemonReporter;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.files.FilesFeature;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.api.v1.BinaryMessageHandler;
import dev.mfp.daemon.api.v1.V1FrontEnd;
import dev.mfp.daemon.transport.DaemonServer;
import dev.mfp.daemon.transport.Endpoint;
import dev.mfp.daemon.transport.MetricsPage;
import dev.mfp.daemon.transport.TransportLimits;
import dev.mfp.daemon.metrics.DaemonMetrics;
import dev.mfp.daemon.metrics.RequestMetrics;
import dev.mfp.daemon.monitoring.Monitoring;
import dev.mfp.daemon.monitoring.MonitoringHistory;
import dev.mfp.daemon.monitoring.MonitoringSettings;
import dev.mfp.protocol.ProtocolInfo;
import dev.mfp.daemon.util.Threads;
import java.io.IOException;
import java.nio.file.Path;
import dev.mfp.daemon.backup.BackupRestore;
import dev.mfp.daemon.backup.BackupService;
import dev.mfp.daemon.backup.BackupSettings;
import dev.mfp.daemon.backup.BackupStore;
import dev.mfp.daemon.operation.OperationSettings;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.plan.Plans;
import dev.mfp.daemon.provisioning.Provisioning;
import dev.mfp.daemon.provisioning.ProvisioningSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole daemon, wired: config, root, tokens, actions, events and the server. */
public final class Daemon implements AutoCloseable {
    public static final String VERSION = "1.0.0";
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final DaemonRoot root;
    private final TokenService tokens;
    private final EventBus bus = new EventBus();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final DaemonReporter reporter;
    private final DaemonServer server;
    /** Null when {@code metrics} is {@code "off"}. */
    private final DaemonMetrics metrics;
    private final long startTimeStamp = System.currentTimeMillis();
    private final List<Feature> features;
    private final AuditLog audit;
    private final Operations operations;
    private final Monitoring monitoring;
    private final Automation automation;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Daemon(Path workDir, Integer portOverride, String bindOverride, boolean detach) throws IOException {
        ConfigStore.Loaded file = ConfigStore.load(workDir.resolve("config.json"));
        DaemonConfig loaded = file.config();
        if (portOverride != null) {
            loaded = loaded.withPort(portOverride);
        }
        if (bindOverride != null) {
            loaded = loaded.withBind(bindOverride);
        }
        this.config = loaded;
        this.root = DaemonRoot.create(workDir.resolve("daemon"));
        SecretFiles.tighten(workDir.resolve("config.json"), root.path());
        SecuritySettings security = SecuritySettings.fromConfig(file.tree());
        AuditSettings auditSettings = AuditSettings.fromConfig(file.tree());
        MonitoringSettings monitoringSettings = MonitoringSettings.fromConfig(file.tree());
        TransportLimits limits = TransportLimits.fromConfig(file.tree());
        MetricsPage.Access metricsAccess = MetricsPage.Access.fromConfig(file.tree());
        this.tokens = new TokenService(config.mainToken(), config.secret(), Clock.systemUTC(),
                security.apiCanonicalUri());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemonFactory("scheduler"));
        this.workers = Threads.perTaskExecutor("action");

        SystemInfoService systemInfo = new SystemInfoService(root.path(), VERSION);
        DaemonContext context = new DaemonContext(config, file.tree(), root, bus, scheduler, workers);
        // the one filesystem front door of the root: every client path is resolved and used through it
        RootFs fs = new RootFs(root.path());
        FilesFeature files = new FilesFeature(context, fs);
        InstancesFeature instances = new InstancesFeature(context, fs, files.treeRemoval(), detach);
        this.features = List.of(files, instances);
        this.audit = AuditLog.open(root.resolve("audit"), auditSettings, Clock.systemUTC());
        // operations.md §6: records an earlier run left queued/running become interrupted here
        this.operations = Operations.open(root.resolve("operations"), OperationSettings.fromConfig(file.tree()),
                Clock.systemUTC(), Threads.perTaskExecutor("operation"));
        // provisioning.md §2.6: executing plans become consumed (their operation exists) or ready again
        Plans plans = Plans.open(root.resolve("plans"), Clock.systemUTC());
        plans.reconcile((kind, planId) -> operations.list(Operations.EVERYONE).stream().anyMatch(o ->
                planId.toString().equals(o.target()) && o.kind().equals(
                        Provisioning.PLAN_KIND.equals(kind) ? Provisioning.KIND_EXECUTE : kind + ".execute")));
        BackupStore backupStore = BackupStore.open(root.resolve("backups"));
        // a restore killed mid-way is finished or rolled back before the instances are loaded (backups.md §3.6)
        BackupRestore.recoverInterrupted(backupStore.dir(), root.resolve(InstanceLayout.INSTANCES));
        BackupService backups = new BackupService(backupStore, BackupSettings.fromConfig(file.tree()),
                instances.manager(), operations, Clock.systemUTC(), bus, BackupSettings.liveSaveTimeout(file.tree()));
        BackupRestore restore = new BackupRestore(backupStore, instances.manager(), operations, plans);
        backups.pinnedBy(restore::pinned);
        Provisioning provisioning = new Provisioning(plans, operations, instances.manager(),
                ProvisioningSettings.fromConfig(file.tree()), root.resolve("caches/downloads"),
                fs, instances.sourcePolicy(),
                instances.manager().settings().downloadMaxBytes());
        // monitoring.md: the 15 s sampler into the bounded history, registered before the instances are loaded
        Duration interval = monitoringInterval();
        this.monitoring = new Monitoring(bus, MonitoringHistory.open(root.resolve("monitoring"), monitoringSettings,
                Clock.systemUTC(), interval), Monitoring.source(systemInfo, instances.manager(),
                        instances.reports().processes()), Clock.systemUTC(), interval);
        // automation.md: registered on the bus before the instances are loaded, like monitoring
        this.automation = new Automation(root.resolve("automation"), AutomationSettings.fromConfig(file.tree()),
                instances.manager(), monitoring.history(), interval, bus, audit, backups, operations, plans,
                Clock.systemUTC(), java.time.ZoneId.systemDefault());
        // Prometheus metrics (spec-v2 extensions.md §3): nothing is counted when they are off
        this.metrics = metricsAccess == MetricsPage.Access.OFF ? null : new DaemonMetrics(bus, instances.manager(),
                files.usage(), this::openConnections,
                DaemonMetrics.SAMPLE_PERIOD);
        // The v1 front end: its action table and binary frames over the core's services.
        JavaScanner java = new JavaScanner();
        ActionRegistry registry = V1Actions.table(systemInfo, java, files, instances, workers);
        BinaryMessageHandler binary = V1Actions.binaryFrames(files);

        Dispatcher dispatcher = new Dispatcher(registry, workers, config.verbose(),
                metrics == null ? RequestMetrics.NONE : metrics.requests("v1"));
        this.reporter = new DaemonReporter(bus, systemInfo, startTimeStamp);
        Endpoint v1 = new Endpoint(List.of(ProtocolInfo.WEBSOCKET_PATH, ProtocolInfo.WEBSOCKET_PATH + "/"),
                tokens::verify,
                new V1FrontEnd(dispatcher, binary, bus, metrics == null ? e -> { } : metrics::eventDropped),
                DaemonServer.v1Settings(config.maxInflightRequests()), "v1");
        // The v2 front end on the same core (spec-v2 README §2).
        V2Dispatcher v2Dispatcher = new V2Dispatcher(V2Api.table(systemInfo, java, tokens, security, files, instances,
                audit, monitoring.history(), operations, backups, restore, provisioning, automation, workers, VERSION), workers, VERSION, audit,
                metrics == null ? RequestMetrics.NONE : metrics.requests("v2"));
        Endpoint v2 = new Endpoint(List.of(V2FrontEnd.PATH), tokens::verifyV2,
                new V2FrontEnd(v2Dispatcher, V2Api.frames(files), bus), V2FrontEnd.settings(), "v2");
        this.server = new DaemonServer(config.bind(), config.port(), tokens, VERSION, List.of(v1, v2), scheduler,
                limits, metrics == null ? MetricsPage.off()
                        : new MetricsPage(metricsAccess, DaemonMetrics.CONTENT_TYPE, metrics::write));
    }

    /** Loads (or creates) {@code workDir/config.json}, prepares {@code workDir/daemon/} and starts listening. */
    public static Daemon start(Path workDir, Integer portOverride, String bindOverride) throws Exception {
        return start(workDir, portOverride, bindOverride, false);
    }

    /**
     * As {@link #start(Path, Integer, String)}; {@code detach} ({@code --detach}) makes this run's graceful shutdown
     * leave running servers for the next daemon (shutdown_policy "detach", extensions.md §4).
     */
    public static Daemon start(Path workDir, Integer portOverride, String bindOverride, boolean detach)
            throws Exception {
        Daemon d = new Daemon(workDir.toAbsolutePath(), portOverride, bindOverride, detach);
        try {
            d.server.start();
        } catch (Exception e) {
            d.close();
            throw e;
        }
        for (Feature f : d.features) {
            f.start();
        }
        d.reporter.start(d.scheduler);
        d.monitoring.start();
        d.automation.start();
        return d;
    }

    /**
     * The sampling interval: monitoring.md §1's 15 s. Tests shorten it with the system property
     * {@value #TEST_MONITORING_INTERVAL} (milliseconds); it is deliberately not a config.json key.
     */
    static Duration monitoringInterval() {
        Long ms = Long.getLong(TEST_MONITORING_INTERVAL);
        return ms == null || ms <= 0 ? Monitoring.INTERVAL : Duration.ofMillis(ms);
    }

    /** Test-only: the monitoring interval in milliseconds. */
    public static final String TEST_MONITORING_INTERVAL = "mfp.test.monitoring-interval-ms";

    public int port() {
        return server.port();
    }

    /** The open WebSockets of one endpoint ({@code v1}, {@code v2}); 0 while the server is being built. */
    private int openConnections(String api) {
        DaemonServer s = server;
        return s == null ? 0 : s.connections().count(api);
    }

    public DaemonConfig config() {
        return config;
    }

    public DaemonRoot root() {
        return root;
    }

    public String mainToken() {
        return config.mainToken();
    }

    public EventBus events() {
        return bus;
    }

    /** The open WebSockets. */
    public dev.mfp.daemon.transport.ConnectionRegistry connections() {
        return server.connections();
    }

    /** Stops everything once; later calls (a second signal, a shutdown hook) return at once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        reporter.stop();
        server.stop();
        automation.close(); // before the instances stop: no automated restart or backup during the shutdown
        operations.close(); // before the instances: outcomes of running operations are no longer recorded
        if (metrics != null) {
            metrics.close();
        }
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("feature did not close cleanly", e);
            }
        }
        monitoring.close(); // after the instances stopped; writes remembered outage markers
        workers.shutdownNow();
        scheduler.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        audit.close(); // after the workers: calls finishing during the shutdown are still recorded
        LOG.info("daemon stopped");
    }
}
