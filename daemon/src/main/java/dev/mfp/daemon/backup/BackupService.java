package dev.mfp.daemon.backup;

import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.operation.OperationContext;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.OperationStage;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cold backups (backups.md §3.1–§3.3, §5) as operations of kind {@code backup.create}. */
public final class BackupService {
    public static final String KIND_CREATE = "backup.create";
    static final long STOP_WAIT_MILLIS = 30_000;
    /** Tests shorten the 30 s stop wait of backups.md §3.2 with this system property (ms); not a config key. */
    public static final String TEST_STOP_WAIT = "mfp.test.backup-stop-wait-ms";
    static final double STOP_WEIGHT = 0.15;
    static final double ARCHIVE_WEIGHT = 0.7;

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final BackupStore store;
    private final BackupSettings settings;
    private final InstanceManager instances;
    private final Operations operations;
    private final Clock clock;
    private java.util.function.Predicate<UUID> pinned = id -> false;
    private final java.util.Set<UUID> liveRunning = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final dev.mfp.daemon.event.EventBus bus;
    private final java.time.Duration liveSaveTimeout;
    private final long stopWaitMillis = Long.getLong(TEST_STOP_WAIT, STOP_WAIT_MILLIS);

    public BackupService(BackupStore store, BackupSettings settings, InstanceManager instances, Operations operations,
            Clock clock) {
        this(store, settings, instances, operations, clock, new dev.mfp.daemon.event.EventBus(),
                BackupSettings.DEFAULT_LIVE_SAVE_TIMEOUT);
    }

    /** {@code bus}: where the server's save-complete line of a live backup is seen. */
    public BackupService(BackupStore store, BackupSettings settings, InstanceManager instances, Operations operations,
            Clock clock, dev.mfp.daemon.event.EventBus bus, java.time.Duration liveSaveTimeout) {
        this.store = store;
        this.settings = settings;
        this.instances = instances;
        this.operations = operations;
        this.clock = clock;
        this.bus = bus;
        this.liveSaveTimeout = liveSaveTimeout;
    }

    public BackupStore store() {
        return store;
    }

    public List<BackupManifest> list(UUID instanceId) {
        return store.list(instanceId);
    }

    /** Archives referenced by a live restore plan are never removed (§5 step 1). */
    public void pinnedBy(java.util.function.Predicate<UUID> test) {
        this.pinned = test;
    }

    /** extensions.md §2 {@code keep_last}: {@link BackupStore#keepNewest} with the restore pins. */
    public List<UUID> keepNewest(UUID instanceId, int keep) throws IOException {
        return store.keepNewest(instanceId, keep, pinned);
    }

    /** §3.3 / §5 now. */
    public List<UUID> prune() throws IOException {
        return store.prune(settings, clock.instant(), pinned);
    }

    /**
     * §3.2: accepts a backup of {@code instanceId} owned by {@code owner}.
     *
     * @throws OperationError {@code instance.not_found} (N); {@code instance.running} (C) for a direct backup of a
     *                        live instance; the coordinator's admission errors
     */
    public OperationSnapshot create(UUID instanceId, boolean maintenance, String owner) {
        return create(instanceId, maintenance, false, owner);
    }

    /**
     * With {@code live} (extensions.md §1): a running Minecraft instance is archived while it runs, between
     * {@code save-off}/{@code save-all flush} and {@code save-on}; a stopped one gets a cold backup.
     *
     * @throws OperationError also {@code backup.live_unsupported} (V) for a running instance of another type
     */
    public OperationSnapshot create(UUID instanceId, boolean maintenance, boolean live, String owner) {
        Instance inst = find(instanceId);
        if (live && !stopped(inst.status())) {
            if (!inst.config().instanceType().minecraft()) {
                throw new OperationError("backup.live_unsupported", DaemonErrorKind.VALIDATION,
                        "Live backups need a running Minecraft server.");
            }
            return operations.submit(KIND_CREATE, instanceId.toString(), owner, ctx -> live(inst, ctx));
        }
        if (!maintenance && !stopped(inst.status())) {
            throw running();
        }
        return operations.submit(KIND_CREATE, instanceId.toString(), owner,
                ctx -> maintenance ? maintenance(inst, ctx) : direct(inst, ctx, f -> f >= 1 ? 1 : 0, "steps"));
    }

    /** Weighted steps save-off and flush 0.2, archive 0.75, save-on 0.05. */
    private String live(Instance inst, OperationContext ctx) throws Exception {
        // one live backup of an instance at a time (a cold one holds the instance's update lock instead)
        if (!liveRunning.add(inst.id())) {
            throw new OperationError("backup.busy", DaemonErrorKind.CONFLICT,
                    "A live backup of this instance is already running.");
        }
        try {
            return liveBackup(inst, ctx);
        } finally {
            liveRunning.remove(inst.id());
        }
    }

