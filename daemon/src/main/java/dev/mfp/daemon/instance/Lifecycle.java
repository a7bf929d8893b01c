package dev.mfp.daemon.instance;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.model.InstanceStatus;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The lifecycle state machine of one instance (files-and-instances.md §5.4). Its whole state is one immutable
 * {@link RunState}, replaced under one lock by the transition methods: each checks that its transition is allowed
 * in the current state (30001 / 30003 otherwise, nothing changes), commits the next value and returns it. Reads
 * take the current value without the lock.
 *
 * <p>Every status change is told to {@link Effects#statusChanged} under the lock, so its effects (the daemon's
 * console line, the notifications) happen in commit order. The ready timer and the stop escalation are armed and
 * cancelled here too; the escalation's kill runs off the lock. {@code P} is the run's process ({@code
 * InstanceProcess} in the daemon; any token in a test): the state machine only compares it by identity.
 */
final class Lifecycle<P> {
    /** How long a start during {@code stopping} waits for the process to end. */
    static final long START_WAITS_FOR_STOP_MS = 10_000;

    /**
     * The status and the facts of the current run. {@code process}: the run's live process (also while {@code
     * crashed} and still exiting); {@code stray}: a server left by an earlier daemon run that could not be
     * re-adopted (no console); {@code updating}: a settings update or a start's preparation runs (no start or
     * removal meanwhile); {@code readyTimedOut}: {@code starting} for longer than the ready timeout (cleared by the
     * next status change).
     */
    record RunState<P>(InstanceStatus status, P process, ProcessHandle stray, boolean minecraftRun,
            boolean stopRequested, boolean killRequested, boolean crashSeen, boolean removed, boolean updating,
            boolean readyTimedOut) {
        static <P> RunState<P> initial() {
            return new RunState<>(InstanceStatus.STOPPED, null, null, false, false, false, false, false, false,
                    false);
        }

        /** A process of ours or a stray one is bound. */
        boolean hasProcess() {
            return process != null || stray != null;
        }

        RunState<P> withStatus(InstanceStatus s) {
            return new RunState<>(s, process, stray, minecraftRun, stopRequested, killRequested, crashSeen,
                    removed, updating, s == status && readyTimedOut);
        }

        /** {@code p} is the run now, with fresh per-run facts. */
        RunState<P> withRun(P p, boolean minecraft, boolean crash) {
            return new RunState<>(status, p, stray, minecraft, false, false, crash, removed, updating,
                    readyTimedOut);
        }

        RunState<P> withoutProcess() {
            return new RunState<>(status, null, stray, minecraftRun, stopRequested, killRequested, crashSeen,
                    removed, updating, readyTimedOut);
        }

        RunState<P> withStray(ProcessHandle h) {
            return new RunState<>(status, process, h, minecraftRun, stopRequested, killRequested, crashSeen,
                    removed, updating, readyTimedOut);
        }

        RunState<P> withRequests(boolean stop, boolean kill) {
            return new RunState<>(status, process, stray, minecraftRun, stop, kill, crashSeen, removed, updating,
                    readyTimedOut);
        }

        RunState<P> withCrashSeen() {
            return new RunState<>(status, process, stray, minecraftRun, stopRequested, killRequested, true,
                    removed, updating, readyTimedOut);
        }

        RunState<P> withRemoved() {
            return new RunState<>(status, process, stray, minecraftRun, stopRequested, killRequested, crashSeen,
                    true, updating, readyTimedOut);
        }

        RunState<P> withUpdating(boolean u) {
            return new RunState<>(status, process, stray, minecraftRun, stopRequested, killRequested, crashSeen,
                    removed, u, readyTimedOut);
        }

        RunState<P> withReadyTimedOut() {
            return new RunState<>(status, process, stray, minecraftRun, stopRequested, killRequested, crashSeen,
                    removed, updating, true);
        }

        /** The status a process exit commits (files-and-instances.md §5.4, crash rule). */
        InstanceStatus endOfRun(int exitCode) {
            if (killRequested) {
                return InstanceStatus.STOPPED;
            }
            if (crashSeen || status == InstanceStatus.CRASHED) {
                return InstanceStatus.CRASHED;
            }
            if (exitCode != 0 && !stopRequested && status != InstanceStatus.STOPPING) {
                return InstanceStatus.CRASHED;
            }
            return InstanceStatus.STOPPED;
        }
    }

