package dev.mfp.daemon.instance;

import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.util.SerialExecutor;
import dev.mfp.daemon.instance.process.FileConsole;
import dev.mfp.daemon.instance.process.FileConsoles;
import dev.mfp.daemon.instance.process.InstanceProcess;
import dev.mfp.daemon.instance.process.LaunchCommand;
import dev.mfp.daemon.instance.process.ProcessTree;
import dev.mfp.daemon.instance.report.ServerProperties;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.v2.model.ConsoleMode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One managed server: its config, its console (events + history ring) and the orchestration of its runs
 * (spawning, stopping, exits). Every change of the lifecycle state goes through its {@link Lifecycle}
 * (files-and-instances.md §5.4), which checks and commits it; blocking work (stdin writes, waiting for exits)
 * happens outside the state machine's lock.
 */
public final class Instance {
    /** console.md §1: the terminal size at process start. */
    static final int PTY_COLUMNS = 120;
    static final int PTY_ROWS = 40;
    private static final Logger LOG = LoggerFactory.getLogger(Instance.class);

    private final UUID id;
    private final Path dir;
    private final InstanceSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final InstanceConsole console;
    private final EventBus bus;
    private final SerialExecutor notifications;
    private final ServerProperties properties;
    private final Lifecycle<InstanceProcess> lifecycle;
    private final ConfigFile configFile;
    private final java.util.concurrent.atomic.AtomicReference<InstanceListener> listener =
            new java.util.concurrent.atomic.AtomicReference<>(InstanceListener.NONE);
    private volatile java.util.function.Function<Instance, Preparation> preparations = i -> null;
    /**
     * Told of every status change and ready timeout, in order, off the lock (the catalog), with the status and flag
     * of that moment (so that a quick succession of changes is seen change by change).
     */
    private volatile Observer observer = Observer.NONE;

    /** See {@link #observer}. */
    @FunctionalInterface
    interface Observer {
        Observer NONE = (i, s, r) -> { };

        void changed(Instance instance, InstanceStatus status, boolean readyTimedOut);
    }

    /**
     * {@link System#nanoTime()} of the current process's last output line; 0 before its first one. Not lifecycle
     * state: written on every line, read by monitoring.
     */
    private volatile long lastLineNanos;

    /** Where pipe-mode consoles are kept in files (null: the daemon's own pipes, servers cannot outlive it). */
    private final FileConsoles consoles;

    public Instance(InstanceSpec config, Path dir, EventBus bus, InstanceSettings settings,
            ScheduledExecutorService scheduler, Executor workers) {
        this(config, dir, bus, settings, scheduler, workers, null);
    }