    private String liveBackup(Instance inst, OperationContext ctx) throws Exception {
        ctx.stage(OperationStage.RESOLVING);
        ctx.progress(dev.mfp.daemon.operation.OperationProgress.weight(0));
        BackupManifest m;
        try (LiveSave save = LiveSave.begin(inst, bus, LiveSave.SAVED, liveSaveTimeout)) {
            ctx.progress(dev.mfp.daemon.operation.OperationProgress.weight(0.2));
            m = BackupArchiver.write(store, inst.id(), inst.config().name(), inst.config().mcVersion(), inst.dir(),
                    ctx, f -> 0.2 + 0.75 * f, "weight", clock.instant());
        } catch (DaemonError e) {
            // the server's stdin is gone: it stopped meanwhile
            throw new OperationError("instance.not_running", DaemonErrorKind.CONFLICT, e.getMessage());
        }
        ctx.progress(dev.mfp.daemon.operation.OperationProgress.weight(1));
        ctx.stage(OperationStage.FINALIZING);
        try {
            prune();
        } catch (IOException e) {
            LOG.warn("backup retention after {} failed: {}", m.archiveId(), e.toString());
        }
        return m.archiveId().toString();
    }

    private String direct(Instance inst, OperationContext ctx, java.util.function.DoubleUnaryOperator weight,
            String unit) throws Exception {
        ctx.stage(OperationStage.RESOLVING);
        BackupManifest m;
        try {
            // the mutation lock: no start, removal or settings change while the archive is written
            m = inst.whileStopped(() -> {
                if (!stopped(inst.status())) {
                    throw running();
                }
                return BackupArchiver.write(store, inst.id(), inst.config().name(),
                        inst.config().mcVersion(), inst.dir(), ctx, weight,
                        unit, clock.instant());
            });
        } catch (DaemonError e) {
            throw running(); // a process exists, or another mutation holds the lock
        }
        ctx.stage(OperationStage.FINALIZING);
        try {
            prune();
        } catch (IOException e) {
            LOG.warn("backup retention after {} failed: {}", m.archiveId(), e.toString());
        }
        return m.archiveId().toString();
    }

    /** Weighted steps stop 0.15, archive 0.7, restart 0.15 (§3.2, operations.md §3.1). */
    private String maintenance(Instance inst, OperationContext ctx) throws Exception {
        ctx.stage(OperationStage.RESOLVING);
        ctx.progress(dev.mfp.daemon.operation.OperationProgress.weight(0));
        boolean stoppedByUs = false;
        if (!stopped(inst.status()) || inst.hasProcess()) {
            try {
                inst.stop();
                stoppedByUs = true;
            } catch (DaemonError e) {
                if (inst.hasProcess()) {
                    throw new OperationError("instance.stop_failed", DaemonErrorKind.CONFLICT, e.getMessage());
                }
            }
            if (stoppedByUs && !inst.awaitNoProcess(stopWaitMillis)) {
                restart(inst);
                throw new OperationError("backup.stop_timeout", DaemonErrorKind.CONFLICT,
                        "The instance did not stop within 30 seconds.");
            }
        }
        ctx.progress(dev.mfp.daemon.operation.OperationProgress.weight(STOP_WEIGHT));
        String ref;
        try {
            ref = direct(inst, ctx, f -> STOP_WEIGHT + ARCHIVE_WEIGHT * f, "weight");
        } catch (Exception e) {
            if (stoppedByUs) {
                restart(inst); // compensating restart, also after a failure or cancellation
            }
            throw e;
        }
        if (stoppedByUs) {
            try {
                inst.start(false);
            } catch (DaemonError e) {
                throw new OperationError("instance.start_failed", DaemonErrorKind.CONFLICT,
                        "The instance could not be started again: " + e.getMessage());
            }
        }
        ctx.progress(dev.mfp.daemon.operation.OperationProgress.weight(1));
        return ref;
    }

    private static void restart(Instance inst) {
        try {
            inst.start(false);
        } catch (Exception e) {
            LOG.warn("instance {}: compensating restart after a backup failed: {}", inst.id(), e.toString());
        }
    }

    private Instance find(UUID id) {
        try {
            return instances.get(id);
        } catch (DaemonError e) {
            throw new OperationError("instance.not_found", DaemonErrorKind.NOT_FOUND, "The instance does not exist.");
        }
    }

    static boolean stopped(InstanceStatus s) {
        return s == InstanceStatus.STOPPED || s == InstanceStatus.CRASHED;
    }

    private static OperationError running() {
        return new OperationError("instance.running", DaemonErrorKind.CONFLICT, "The instance is not stopped.");
    }
}