    /** What the state machine does to the world; see the class comment for which run under the lock. */
    interface Effects<P> {
        /** Under the lock, once per committed status change, in commit order. */
        void statusChanged(InstanceStatus previous, InstanceStatus next);

        /** Under the lock: still {@code starting} when the ready timer fired. */
        void readyTimedOut();

        /** Under the lock: the run's process (or stray server) is no longer bound (exit; not on a detach). */
        void runEnded();

        /** Off the lock: a stopped Minecraft run is still bound after the stop timeout (kill requested). */
        void stopTimedOut(P process);

        /** Off the lock: a stopped stray server is still there after the stop timeout. */
        void strayStopTimedOut(ProcessHandle stray);
    }

    /** One-shot timers; the returned action cancels one. */
    @FunctionalInterface
    interface Timers {
        Runnable schedule(Runnable task, long delayMillis);
    }

    /** A run spawned by {@link #start}: its process and whether it is a Minecraft server (starting → running). */
    record Spawned<P>(P process, boolean minecraft) {
    }

    /** Spawns the run's process under the lock, once the start is allowed; throws to refuse (nothing changes). */
    @FunctionalInterface
    interface Spawn<P> {
        Spawned<P> spawn();
    }

    private final UUID id;
    private final Timers timers;
    private final long readyTimeoutMillis;
    private final long stopTimeoutMillis;
    private final Effects<P> effects;
    private final Object lock = new Object();
    private volatile RunState<P> state = RunState.initial();
    // Guarded by lock: the armed timers' cancel actions (handles, not facts of the run).
    private Runnable readyTimer;
    private Runnable escalation;

    Lifecycle(UUID id, Timers timers, long readyTimeoutMillis, long stopTimeoutMillis, Effects<P> effects) {
        this.id = id;
        this.timers = timers;
        this.readyTimeoutMillis = readyTimeoutMillis;
        this.stopTimeoutMillis = stopTimeoutMillis;
        this.effects = effects;
    }

    /** The current value (no lock). */
    RunState<P> state() {
        return state;
    }

    // ---- start -----------------------------------------------------------------------------------------------

    /**
     * A start: allowed in {@code stopped} and {@code crashed} without a process (and in {@code starting} when
     * {@code prepared}: {@link #startPrepared} committed it); 30001 once removed, 30003 with a stray server, during
     * an update, with a process ({@code waitedFor}: the stopping process the start waited for, named in the
     * refusal). {@code spawn} runs under the lock after the checks; the run it returns is committed as {@code
     * starting} (Minecraft) or {@code running}.
     */
    RunState<P> start(boolean prepared, P waitedFor, Spawn<P> spawn) {
        synchronized (lock) {
            RunState<P> s = state;
            refuseStart(s, prepared, waitedFor);
            Spawned<P> run = spawn.spawn();
            return commit(s.withRun(run.process(), run.minecraft(), false)
                    .withStatus(run.minecraft() ? InstanceStatus.STARTING : InstanceStatus.RUNNING));
        }
    }

    /**
     * v2 client-compat.md §2: {@code starting} before a preparation runs, which counts as an update (no start,
     * removal or settings update until {@link #preparationDone} or {@link #preparationFailed}). The same checks as
     * {@link #start}; {@code beforeCommit} runs under the lock once they passed.
     */
    RunState<P> startPrepared(Runnable beforeCommit) {
        synchronized (lock) {
            RunState<P> s = state;
            refuseStart(s, false, null);
            beforeCommit.run();
            return commit(s.withUpdating(true).withStatus(InstanceStatus.STARTING));
        }
    }

    RunState<P> preparationDone() {
        synchronized (lock) {
            return commit(state.withUpdating(false));
        }
    }

    /**
     * The preparation (or the spawn after it) failed: back to {@code stopped} if still {@code starting} without a
     * process, {@code beforeStopped} first (under the lock). True then.
     */
    boolean preparationFailed(Runnable beforeStopped) {
        synchronized (lock) {
            RunState<P> s = commit(state.withUpdating(false));
            if (s.process() != null || s.status() != InstanceStatus.STARTING) {
                return false;
            }
            beforeStopped.run();
            commit(s.withStatus(InstanceStatus.STOPPED));
            return true;
        }
    }