    public Instance(InstanceSpec config, Path dir, EventBus bus, InstanceSettings settings,
            ScheduledExecutorService scheduler, Executor workers, FileConsoles consoles) {
        this.consoles = consoles != null && consoles.available() ? consoles : null;
        this.id = config.uuid();
        this.configFile = new ConfigFile(dir, config);
        this.dir = dir;
        this.settings = settings;
        this.scheduler = scheduler;
        this.workers = workers;
        this.bus = bus;
        this.console = new InstanceConsole(id, bus, settings);
        this.notifications = new SerialExecutor(workers);
        this.properties = new ServerProperties(dir);
        Lifecycle.Timers timers = (task, ms) -> {
            ScheduledFuture<?> f = scheduler.schedule(task, ms, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        this.lifecycle = new Lifecycle<>(id, timers, settings.readyTimeout().toMillis(),
                settings.stopTimeout().toMillis(), new LifecycleEffects());
    }

    public UUID id() {
        return id;
    }

    public Path dir() {
        return dir;
    }

    /** The configuration the next start runs with. */
    public InstanceSpec config() {
        return configFile.current();
    }

    /** Its {@code daemon_instance.json}: the one way to change the configuration (through the manager). */
    ConfigFile configFile() {
        return configFile;
    }

    public InstanceStatus status() {
        return lifecycle.state().status();
    }

    public ServerProperties properties() {
        return properties;
    }

    /** The process's console lines, oldest first (v1's history). */
    public List<String> history() {
        return console.history();
    }

    /** The console lines with the daemon's lifecycle lines, no blank ones (v2 instances.md §4.2, events.md §4.1). */
    public List<String> historyWithDaemonLines() {
        return console.historyWithDaemonLines();
    }

    /** Whether this run has been {@code starting} for longer than the ready timeout (v2 instances.md §7.4). */
    public boolean readyTimedOut() {
        return lifecycle.state().readyTimedOut();
    }

    void observer(Observer o) {
        this.observer = o == null ? Observer.NONE : o;
    }

    /** Replaces the instance's listener (its rule engine; null: none) and closes the one it replaces. */
    public void listener(InstanceListener l) {
        listener.getAndSet(l == null ? InstanceListener.NONE : l).close();
    }

    InstanceListener listener() {
        return listener.get();
    }

    /** The live process, if any (also while {@code crashed} and still exiting, and a stray one). */
    public Optional<ProcessHandle> process() {
        Lifecycle.RunState<InstanceProcess> s = lifecycle.state();
        if (s.process() == null && s.stray() != null) {
            return Optional.of(s.stray());
        }
        return s.process() == null ? Optional.empty() : Optional.of(s.process().handle());
    }

    public boolean hasProcess() {
        return lifecycle.state().hasProcess();
    }

    /**
     * At daemon start: the run-state file names a live server of this instance, started by an earlier daemon run
     * that ended without stopping it (killed), which cannot be re-adopted (PTY mode, or its console files are
     * gone). It is reported {@code running} until it exits; start, remove and
     * settings updates are refused (30003), stop sends it SIGTERM (the kill follows after the stop timeout), kill
     * kills its tree; its console is not connected (send → 30003).
     */
    void strayFromEarlierRun(ProcessHandle h) {
        lifecycle.strayFound(h);
        LOG.warn("instance {}: its server (pid {}) from an earlier daemon run is still running; it is reported running,"
                + " its console is not connected, and it will not be started twice", id, h.pid());
        h.onExit().thenRunAsync(() -> onStrayExit(h), workers);
    }

    /**
     * At daemon start, before auto-start (extensions.md §4): settles the run recorded in the run-state file by an
     * earlier daemon run. A live pipe-mode server whose console files belong to that run is re-adopted; a live
     * one without them (PTY, or no file console on this platform) is a stray; a gone one leaves its output: what
     * it printed after the last delivered line goes into the history, and the instance is {@code crashed} when
     * that output or the history before it shows the crash line, else {@code stopped}.
     */
    void recoverEarlierRun() {
        java.util.Optional<RunStateFile.Recorded> rec = RunStateFile.read(dir, settings.runAs());
        if (rec.isEmpty()) {
            return;
        }
        RunStateFile.Recorded r = rec.get();
        Optional<ProcessHandle> live = RunStateFile.live(r, dir);
        boolean files = RunStateFile.FILES.equals(r.console()) && consoles != null;
        if (live.isPresent() && !files) {
            strayFromEarlierRun(live.get());
            return;
        }
        if (!files) {
            RunStateFile.clear(dir);
            return;
        }
        Charset out;
        Charset in;
        FileConsole fc;
        List<List<String>> before;
        try {
            out = Encodings.resolve(config().outputEncoding(), "output_encoding");
            in = Encodings.resolve(config().inputEncoding(), "input_encoding");
            fc = FileConsole.existing(consoles.dir(id), r.pid(), out);
            before = fc.history((int) Math.min(Integer.MAX_VALUE, settings.logHistoryBytes()));
        } catch (IOException | DaemonError e) {
            LOG.warn("instance {}: the output of its server from an earlier daemon run cannot be read: {}", id,
                    e.getMessage());
            if (live.isPresent()) {
                strayFromEarlierRun(live.get());
            } else {
                RunStateFile.clear(dir);
            }
            return;
        }
        List<String> seed = new java.util.ArrayList<>(before.get(0));
        before.get(1).forEach(l -> seed.add("[STDERR] " + l));
        if (live.isPresent()) {
            adopt(InstanceProcess.adopt(live.get(), in, out, "instance-" + id.toString().substring(0, 8), fc,
                    consoles.tailers(), scheduler), seed);
            return;
        }
        boolean mc = config().instanceType().minecraft();
        boolean[] crashed = {mc && seed.stream().anyMatch(Instance::crashLine)};
        seed.forEach(console::seed);
        fc.finish(30_000, line -> {
            emit(line);
            crashed[0] |= mc && crashLine(line);
        }, line -> emit("[STDERR] " + line));
        RunStateFile.clear(dir);
        LOG.info("instance {}: its server from an earlier daemon run (pid {}) has exited meanwhile → {}", id, r.pid(),
                crashed[0] ? "crashed" : "stopped");
        if (crashed[0]) {
            lifecycle.recoveredCrashed();
        }
    }

    /** Fresh console files for a run; null (the daemon's pipes are used) where they cannot be made. */
    private FileConsole newFileConsole(Charset out) {
        try {
            return FileConsole.newRun(consoles.dir(id), out);
        } catch (IOException | RuntimeException e) {
            LOG.warn("instance {}: cannot keep its console in files ({}); this run uses the daemon's pipes and stops"
                    + " with the daemon", id, e.toString());
            return null;
        }
    }

    private static boolean crashLine(String line) {
        return MinecraftConsoleWatcher.classify(line) == MinecraftConsoleWatcher.Signal.CRASH;
    }

    /** Takes {@code p} (a server of an earlier daemon run) as this instance's run: {@code running}, console on. */
    private void adopt(InstanceProcess p, List<String> history) {
        history.forEach(console::seed);
        lastLineNanos = 0;
        boolean mc = config().instanceType().minecraft();
        lifecycle.adopted(p, mc, mc && history.stream().anyMatch(Instance::crashLine));
        startReaders(p);
        LOG.info("instance {}: re-adopted its server (pid {}) from an earlier daemon run", id, p.pid());
    }

    /**
     * Daemon shutdown with {@code shutdown_policy} {@code detach}: a server whose console is in files is left
     * running for the next daemon (its run-state file stays); true then. False for any other instance.
     */
    boolean detachForShutdown() {
        InstanceProcess p = lifecycle.detach(q -> q.detachable() && q.alive());
        if (p == null) {
            return false;
        }
        p.detach();
        LOG.info("instance {}: left running (pid {}) for the next daemon", id, p.pid());
        return true;
    }

    private void onStrayExit(ProcessHandle h) {
        if (lifecycle.strayExited(h)) {
            LOG.info("instance {}: the server from an earlier daemon run (pid {}) has exited", id, h.pid());
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    /**
     * Spawns the process; answers once it runs (state starting, or running for non-Minecraft types). During
     * {@code stopping} it first waits up to {@link Lifecycle#START_WAITS_FOR_STOP_MS} for the old process to end
     * (files-and-instances.md §5.4: the web client's Restart is stop, one second, start).
     */
    public void start() throws InterruptedException {
        start(true);
    }

    /**
     * {@code failOnImmediateExit}: v1 answers 60002 when the process exits with an error within the spawn check; v2
     * (instances.md §3.1) counts a spawned process as started whatever it does next.
     */
    public void start(boolean failOnImmediateExit) throws InterruptedException {
        Preparation pending = preparations.apply(this);
        if (pending != null) {
            startPrepared(pending);
            return;
        }
        start(failOnImmediateExit, false);
    }

    /** What must run before the next process is spawned (a recorded installer run), or null; set by the manager. */
    void preparations(java.util.function.Function<Instance, Preparation> p) {
        this.preparations = p == null ? i -> null : p;
    }

    /** A preparation run before the process is spawned (the deferred installer). */
    public interface Preparation {
        void run() throws Exception;
    }

    /**
     * v2 client-compat.md §2: commits {@code starting} at once (the answer of a start), then runs {@code prepare} on a
     * worker while the instance stays {@code starting} — start, removal and settings updates are refused meanwhile —
     * and spawns the process when it succeeded. When it fails the instance goes back to {@code stopped} and the
     * failure is a console line of the daemon's (and a log line).
     */
    public void startPrepared(Preparation prepare) {
        lifecycle.startPrepared(() -> {
            console.publishDaemonLine("[MCSL] Instance starting.");
            console.publishDaemonLine("[MCSL] Running the installer the last settings update needs.");
        });
        Runnable run = () -> {
            try {
                prepare.run();
            } catch (Exception | Error e) {
                preparationFailed(e);
                return;
            }
            lifecycle.preparationDone();
            try {
                start(false, true);
            } catch (Exception | Error e) {
                preparationFailed(e);
            }
        };
        try {
            workers.execute(run);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            preparationFailed(stopping); // the daemon is stopping: back to stopped, the record stays
        }
    }

    private void preparationFailed(Throwable e) {
        String why = e instanceof DaemonError a ? a.kind().name() + ": " + a.detail() : e.toString();
        LOG.warn("instance {}: the start failed before the process was spawned: {}", id, why);
        lifecycle.preparationFailed(() -> console.publishDaemonLine("[MCSL] Instance start failed: " + why));
    }

    /** {@code prepared}: {@code starting} was already committed by {@link #startPrepared}. */
    private void start(boolean failOnImmediateExit, boolean prepared) throws InterruptedException {
        Lifecycle.RunState<InstanceProcess> now = lifecycle.state();
        InstanceProcess stopping = now.status() == InstanceStatus.STOPPING ? now.process() : null;
        ProcessHandle strayStopping = now.status() == InstanceStatus.STOPPING && now.process() == null ? now.stray()
                : null;
        if (stopping != null) {
            awaitSettled(stopping, Lifecycle.START_WAITS_FOR_STOP_MS);
        } else if (strayStopping != null) {
            try {
                strayStopping.onExit().get(Lifecycle.START_WAITS_FOR_STOP_MS, TimeUnit.MILLISECONDS);
                onStrayExit(strayStopping);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // still alive: refused below
            }
        }
        // Outside the state lock: on a large world this walk takes a while, and reads must not wait for it.
        try {
            if (!hasProcess()) { // a start that will be refused needs no walk
                settings.runAs().own(dir);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed meanwhile: answered below
        } catch (IOException e) {
            throw new DaemonError(Failure.PROCESS_ERROR, "cannot hand the directory to " + settings.runAs().user()
                    + ": " + e.getMessage());
        }
        InstanceProcess p = lifecycle.start(prepared, stopping, () -> spawn(prepared)).process();
        startReaders(p);
        if (failOnImmediateExit && p.awaitExit(settings.spawnCheck().toMillis()) && p.exitCode() != 0) {
            awaitSettled(p, 5000);
            throw new DaemonError(Failure.PROCESS_ERROR, "process exited immediately with code " + p.exitCode());
        }
    }

    /** Under the state machine's lock, once the start is allowed: spawns the process of a new run. */
    private Lifecycle.Spawned<InstanceProcess> spawn(boolean prepared) {
        InstanceSpec c = configFile.current();
        InstanceProcess p;
        Charset in;
        Charset out;
        try {
            in = Encodings.resolve(c.inputEncoding(), "input_encoding");
            out = Encodings.resolve(c.outputEncoding(), "output_encoding");
        } catch (DaemonError e) {
            throw new DaemonError(Failure.PROCESS_ERROR, e.detail());
        }
        ProcessBuilder pb = LaunchCommand.build(c, dir);
        boolean pty = c.consoleMode() == ConsoleMode.PTY;
        if (pty) {
            LaunchCommand.terminalEnvironment(pb, PTY_COLUMNS, PTY_ROWS);
        }
        settings.runAs().apply(pb);
        properties.get(true);
        String name = "instance-" + id.toString().substring(0, 8);
        FileConsole files = null;
        try {
            if (pty) {
                p = InstanceProcess.spawnPty(pb, in, out, name, PTY_COLUMNS, PTY_ROWS,
                        settings.runAs()::handOverTerminal);
            } else if (consoles != null && (files = newFileConsole(out)) != null) {
                p = InstanceProcess.spawnFiles(pb, in, out, name, files, consoles.tailers());
            } else {
                p = InstanceProcess.spawn(pb, in, out, name);
            }
        } catch (IOException e) {
            if (files != null) {
                files.detach();
            }
            throw new DaemonError(Failure.PROCESS_ERROR, "cannot start '" + pb.command().get(0) + "': "
                    + e.getMessage());
        }
        lastLineNanos = 0;
        RunStateFile.write(dir, p.handle(), pty ? RunStateFile.PTY
                : p.detachable() ? RunStateFile.FILES : RunStateFile.PIPE);
        if (!prepared) {
            console.publishDaemonLine("[MCSL] Instance starting.");
        }
        return new Lifecycle.Spawned<>(p, c.instanceType().minecraft());
    }

    /** The run's output readers and its exit handling. */
    private void startReaders(InstanceProcess p) {
        p.startReaders(line -> onStdout(p, line), line -> {
            lastLineNanos = nanosNonZero();
            emit("[STDERR] " + line);
        });
        p.onExit().thenRunAsync(() -> onExit(p), workers);
    }

    /** Minecraft: writes {@code stop} and kills the tree if it is still alive after the stop timeout; others: kill. */
    public void stop() {
        Lifecycle.RunState<InstanceProcess> s = lifecycle.stop();
        InstanceProcess p = s.process();
        if (p == null) {
            // SIGTERM (a Java server shuts down cleanly on it); the escalation kills the tree after the stop timeout
            s.stray().destroy();
            return;
        }
        if (s.minecraftRun()) {
            try {
                p.writeLine("stop");
            } catch (IOException e) {
                LOG.debug("instance {}: stdin closed while stopping", id);
            }
        } else {
            p.killTree();
        }
    }

    /** Kills the whole process tree and waits for the exit; the state is then {@code stopped}. */
    public void kill() throws InterruptedException {
        kill(10_000);
    }

    /**
     * As {@link #kill()}, but after the exit waits at most {@code drainMillis} for the output readers and the exit
     * handling (v2 instances.md §3.5: 5 s, then the old run finishes in the background).
     */
    public void kill(long drainMillis) throws InterruptedException {
        Lifecycle.RunState<InstanceProcess> now = lifecycle.state();
        if (now.process() == null && now.stray() != null) {
            killStray(now.stray());
            return;
        }
        InstanceProcess p = lifecycle.kill();
        p.killTree();
        if (!p.awaitExit(15_000)) {
            throw new DaemonError(Failure.PROCESS_ERROR, "process " + p.pid() + " did not exit after kill");
        }
        awaitSettled(p, drainMillis);
    }

    private void killStray(ProcessHandle h) throws InterruptedException {
        ProcessTree.kill(h);
        try {
            h.onExit().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DaemonError(Failure.PROCESS_ERROR, "process " + h.pid() + " did not exit after kill");
        }
        onStrayExit(h);
    }

    /** Writes one console line with the instance's input encoding. */
    public void send(String message) {
        Lifecycle.RunState<InstanceProcess> now = lifecycle.state();
        InstanceProcess p = now.process();
        if (p == null && now.stray() != null) {
            throw badState("the server of this instance was started by an earlier daemon run; its console is not"
                    + " connected");
        }
        if (p == null) {
            throw badState("instance is " + status().wire() + " and has no process");
        }
        try {
            p.writeLine(message);
        } catch (IOException e) {
            throw badState("the process does not accept input any more");
        }
    }

    /**
     * Attaches a console session to the current run (v2 console.md §2): the terminal is resized to
     * {@code columns} × {@code rows} first (no-op in pipe mode), then, in PTY mode, {@code output} receives the
     * run's raw output (after the retained history when {@code replay}). 30003 when there is no live process of
     * ours (also while {@code crashed} with the process still running it is attached, decisions.md 9).
     */
    public ConsoleAttachment openConsole(int columns, int rows, boolean replay, int replayPieceBytes,
            java.util.function.Consumer<dev.mfp.daemon.instance.process.ConsoleOutput.Chunk> output) {
        InstanceProcess p = lifecycle.state().process();
        if (p == null || !p.alive()) {
            throw badState("instance is " + status().wire() + " and has no process");
        }
        try {
            p.resize(columns, rows);
        } catch (IOException e) {
            if (!p.alive()) {
                throw badState("the process has ended");
            }
            throw new DaemonError(Failure.PROCESS_ERROR, e.getMessage());
        }
        Runnable detach = p.output() == null ? () -> { } : p.output().attach(output, replay, replayPieceBytes);
        return new ConsoleAttachment(p, detach);
    }

    /** How many console sessions receive the current run's output (0 in pipe mode or without a process). */
    public int consoleOutputListeners() {
        InstanceProcess p = lifecycle.state().process();
        return p == null || p.output() == null ? 0 : p.output().listeners();
    }

    /** Stop (if running), wait for the exit, start again. Used by rules. */
    public void restart() throws InterruptedException {
        InstanceProcess p = lifecycle.state().process();
        if (p != null) {
            try {
                stop();
            } catch (DaemonError e) {
                // exited meanwhile
            }
            awaitSettled(p, settings.stopTimeout().toMillis() + 20_000);
        }
        start();
    }

    /** Marks the instance removed if it has no process; 30003 otherwise. */
    public void markRemoved() {
        lifecycle.markRemoved();
    }

    public boolean isRemoved() {
        return lifecycle.state().removed();
    }

    /**
     * For update_instance_settings: runs {@code action} while no start or removal can happen (those, and a second
     * update, are 30003 meanwhile); 30003 if a process exists. The state lock is not held while it runs (a
     * reinstall takes minutes; reports and status reads must not wait for it).
     */
    public <T> T whileStopped(java.util.concurrent.Callable<T> action) throws Exception {
        lifecycle.beginUpdate();
        try {
            return action.call();
        } finally {
            lifecycle.endUpdate();
        }
    }

    /**
     * Daemon shutdown, step 1: Minecraft gets {@code stop}, others are killed. Returns the process tree to wait
     * for (empty when there is no process).
     */
    public List<ProcessHandle> beginShutdown() {
        Lifecycle.RunState<InstanceProcess> now = lifecycle.state();
        InstanceProcess p = now.process();
        if (p == null && now.stray() != null) {
            List<ProcessHandle> tree = ProcessTree.snapshot(now.stray());
            try {
                stop();
            } catch (DaemonError e) {
                // exited meanwhile
            }
            return tree;
        }
        if (p == null) {
            return List.of();
        }
        List<ProcessHandle> tree = p.tree();
        try {
            stop();
        } catch (DaemonError e) {
            return List.of();
        }
        return tree;
    }

    /** Daemon shutdown, step 2: whatever is left is killed. */
    public void forceKill() {
        Lifecycle.RunState<InstanceProcess> s = lifecycle.forceKill();
        if (s.process() != null) {
            s.process().killTree();
        } else if (s.stray() != null) {
            ProcessTree.kill(s.stray());
        }
    }

    /**
     * Publishes a notification of one of this instance's rules (v2 events.md §4.4). Both meta ids must be non-empty:
     * a rule without an id (or with the all-zero id) publishes nothing. The v1 front end ignores the event.
     */
    public boolean publishNotification(UUID ruleId, String title, String message, String severity) {
        if (ruleId == null || (ruleId.getMostSignificantBits() == 0 && ruleId.getLeastSignificantBits() == 0)) {
            return false;
        }
        bus.publish(dev.mfp.daemon.event.DaemonEventType.NOTIFICATION, id, new dev.mfp.daemon.event.NotificationData(
                ruleId, title == null ? "" : title, message == null ? "" : message, severity == null ? "" : severity));
        return true;
    }

    // ---- console ---------------------------------------------------------------------------------------------

    private static long nanosNonZero() {
        long n = System.nanoTime();
        return n == 0 ? 1 : n;
    }

    /**
     * Seconds since the current process last wrote an output line (stdout or stderr), or null when the instance is
     * not {@code running} or its process has not written a line yet (monitoring.md §2.2). Reads volatiles only.
     */
    public Double silentSeconds() {
        long at = lastLineNanos;
        if (status() != InstanceStatus.RUNNING || at == 0) {
            return null;
        }
        return Math.max(0, System.nanoTime() - at) / 1e9;
    }

    /** Output of this instance's installer or post-processor: console events and history like process output. */
    public void installerOutput(String line) {
        emit(line);
    }

    private void onStdout(InstanceProcess p, String line) {
        lastLineNanos = nanosNonZero();
        emit(line);
        if (lifecycle.state().minecraftRun()) {
            lifecycle.signal(p, MinecraftConsoleWatcher.classify(line));
        }
    }

    /** One console line: history ring, then subscribers, in one order per instance; then the rules. */
    private void emit(String line) {
        console.publish(line);
        listener.get().onLine(line);
    }

    // ---- exits -----------------------------------------------------------------------------------------------

    private void onExit(InstanceProcess p) {
        // First, so that a leftover child holding the output pipes cannot delay the end of the readers.
        p.killLeftovers();
        p.joinReaders(3000);
        int code = p.exitCode();
        InstanceStatus end = lifecycle.exited(p, code);
        if (end != null) {
            LOG.info("instance {} exited with code {} → {}", id, code, end.wire());
        }
        p.settled().complete(null);
    }

    private static void awaitSettled(InstanceProcess p, long millis) throws InterruptedException {
        try {
            p.settled().get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the exit handler is late; the state catches up on its own
        }
    }

    /** Waits until the current run (if any) has fully ended. */
    public boolean awaitNoProcess(long millis) throws InterruptedException {
        InstanceProcess p = lifecycle.state().process();
        if (p == null) {
            return true;
        }
        awaitSettled(p, millis);
        return p.settled().isDone();
    }

    /** The state machine's effects on this instance: console lines, notifications, the run-state file, kills. */
    private final class LifecycleEffects implements Lifecycle.Effects<InstanceProcess> {
        @Override
        public void statusChanged(InstanceStatus prev, InstanceStatus next) {
            if (next == InstanceStatus.STOPPED) {
                console.publishDaemonLine("[MCSL] Instance stopped.");
            }
            InstanceListener l = listener.get();
            Observer o = observer;
            notifications.execute(() -> {
                l.onStatus(prev, next);
                o.changed(Instance.this, next, false);
            });
        }

        @Override
        public void readyTimedOut() {
            Observer o = observer;
            notifications.execute(() -> o.changed(Instance.this, InstanceStatus.STARTING, true));
        }

        @Override
        public void runEnded() {
            RunStateFile.clear(dir);
        }

        @Override
        public void stopTimedOut(InstanceProcess p) {
            LOG.warn("instance {} did not stop within {} ms; killing its process tree", id,
                    settings.stopTimeout().toMillis());
            p.killTree();
        }

        @Override
        public void strayStopTimedOut(ProcessHandle h) {
            LOG.warn("instance {}: the server from an earlier daemon run did not stop within {} ms; killing it", id,
                    settings.stopTimeout().toMillis());
            ProcessTree.kill(h);
        }
    }

    private static DaemonError badState(String detail) {
        return new DaemonError(Failure.BAD_INSTANCE_STATE, detail);
    }
}
