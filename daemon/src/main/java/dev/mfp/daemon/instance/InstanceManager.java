package dev.mfp.daemon.instance;

import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.files.TreeRemoval;
import dev.mfp.daemon.instance.factory.FactorySelector;
import dev.mfp.daemon.instance.factory.InstallRequest;
import dev.mfp.daemon.instance.factory.InstallResult;
import dev.mfp.daemon.instance.factory.InstanceFactory;
import dev.mfp.daemon.instance.process.FileConsoles;
import dev.mfp.daemon.instance.process.ProcessTree;
import dev.mfp.daemon.instance.rules.RuleEngine;
import dev.mfp.daemon.instance.rules.RuleParser;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry of instances: install, load, remove, persist, rules, and the graceful shutdown of them all. */
public final class InstanceManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceManager.class);
    private static final UUID ZERO = new UUID(0L, 0L);

    private final EventBus bus;
    private final InstanceSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final InstanceStore store;
    private final FactorySelector factories;
    private final Map<UUID, Instance> instances = new ConcurrentHashMap<>();
    private final InstanceCatalog catalog;
    private java.util.function.Function<Instance, Instance.Preparation> preparations = i -> null;
    private static final String REMOVING = ".removing-";
    private final Set<UUID> installing = ConcurrentHashMap.newKeySet();
    private final RootFs fs;
    private final TreeRemoval trees;
    private final FileConsoles consoles;
    private ScheduledFuture<?> ticker;
    private long lastTickSecond;

    public InstanceManager(InstanceStore store, FactorySelector factories, EventBus bus, InstanceSettings settings,
            ScheduledExecutorService scheduler, Executor workers, RootFs fs, TreeRemoval trees) {
        this(store, factories, bus, settings, scheduler, workers, fs, trees, null);
    }

    /**
     * @param fs the daemon root: instance directories are created, renamed and deleted through it
     * @param consoles where pipe-mode consoles are kept in files (null: the daemon's pipes; no re-adoption)
     */
    public InstanceManager(InstanceStore store, FactorySelector factories, EventBus bus, InstanceSettings settings,
            ScheduledExecutorService scheduler, Executor workers, RootFs fs, TreeRemoval trees, FileConsoles consoles) {
        this.fs = fs;
        this.consoles = consoles;
        this.store = store;
        this.factories = factories;
        this.bus = bus;
        this.catalog = new InstanceCatalog(bus);
        this.settings = settings;
        this.scheduler = scheduler;
        this.workers = workers;
        this.trees = trees;
    }

    /** The versioned instance list of v2 (instances.md §6). */
    public InstanceCatalog catalog() {
        return catalog;
    }

    private static InstanceCatalog.Item item(Instance inst) {
        return item(inst, inst.status(), inst.readyTimedOut());
    }

    private static InstanceCatalog.Item item(Instance inst, dev.mfp.protocol.model.InstanceStatus status,
            boolean readyTimedOut) {
        InstanceSpec c = inst.config();
        return new InstanceCatalog.Item(inst.id(), c.name(), c.instanceType(), c.mcVersion(), status, readyTimedOut);
    }

    public InstanceSettings settings() {
        return settings;
    }

    public InstanceStore store() {
        return store;
    }

    public FactorySelector factories() {
        return factories;
    }

    /**
     * Loads every valid instance from disk ({@code stopped}), settles the runs an earlier daemon left (re-adoption,
     * extensions.md §4), then schedules auto-start (§5) and starts the schedule ticker.
     */
    public void start() {
        deleteLeftoverRemovals();
        for (InstanceSpec c : store.loadAll()) {
            Instance inst = newInstance(c, store.dir(c.uuid()));
            inst.configFile().stampLoaded(store);
            attachRules(inst);
            instances.put(c.uuid(), inst);
            catalog.load(item(inst));
            inst.observer((i, st, rto) -> catalog.update(item(i, st, rto)));
        }
        // extensions.md §4–5: servers of an earlier daemon run are re-adopted (or settled) before auto-start
        for (Instance inst : instances.values()) {
            inst.recoverEarlierRun();
        }
        LOG.info("{} instance(s) loaded", instances.size());
        new AutoStarter(scheduler, workers, settings.autoStartConcurrency(), settings.readyTimeout())
                .begin(instances.values());
        lastTickSecond = Instant.now().getEpochSecond();
        ticker = scheduler.scheduleAtFixedRate(this::tick, 1000 - System.currentTimeMillis() % 1000, 1000,
                TimeUnit.MILLISECONDS);
    }

    public Instance get(UUID id) {
        Instance i = id == null ? null : instances.get(id);
        if (i == null) {
            throw new DaemonError(Failure.INSTANCE_NOT_FOUND, String.valueOf(id));
        }
        reloadIfEdited(i);
        return i;
    }

    /** Whether the id is registered, being installed, or has a directory under {@code instances/}. */
    public boolean exists(UUID id) {
        return instances.containsKey(id) || installing.contains(id) || Files.exists(store.dir(id));
    }

    public Collection<Instance> all() {
        List<Instance> all = List.copyOf(instances.values());
        all.forEach(this::reloadIfEdited);
        return all;
    }

    /**
     * files-and-instances.md §5.1: {@code daemon_instance.json} may be edited externally. When its modification
     * time, size or identity differs from the daemon's own last write, it is read again: a valid file replaces the
     * config (the {@code uuid} in it is ignored, the directory name stays the id) and the rules are re-attached; an
     * invalid one is ignored with a log line (the last good config stays). Checked whenever an action looks the
     * instance up, so a change is seen by the next request. Skipped while the daemon itself is writing the config.
     */
    void reloadIfEdited(Instance inst) {
        inst.configFile().reloadIfEdited(store, inst::isRemoved, c -> applied(inst));
    }

    // ---- add / remove ----------------------------------------------------------------------------------------

    public InstanceSpec add(NewInstance s) throws Exception {
        return add(s, null);
    }

    /** Files placed in the fresh instance directory before its factory runs (fetched ahead by provisioning). */
    @FunctionalInterface
    public interface Seed {
        void into(Path dir) throws IOException;
    }

    /** {@link #add(NewInstance)} with {@code seed} (may be null) applied before the factory runs. */
    public InstanceSpec add(NewInstance s, Seed seed) throws Exception {
        ConfigValidator.validate(s);
        UUID requested = s.spec().uuid();
        UUID id = requested == null || requested.equals(ZERO) ? UUID.randomUUID() : requested;
        Path dir = store.dir(id);
        if (instances.containsKey(id) || !installing.add(id)) {
            throw new DaemonError(Failure.INSTANCE_ALREADY_EXISTS, id.toString());
        }
        boolean created = false;
        try {
            InstanceFactory factory = factories.select(s.spec().instanceType(), s.sourceType(), s.spec().mcVersion());
            try {
                fs.mkdir(dir);
                created = true;
            } catch (FileAlreadyExistsException e) {
                throw new DaemonError(Failure.INSTANCE_ALREADY_EXISTS, "working directory instances/" + id
                        + " already exists");
            }
            InstanceSpec config = s.spec().withUuid(id);
            Instance inst = newInstance(config, dir);
            if (seed != null) {
                seed.into(dir);
            }
            InstallResult r = factory.install(new InstallRequest(s, config, dir, inst::installerOutput));
            InstanceSpec installed = inst.configFile().write(store,
                    c -> r.config().withAutoStart(config.autoStart(), config.autoStartDelaySeconds()), c -> { });
            store.saveMetadata(dir, r.metadata());
            if (s.usePostProcess() && r.config().instanceType().minecraft()) {
                PostProcessor.run(inst, settings);
            }
            attachRules(inst);
            instances.put(id, inst);
            catalog.upsert(item(inst));
            inst.observer((i, st, rto) -> catalog.update(item(i, st, rto)));
            LOG.info("instance {} '{}' installed ({})", id, r.config().name(), r.metadata().installerKind());
            return installed;
        } catch (Exception | Error e) {
            if (created) {
                deleteTree(dir);
            }
            if (e instanceof DaemonError) {
                throw e;
            }
            if (e instanceof IOException io) {
                throw new DaemonError(Failure.INSTALLATION_ERROR, io.toString());
            }
            throw e;
        } finally {
            installing.remove(id);
        }
    }

    /**
     * Removes a stopped instance. Marked removed first (no start, no config write after that point), then, under
     * the config lock (so a config write in progress finishes before and none follows), its config file is deleted
     * before the rest of the directory: whatever else cannot be deleted, the instance does not come back.
     */
    public void remove(UUID id) {
        Instance inst = get(id);
        inst.markRemoved();
        try {
            inst.configFile().locked(() -> {
                instances.remove(id, inst);
                catalog.remove(id);
                inst.observer(null);
                inst.listener(null);
                fs.deleteFile(inst.dir().resolve(InstanceLayout.CONFIG_FILE));
                stageForDeletion(inst.dir());
                deleteConsoleFiles(id);
                return null;
            });
        } catch (IOException e) {
            LOG.warn("instance {} removed, but its directory could not be deleted completely", id, e);
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "cannot delete instances/" + id + ": " + e.getMessage());
        }
    }

    // ---- config and rules ------------------------------------------------------------------------------------

    /**
     * The one way to change a config: {@code change} maps the current config to the new one under the config lock
     * (so concurrent changes — rules saved during a settings update — are applied one after the other, none lost),
     * the result is persisted atomically, then applied (rules take effect immediately); 30001 once removed.
     */
    public InstanceSpec updateConfig(Instance inst, java.util.function.UnaryOperator<InstanceSpec> change)
            throws IOException {
        InstanceSpec config = inst.configFile().write(store, current -> {
            if (inst.isRemoved()) {
                throw new DaemonError(Failure.INSTANCE_NOT_FOUND, inst.id() + " has been removed");
            }
            return change.apply(current);
        }, c -> applied(inst));
        return config;
    }

    /**
     * Makes the configuration found in a directory that was replaced underneath the instance (a restored backup)
     * current, without writing it; nothing changes when the file there is invalid.
     */
    public void adoptConfigOnDisk(Instance inst) throws IOException {
        InstanceSpec read = store.load(inst.dir());
        if (read != null) {
            inst.configFile().adopt(store, read, c -> applied(inst));
        }
    }

    public InstallRecord metadata(Instance inst) {
        return store.loadMetadata(inst.dir());
    }

    /** A new configuration took effect (under its file's lock): its rules and its catalog entry follow. */
    private void applied(Instance inst) {
        attachRules(inst);
        catalog.update(item(inst));
    }

    private void attachRules(Instance inst) {
        if (inst.isRemoved()) {
            return;
        }
        try {
            inst.listener(new RuleEngine(inst, RuleParser.parse(inst.config().rules()), workers));
        } catch (DaemonError | IllegalArgumentException e) {
            LOG.warn("instance {}: event rules ignored: {}", inst.id(), e.getMessage());
            inst.listener(null);
        }
    }

    private void tick() {
        long now = Instant.now().getEpochSecond();
        long from = Math.max(lastTickSecond + 1, now - 5);
        lastTickSecond = now;
        for (long s = from; s <= now; s++) {
            ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochSecond(s), ZoneId.systemDefault());
            for (Instance inst : instances.values()) {
                try {
                    inst.listener().tick(t);
                } catch (RuntimeException ex) {
                    LOG.warn("schedule tick failed", ex);
                }
            }
        }
    }

    private Instance newInstance(InstanceSpec c, Path dir) {
        Instance inst = new Instance(c, dir, bus, settings, scheduler, workers, consoles);
        inst.preparations(preparations);
        return inst;
    }

    /**
     * What must run before an instance's next process is spawned (the settings updater's recorded installer runs),
     * for every start: by a client, auto-start or a rule. Set once before {@link #start()}.
     */
    void preparations(java.util.function.Function<Instance, Instance.Preparation> p) {
        this.preparations = p;
    }

    // ---- shutdown --------------------------------------------------------------------------------------------

    /**
     * Stops every running instance gracefully ({@code stop} for Minecraft, kill for others), waits up to the stop
     * timeout, then kills whatever is left and waits for it: no child outlives the daemon — except, with
     * {@code shutdown_policy} {@code detach}, the servers whose console is in files, which are left running for the
     * next daemon (extensions.md §4). Then the console-log thread ends.
     */
    @Override
    public void close() {
        try {
            stopAll();
        } finally {
            if (consoles != null) {
                consoles.close();
            }
        }
    }

    private void stopAll() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        List<ProcessHandle> trees = new ArrayList<>();
        for (Instance i : instances.values()) {
            if (settings.shutdownPolicy() == ShutdownPolicy.DETACH && i.detachForShutdown()) {
                continue;
            }
            trees.addAll(i.beginShutdown());
        }
        if (trees.isEmpty()) {
            return;
        }
        LOG.info("stopping {} instance process(es)", trees.size());
        if (!ProcessTree.awaitAll(trees, settings.stopTimeout().toMillis())) {
            for (Instance i : instances.values()) {
                i.forceKill();
            }
            trees.forEach(ProcessHandle::destroyForcibly);
            ProcessTree.awaitAll(trees, 10_000);
        }
        for (Instance i : instances.values()) {
            try {
                i.awaitNoProcess(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Deletes a tree inside the root the way delete_directory does (no link followed), after cancelling uploads in it. */
    /**
     * v2 client-compat.md §2: the directory is renamed to {@code <id>.removing-<32 hex>} (so the answer does not wait
     * for a large world to be deleted) and deleted in the background; what a daemon stop interrupts is deleted at
     * the next start ({@link #deleteLeftoverRemovals}). Where the rename fails, it is deleted here and now.
     */
    private void stageForDeletion(Path dir) throws IOException {
        trees.cancelSessionsUnder(dir);
        Path staged = dir.resolveSibling(dir.getFileName() + REMOVING + UUID.randomUUID().toString().replace("-", ""));
        try {
            fs.rename(dir, staged);
        } catch (java.nio.file.NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            LOG.debug("cannot rename {} for deletion ({}); deleting it in place", dir, e.toString());
            deleteTree(dir);
            return;
        }
        deleteInBackground(staged);
    }

    private void deleteInBackground(Path staged) {
        try {
            workers.execute(() -> {
                try {
                    deleteTree(staged);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not delete {} completely (retried at the next start): {}", staged, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the daemon is stopping: the next start deletes it
        }
    }

    /** The console files of the instance's last run (consoles/<id>/, the daemon's own: deleted in place). */
    private void deleteConsoleFiles(UUID id) {
        if (consoles == null) {
            return;
        }
        Path d = consoles.dir(id);
        try (java.util.stream.Stream<Path> files = Files.list(d)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(d);
        } catch (java.nio.file.NoSuchFileException none) {
            // never started
        } catch (IOException e) {
            LOG.warn("cannot delete the console files of instance {}: {}", id, e.toString());
        }
    }

    /** Deletes the directories of removals a stop interrupted. */
    private void deleteLeftoverRemovals() {
        Path base = store.dir(ZERO).getParent();
        try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "*" + REMOVING + "*")) {
            for (Path d : dirs) {
                LOG.info("deleting {}, left by an interrupted removal", d.getFileName());
                deleteInBackground(d);
            }
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException none) {
            // no instances yet
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", base, e.toString());
        }
    }

    void deleteTree(Path dir) throws IOException {
        trees.delete(dir);
    }
}