    private void refuseStart(RunState<P> s, boolean prepared, P waitedFor) {
        if (s.removed()) {
            throw new DaemonError(Failure.INSTANCE_NOT_FOUND, id.toString());
        }
        if (s.stray() != null) {
            throw strayState(s.stray());
        }
        if (s.updating()) {
            throw badState("its settings are being updated");
        }
        if (s.process() != null && s.process() == waitedFor) {
            throw badState("instance is " + s.status().wire() + " and its process did not end within "
                    + START_WAITS_FOR_STOP_MS / 1000 + " s");
        }
        boolean startable = s.status() == InstanceStatus.STOPPED || s.status() == InstanceStatus.CRASHED
                || (prepared && s.status() == InstanceStatus.STARTING);
        if (s.process() != null || !startable) {
            throw badState("instance is " + s.status().wire());
        }
    }

    private static DaemonError strayState(ProcessHandle h) {
        return badState("a server of this instance started by an earlier daemon run is still running (pid " + h.pid()
                + "); stop or kill it first");
    }

    // ---- console lines ---------------------------------------------------------------------------------------

    /**
     * A Minecraft console signal of {@code p}'s run: a crash line commits {@code crashed}, "Stopping the server"
     * {@code stopping} (from starting/running), Done {@code running} (from starting). Ignored for a run no longer
     * bound.
     */
    void signal(P p, MinecraftConsoleWatcher.Signal signal) {
        synchronized (lock) {
            RunState<P> s = state;
            if (s.process() != p || signal == MinecraftConsoleWatcher.Signal.NONE) {
                return;
            }
            InstanceStatus st = s.status();
            if (signal == MinecraftConsoleWatcher.Signal.CRASH && st != InstanceStatus.CRASHED) {
                commit(s.withCrashSeen().withStatus(InstanceStatus.CRASHED));
            } else if (signal == MinecraftConsoleWatcher.Signal.STOPPING
                    && (st == InstanceStatus.STARTING || st == InstanceStatus.RUNNING)) {
                commit(s.withStatus(InstanceStatus.STOPPING));
            } else if (signal == MinecraftConsoleWatcher.Signal.DONE && st == InstanceStatus.STARTING) {
                commit(s.withStatus(InstanceStatus.RUNNING));
            }
        }
    }

    // ---- stop, kill, exit ------------------------------------------------------------------------------------

    /**
     * A stop: {@code stopping} (from starting/running; re-sent while stopping or crashed with a process) and, for a
     * Minecraft run, the escalation armed once. A stray server: {@code stopping}, its escalation armed. 30003
     * without either. The caller stops the returned state's process (or stray).
     */
    RunState<P> stop() {
        synchronized (lock) {
            RunState<P> s = state;
            ProcessHandle h = s.stray();
            if (s.process() == null && h != null) {
                RunState<P> next = commit(s.withStatus(InstanceStatus.STOPPING));
                if (escalation == null) {
                    escalation = timers.schedule(() -> strayStopTimeout(h), stopTimeoutMillis);
                }
                return next;
            }
            P p = s.process();
            if (p == null) {
                throw badState("instance is " + s.status().wire());
            }
            s = s.withRequests(true, s.killRequested());
            boolean live = s.status() == InstanceStatus.STARTING || s.status() == InstanceStatus.RUNNING;
            RunState<P> next = commit(live ? s.withStatus(InstanceStatus.STOPPING) : s);
            if (next.minecraftRun() && escalation == null) {
                escalation = timers.schedule(() -> stopTimeout(p), stopTimeoutMillis);
            }
            return next;
        }
    }

    private void stopTimeout(P p) {
        synchronized (lock) {
            RunState<P> s = state;
            if (s.process() != p) {
                return;
            }
            commit(s.withRequests(s.stopRequested(), true));
            escalation = null;
        }
        effects.stopTimedOut(p);
    }

    private void strayStopTimeout(ProcessHandle h) {
        synchronized (lock) {
            if (state.stray() != h) {
                return;
            }
            escalation = null;
        }
        effects.strayStopTimedOut(h);
    }

    /** A kill of the run's process (kill and stop requested; the exit commits {@code stopped}); 30003 without one. */
    P kill() {
        synchronized (lock) {
            RunState<P> s = state;
            if (s.process() == null) {
                throw badState("instance is " + s.status().wire() + " and has no process");
            }
            commit(s.withRequests(true, true));
            return s.process();
        }
    }

    /** Daemon shutdown's last step: the process, if any, is killed (kill requested); returns the state. */
    RunState<P> forceKill() {
        synchronized (lock) {
            RunState<P> s = state;
            return s.process() == null ? s : commit(s.withRequests(s.stopRequested(), true));
        }
    }

    /**
     * {@code p} exited with {@code exitCode}: unbound, and the end status of the crash rule committed; null (and
     * nothing changes) when {@code p} is not the run any more.
     */
    InstanceStatus exited(P p, int exitCode) {
        synchronized (lock) {
            RunState<P> s = state;
            if (s.process() != p) {
                return null;
            }
            state = s.withoutProcess();
            effects.runEnded();
            cancelEscalation();
            InstanceStatus end = s.endOfRun(exitCode);
            commit(state.withStatus(end));
            return end;
        }
    }

    /**
     * Daemon shutdown with {@code detach}: unbinds the process when {@code detachable} accepts it and the run is not
     * {@code stopping} (the status stays; the run is the next daemon's). The process, or null.
     */
    P detach(Predicate<P> detachable) {
        synchronized (lock) {
            RunState<P> s = state;
            P p = s.process();
            if (p == null || !detachable.test(p) || s.status() == InstanceStatus.STOPPING) {
                return null;
            }
            commit(s.withoutProcess());
            cancelEscalation();
            return p;
        }
    }

    // ---- earlier daemon runs ---------------------------------------------------------------------------------

    /** A live server of an earlier daemon run that cannot be re-adopted: reported {@code running}. */
    RunState<P> strayFound(ProcessHandle h) {
        synchronized (lock) {
            return commit(state.withStray(h).withStatus(InstanceStatus.RUNNING));
        }
    }

    /** The stray server {@code h} has exited: {@code stopped}; false (nothing changes) if it is not bound. */
    boolean strayExited(ProcessHandle h) {
        synchronized (lock) {
            RunState<P> s = state;
            if (s.stray() != h) {
                return false;
            }
            state = s.withStray(null);
            cancelEscalation();
            effects.runEnded();
            commit(state.withStatus(InstanceStatus.STOPPED));
            return true;
        }
    }

    /** A server of an earlier daemon run re-adopted: the run is {@code p}, {@code crashed} if its output shows it. */
    RunState<P> adopted(P p, boolean minecraft, boolean crashSeen) {
        synchronized (lock) {
            return commit(state.withRun(p, minecraft, crashSeen)
                    .withStatus(crashSeen ? InstanceStatus.CRASHED : InstanceStatus.RUNNING));
        }
    }

    /** The server of an earlier daemon run had exited, crashed, before this daemon started. */
    RunState<P> recoveredCrashed() {
        synchronized (lock) {
            return commit(state.withStatus(InstanceStatus.CRASHED));
        }
    }

    // ---- removal and updates ---------------------------------------------------------------------------------

    /** Removed (no start after this); 30003 with a process or during an update. */
    void markRemoved() {
        synchronized (lock) {
            RunState<P> s = state;
            refuseWithProcessOrUpdate(s);
            commit(s.withRemoved());
        }
    }

    /** A settings update begins (no start, removal or second update until {@link #endUpdate}); 30003 as removal. */
    void beginUpdate() {
        synchronized (lock) {
            RunState<P> s = state;
            refuseWithProcessOrUpdate(s);
            commit(s.withUpdating(true));
        }
    }

    void endUpdate() {
        synchronized (lock) {
            commit(state.withUpdating(false));
        }
    }

    private static void refuseWithProcessOrUpdate(RunState<?> s) {
        if (s.hasProcess()) {
            throw badState("instance is " + s.status().wire());
        }
        if (s.updating()) {
            throw badState("its settings are being updated");
        }
    }

    // ---- commit ----------------------------------------------------------------------------------------------

    /** Holding the lock: {@code next} becomes the state; a status change re-arms the ready timer and is told. */
    private RunState<P> commit(RunState<P> next) {
        RunState<P> prev = state;
        state = next;
        if (next.status() != prev.status()) {
            if (readyTimer != null) {
                readyTimer.run();
                readyTimer = null;
            }
            if (next.status() == InstanceStatus.STARTING) {
                readyTimer = timers.schedule(this::readyTimeout, readyTimeoutMillis);
            }
            effects.statusChanged(prev.status(), next.status());
        }
        return next;
    }

    private void readyTimeout() {
        synchronized (lock) {
            RunState<P> s = state;
            if (s.status() != InstanceStatus.STARTING || s.readyTimedOut()) {
                return;
            }
            state = s.withReadyTimedOut();
            readyTimer = null;
            effects.readyTimedOut();
        }
    }

    private void cancelEscalation() {
        if (escalation != null) {
            escalation.run();
            escalation = null;
        }
    }

    private static DaemonError badState(String detail) {
        return new DaemonError(Failure.BAD_INSTANCE_STATE, detail);
    }
}
