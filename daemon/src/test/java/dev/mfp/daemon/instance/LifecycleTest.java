package dev.mfp.daemon.instance;

import static dev.mfp.protocol.model.InstanceStatus.CRASHED;
import static dev.mfp.protocol.model.InstanceStatus.RUNNING;
import static dev.mfp.protocol.model.InstanceStatus.STARTING;
import static dev.mfp.protocol.model.InstanceStatus.STOPPED;
import static dev.mfp.protocol.model.InstanceStatus.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.model.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle state machine alone (files-and-instances.md §5.4): every transition of the state table, the
 * refusals and their codes, the crash rule, the timers (fired by hand) and the order of the effects. In-process:
 * runs are plain tokens, nothing is spawned, no clock is involved.
 */
class LifecycleTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000abcd");
    private static final long READY_MS = 120_000;
    private static final long STOP_MS = 30_000;

    private final ManualTimers timers = new ManualTimers();
    private final List<String> effects = new ArrayList<>();
    private final Lifecycle<String> life = new Lifecycle<>(ID, timers, READY_MS, STOP_MS,
            new Lifecycle.Effects<>() {
                @Override
                public void statusChanged(InstanceStatus previous, InstanceStatus next) {
                    effects.add(previous.wire() + "→" + next.wire());
                }

                @Override
                public void readyTimedOut() {
                    effects.add("ready timed out");
                }

                @Override
                public void runEnded() {
                    effects.add("run ended");
                }

                @Override
                public void stopTimedOut(String process) {
                    effects.add("kill " + process);
                }

                @Override
                public void strayStopTimedOut(ProcessHandle stray) {
                    effects.add("kill stray");
                }
            });

    // ---- the main path -------------------------------------------------------------------------------------

    @Test
    void startsStopped() {
        assertThat(life.state()).isEqualTo(Lifecycle.RunState.initial());
        assertThat(life.state().status()).isEqualTo(STOPPED);
        assertThat(life.state().hasProcess()).isFalse();
    }

    @Test
    void minecraftRunGoesStartingRunningStoppingStopped() {
        startMc("p1");
        assertThat(life.state().status()).isEqualTo(STARTING);
        assertThat(life.state().process()).isEqualTo("p1");
        assertThat(timers.armed()).containsExactly("ready " + READY_MS);

        life.signal("p1", Signal.DONE);
        assertThat(life.state().status()).isEqualTo(RUNNING);
        assertThat(timers.armed()).as("the ready timer is cancelled by the change").isEmpty();

        Lifecycle.RunState<String> s = life.stop();
        assertThat(s.status()).isEqualTo(STOPPING);
        assertThat(s.process()).isEqualTo("p1");
        assertThat(s.minecraftRun()).isTrue();
        assertThat(s.stopRequested()).isTrue();
        assertThat(timers.armed()).containsExactly("escalation " + STOP_MS);

        life.signal("p1", Signal.STOPPING);
        assertThat(life.exited("p1", 0)).isEqualTo(STOPPED);
        assertThat(life.state().hasProcess()).isFalse();
        assertThat(timers.armed()).as("the escalation is cancelled by the exit").isEmpty();
        assertThat(effects).containsExactly("stopped→starting", "starting→running", "running→stopping",
                "run ended", "stopping→stopped");
    }

    @Test
    void genericRunIsRunningAtOnceAndStopsWithoutEscalation() {
        life.start(false, null, () -> new Lifecycle.Spawned<>("g", false));
        assertThat(life.state().status()).isEqualTo(RUNNING);
        assertThat(timers.armed()).isEmpty();
        life.signal("g", Signal.DONE); // only Minecraft runs are classified; a stray signal changes nothing anyway
        Lifecycle.RunState<String> s = life.stop();
        assertThat(s.status()).isEqualTo(STOPPING);
        assertThat(s.minecraftRun()).isFalse();
        assertThat(timers.armed()).isEmpty();
        assertThat(life.exited("g", 137)).as("a stop was requested: not a crash").isEqualTo(STOPPED);
        assertThat(effects).containsExactly("stopped→running", "running→stopping", "run ended", "stopping→stopped");
    }

    @Test
    void doneLineOnlyMovesStarting() {
        startMc("p");
        life.stop();
        life.signal("p", Signal.DONE);
        assertThat(life.state().status()).isEqualTo(STOPPING);
    }

    @Test
    void stoppingLineCommitsStoppingFromStartingAndRunning() {
        startMc("p");
        life.signal("p", Signal.STOPPING);
        assertThat(life.state().status()).isEqualTo(STOPPING);
        assertThat(life.state().stopRequested()).as("the server stops on its own").isFalse();
        assertThat(life.exited("p", 1)).as("non-zero exit while stopping").isEqualTo(STOPPED);

        startMc("q");
        life.signal("q", Signal.DONE);
        life.signal("q", Signal.STOPPING);
        assertThat(life.state().status()).isEqualTo(STOPPING);
    }

    // ---- start refusals --------------------------------------------------------------------------------------

    @Test
    void startIsRefusedWhileARunIsLive() {
        startMc("p");
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "instance is starting");
        life.signal("p", Signal.DONE);
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "instance is running");
        life.stop();
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "instance is stopping");
        assertThat(life.state().process()).isEqualTo("p");
    }

    @Test
    void startDuringStoppingIsRefusedWhenTheAwaitedProcessDidNotEnd() {
        startMc("p");
        life.stop();
        assertRefused(() -> life.start(false, "p", spawnMc("x")), Failure.BAD_INSTANCE_STATE,
                "instance is stopping and its process did not end within 10 s");
    }

    @Test
    void startDuringStoppingSucceedsOnceTheProcessEnded() {
        startMc("p");
        life.stop();
        life.exited("p", 0);
        assertThat(life.start(false, "p", spawnMc("q")).status()).isEqualTo(STARTING);
        assertThat(life.state().process()).isEqualTo("q");
        assertThat(life.state().stopRequested()).as("per-run facts are fresh").isFalse();
    }

    @Test
    void startDuringStoppingNamesTheStateWhenAnotherRunStartedMeanwhile() {
        startMc("p");
        life.stop();
        life.exited("p", 0);
        startMc("q");
        assertRefused(() -> life.start(false, "p", spawnMc("x")), Failure.BAD_INSTANCE_STATE,
                "instance is starting");
    }

    @Test
    void aRefusedStartDoesNotSpawn() {
        startMc("p");
        boolean[] spawned = {false};
        assertRefused(() -> life.start(false, null, () -> {
            spawned[0] = true;
            return new Lifecycle.Spawned<>("x", true);
        }), Failure.BAD_INSTANCE_STATE, "instance is starting");
        assertThat(spawned[0]).isFalse();
    }

    @Test
    void aFailedSpawnChangesNothing() {
        Lifecycle.RunState<String> before = life.state();
        assertRefused(() -> life.start(false, null, () -> {
            throw new DaemonError(Failure.PROCESS_ERROR, "cannot start 'java'");
        }), Failure.PROCESS_ERROR, "cannot start 'java'");
        assertThat(life.state()).isEqualTo(before);
        assertThat(effects).isEmpty();
        assertThat(timers.armed()).isEmpty();
    }

    // ---- stop and kill ---------------------------------------------------------------------------------------

    @Test
    void stopWhenStoppedIsRefused() {
        assertRefused(life::stop, Failure.BAD_INSTANCE_STATE, "instance is stopped");
        assertThat(effects).isEmpty();
    }

    @Test
    void stopIsResentWhileStoppingWithOneEscalation() {
        startMc("p");
        life.stop();
        Lifecycle.RunState<String> again = life.stop();
        assertThat(again.status()).isEqualTo(STOPPING);
        assertThat(again.process()).isEqualTo("p");
        assertThat(timers.armed()).containsExactly("escalation " + STOP_MS);
        assertThat(effects).containsExactly("stopped→starting", "starting→stopping");
    }

    @Test
    void theEscalationKillsARunStillBoundAfterTheStopTimeout() {
        startMc("p");
        life.stop();
        timers.fire("escalation");
        assertThat(life.state().killRequested()).isTrue();
        assertThat(effects).endsWith("kill p");
        assertThat(life.exited("p", 137)).isEqualTo(STOPPED);
        // a second stop of the next run arms its own escalation
        startMc("q");
        life.stop();
        assertThat(timers.armed()).containsExactly("escalation " + STOP_MS);
    }

    @Test
    void anEscalationOfAnEndedRunDoesNothing() {
        startMc("p");
        life.stop();
        ManualTimers.Timer escalation = timers.get("escalation");
        life.exited("p", 0);
        startMc("q");
        escalation.task.run(); // late, after the cancel
        assertThat(life.state().killRequested()).isFalse();
        assertThat(effects).doesNotContain("kill p", "kill q");
    }

    @Test
    void killNeedsAProcess() {
        assertRefused(life::kill, Failure.BAD_INSTANCE_STATE, "instance is stopped and has no process");
        startMc("p");
        assertThat(life.kill()).isEqualTo("p");
        assertThat(life.state().killRequested()).isTrue();
        assertThat(life.state().stopRequested()).isTrue();
        assertThat(life.state().status()).as("the exit commits the end").isEqualTo(STARTING);
        assertThat(life.exited("p", 137)).isEqualTo(STOPPED);
        assertRefused(life::kill, Failure.BAD_INSTANCE_STATE, "instance is stopped and has no process");
    }

    @Test
    void killIsAllowedInEveryStateWithAProcess() {
        startMc("p");
        life.signal("p", Signal.DONE);
        assertThat(life.kill()).isEqualTo("p");
        life.exited("p", 137);
        startMc("q");
        life.stop();
        assertThat(life.kill()).isEqualTo("q");
        life.exited("q", 137);
        startMc("r");
        life.signal("r", Signal.CRASH);
        assertThat(life.kill()).isEqualTo("r");
        assertThat(life.exited("r", 137)).as("v1 crash rule: a requested kill ends stopped").isEqualTo(STOPPED);
    }

    @Test
    void forceKillRequestsTheKillOfABoundProcessOnly() {
        assertThat(life.forceKill()).isEqualTo(Lifecycle.RunState.initial());
        startMc("p");
        life.stop();
        Lifecycle.RunState<String> s = life.forceKill();
        assertThat(s.process()).isEqualTo("p");
        assertThat(s.killRequested()).isTrue();
        assertThat(s.stopRequested()).isTrue();
    }

    // ---- crashes ---------------------------------------------------------------------------------------------

    @Test
    void aCrashLineCommitsCrashedAndTheExitKeepsIt() {
        startMc("p");
        life.signal("p", Signal.CRASH);
        assertThat(life.state().status()).isEqualTo(CRASHED);
        assertThat(life.state().crashSeen()).isTrue();
        assertThat(life.exited("p", 0)).isEqualTo(CRASHED);
        assertThat(effects).containsExactly("stopped→starting", "starting→crashed", "run ended");
    }

    @Test
    void aCrashLineWhileRunningOrStoppingCommitsCrashed() {
        startMc("p");
        life.signal("p", Signal.DONE);
        life.signal("p", Signal.CRASH);
        assertThat(life.state().status()).isEqualTo(CRASHED);
        life.exited("p", 0);
        startMc("q");
        life.stop();
        life.signal("q", Signal.CRASH);
        assertThat(life.state().status()).isEqualTo(CRASHED);
        assertThat(life.exited("q", 0)).isEqualTo(CRASHED);
    }

    @Test
    void aNonZeroExitWithoutAStopIsACrash() {
        startMc("p");
        life.signal("p", Signal.DONE);
        assertThat(life.exited("p", 1)).isEqualTo(CRASHED);
        assertThat(life.start(false, null, () -> new Lifecycle.Spawned<>("g", false)).status()).isEqualTo(RUNNING);
        assertThat(life.exited("g", 0)).as("exit code 0: stopped").isEqualTo(STOPPED);
    }

    @Test
    void crashedWithItsProcessStillAliveRefusesStartButStopsAndKills() {
        startMc("p");
        life.signal("p", Signal.CRASH);
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "instance is crashed");
        assertRefused(life::markRemoved, Failure.BAD_INSTANCE_STATE, "instance is crashed");
        assertRefused(life::beginUpdate, Failure.BAD_INSTANCE_STATE, "instance is crashed");
        Lifecycle.RunState<String> s = life.stop();
        assertThat(s.status()).as("crashed stays crashed").isEqualTo(CRASHED);
        assertThat(s.stopRequested()).isTrue();
        life.signal("p", Signal.STOPPING);
        assertThat(life.state().status()).isEqualTo(CRASHED);
        assertThat(life.exited("p", 0)).isEqualTo(CRASHED);
    }

    @Test
    void crashedWithoutAProcessStartsButDoesNotStop() {
        startMc("p");
        life.signal("p", Signal.CRASH);
        life.exited("p", 1);
        assertRefused(life::stop, Failure.BAD_INSTANCE_STATE, "instance is crashed");
        assertRefused(life::kill, Failure.BAD_INSTANCE_STATE, "instance is crashed and has no process");
        assertThat(startMc("q").status()).isEqualTo(STARTING);
        assertThat(life.state().crashSeen()).isFalse();
    }

    @Test
    void signalsAndExitsOfAnOldRunAreIgnored() {
        startMc("p");
        life.kill();
        life.exited("p", 137);
        startMc("q");
        life.signal("p", Signal.CRASH);
        life.signal("p", Signal.DONE);
        assertThat(life.exited("p", 1)).isNull();
        assertThat(life.state().status()).isEqualTo(STARTING);
        assertThat(life.state().process()).isEqualTo("q");
    }

    // ---- ready timeout ---------------------------------------------------------------------------------------

    @Test
    void theReadyTimeoutFlagsStartingUntilTheNextChange() {
        startMc("p");
        timers.fire("ready");
        assertThat(life.state().readyTimedOut()).isTrue();
        assertThat(life.state().status()).isEqualTo(STARTING);
        life.signal("p", Signal.DONE);
        assertThat(life.state().readyTimedOut()).isFalse();
        assertThat(effects).containsExactly("stopped→starting", "ready timed out", "starting→running");
    }

    @Test
    void aLateReadyTimerAfterTheChangeDoesNothing() {
        startMc("p");
        ManualTimers.Timer ready = timers.get("ready");
        life.signal("p", Signal.DONE);
        ready.task.run();
        assertThat(life.state().readyTimedOut()).isFalse();
        assertThat(effects).doesNotContain("ready timed out");
    }

    // ---- removal and settings updates ------------------------------------------------------------------------

    @Test
    void removedRefusesStartsWith30001() {
        life.markRemoved();
        assertThat(life.state().removed()).isTrue();
        assertRefused(() -> startMc("x"), Failure.INSTANCE_NOT_FOUND, ID.toString());
        assertRefused(() -> life.startPrepared(() -> { }), Failure.INSTANCE_NOT_FOUND, ID.toString());
    }

    @Test
    void removalNeedsNoProcess() {
        startMc("p");
        assertRefused(life::markRemoved, Failure.BAD_INSTANCE_STATE, "instance is starting");
        life.stop();
        assertRefused(life::markRemoved, Failure.BAD_INSTANCE_STATE, "instance is stopping");
        life.exited("p", 0);
        life.markRemoved();
        assertThat(life.state().removed()).isTrue();
    }

    @Test
    void anUpdateRefusesStartsRemovalAndASecondUpdate() {
        life.beginUpdate();
        assertThat(life.state().updating()).isTrue();
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "its settings are being updated");
        assertRefused(() -> life.startPrepared(() -> { }), Failure.BAD_INSTANCE_STATE,
                "its settings are being updated");
        assertRefused(life::markRemoved, Failure.BAD_INSTANCE_STATE, "its settings are being updated");
        assertRefused(life::beginUpdate, Failure.BAD_INSTANCE_STATE, "its settings are being updated");
        life.endUpdate();
        assertThat(startMc("p").status()).isEqualTo(STARTING);
        assertRefused(life::beginUpdate, Failure.BAD_INSTANCE_STATE, "instance is starting");
        assertThat(effects).containsExactly("stopped→starting");
    }

    // ---- prepared starts (deferred installer) ----------------------------------------------------------------

    @Test
    void aPreparedStartCommitsStartingThenSpawnsWithoutASecondChange() {
        List<String> order = new ArrayList<>();
        life.startPrepared(() -> order.add("lines, status " + life.state().status().wire()));
        assertThat(order).containsExactly("lines, status stopped");
        assertThat(life.state().status()).isEqualTo(STARTING);
        assertThat(life.state().updating()).isTrue();
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "its settings are being updated");
        assertRefused(life::markRemoved, Failure.BAD_INSTANCE_STATE, "its settings are being updated");
        assertRefused(() -> life.startPrepared(() -> { }), Failure.BAD_INSTANCE_STATE,
                "its settings are being updated");

        life.preparationDone();
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, "instance is starting");
        assertThat(life.start(true, null, spawnMc("p")).status()).isEqualTo(STARTING);
        assertThat(life.state().process()).isEqualTo("p");
        assertThat(effects).containsExactly("stopped→starting");
        assertThat(timers.armed()).as("the one ready timer of the commit").containsExactly("ready " + READY_MS);
    }

    @Test
    void aFailedPreparationGoesBackToStopped() {
        life.startPrepared(() -> { });
        List<String> order = new ArrayList<>();
        assertThat(life.preparationFailed(() -> order.add("failure line before " + effects.size()))).isTrue();
        assertThat(order).containsExactly("failure line before 1");
        assertThat(life.state().status()).isEqualTo(STOPPED);
        assertThat(life.state().updating()).isFalse();
        assertThat(effects).containsExactly("stopped→starting", "starting→stopped");
    }

    @Test
    void aPreparationFailureAfterTheSpawnChangesOnlyTheUpdateFlag() {
        life.startPrepared(() -> { });
        life.preparationDone();
        life.start(true, null, spawnMc("p"));
        assertThat(life.preparationFailed(() -> effects.add("unexpected"))).isFalse();
        assertThat(life.state().status()).isEqualTo(STARTING);
    }

    @Test
    void aPreparedStartIsRefusedWhereAStartIs() {
        startMc("p");
        assertRefused(() -> life.startPrepared(() -> effects.add("unexpected")), Failure.BAD_INSTANCE_STATE,
                "instance is starting");
        assertThat(effects).containsExactly("stopped→starting");
    }

    // ---- earlier daemon runs ---------------------------------------------------------------------------------

    @Test
    void aStrayServerIsRunningAndRefusesStartRemovalAndUpdates() {
        ProcessHandle stray = ProcessHandle.current(); // a token: nothing signals it
        life.strayFound(stray);
        assertThat(life.state().status()).isEqualTo(RUNNING);
        assertThat(life.state().hasProcess()).isTrue();
        String refusal = "a server of this instance started by an earlier daemon run is still running (pid "
                + stray.pid() + "); stop or kill it first";
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, refusal);
        assertRefused(life::markRemoved, Failure.BAD_INSTANCE_STATE, "instance is running");
        assertRefused(life::beginUpdate, Failure.BAD_INSTANCE_STATE, "instance is running");

        Lifecycle.RunState<String> s = life.stop();
        assertThat(s.status()).isEqualTo(STOPPING);
        assertThat(s.stray()).isSameAs(stray);
        assertThat(s.process()).isNull();
        life.stop();
        assertThat(timers.armed()).containsExactly("escalation " + STOP_MS);
        assertRefused(() -> startMc("x"), Failure.BAD_INSTANCE_STATE, refusal);

        timers.fire("escalation");
        assertThat(effects).endsWith("kill stray");
        assertThat(life.strayExited(stray)).isTrue();
        assertThat(life.strayExited(stray)).isFalse();
        assertThat(life.state().hasProcess()).isFalse();
        assertThat(effects).containsExactly("stopped→running", "running→stopping", "kill stray", "run ended",
                "stopping→stopped");
        assertThat(startMc("p").status()).isEqualTo(STARTING);
    }

    @Test
    void aStrayThatExitsCancelsItsEscalation() {
        ProcessHandle stray = ProcessHandle.current();
        life.strayFound(stray);
        life.stop();
        ManualTimers.Timer escalation = timers.get("escalation");
        life.strayExited(stray);
        assertThat(timers.armed()).isEmpty();
        escalation.task.run();
        assertThat(effects).doesNotContain("kill stray");
    }

    @Test
    void aReAdoptedServerIsRunningOrCrashed() {
        life.adopted("p", true, false);
        assertThat(life.state().status()).isEqualTo(RUNNING);
        assertThat(life.state().minecraftRun()).isTrue();
        assertThat(life.exited("p", 0)).isEqualTo(STOPPED);
        life.adopted("q", true, true);
        assertThat(life.state().status()).isEqualTo(CRASHED);
        assertThat(life.exited("q", 0)).isEqualTo(CRASHED);
    }

    @Test
    void aServerThatCrashedWhileNoDaemonRanIsCrashedAndStartable() {
        life.recoveredCrashed();
        assertThat(life.state().status()).isEqualTo(CRASHED);
        assertRefused(life::stop, Failure.BAD_INSTANCE_STATE, "instance is crashed");
        assertThat(startMc("p").status()).isEqualTo(STARTING);
    }

    // ---- detach at daemon shutdown ---------------------------------------------------------------------------

    @Test
    void detachUnbindsADetachableRunThatIsNotStopping() {
        assertThat(life.detach(p -> true)).isNull();
        startMc("p");
        assertThat(life.detach(p -> false)).isNull();
        life.signal("p", Signal.DONE);
        assertThat(life.detach(p -> true)).isEqualTo("p");
        assertThat(life.state().process()).isNull();
        assertThat(life.state().status()).as("the run is the next daemon's").isEqualTo(RUNNING);
        assertThat(life.exited("p", 0)).isNull();
        assertThat(effects).doesNotContain("run ended");
    }

    @Test
    void aStoppingRunIsNotDetached() {
        startMc("p");
        life.stop();
        assertThat(life.detach(p -> true)).isNull();
        assertThat(life.state().process()).isEqualTo("p");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Lifecycle.RunState<String> startMc(String process) {
        return life.start(false, null, spawnMc(process));
    }

    private static Lifecycle.Spawn<String> spawnMc(String process) {
        return () -> new Lifecycle.Spawned<>(process, true);
    }

    private static void assertRefused(ThrowingCallable call, Failure code, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DaemonError.class, e -> {
            assertThat(e.kind()).isEqualTo(code);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }

    /** Timers that fire only when the test says so; the ready timer is the one of READY_MS. */
    private static final class ManualTimers implements Lifecycle.Timers {
        static final class Timer {
            final String name;
            final long delay;
            final Runnable task;
            boolean cancelled;

            Timer(String name, long delay, Runnable task) {
                this.name = name;
                this.delay = delay;
                this.task = task;
            }
        }

        private final List<Timer> timers = new ArrayList<>();

        @Override
        public Runnable schedule(Runnable task, long delayMillis) {
            Timer t = new Timer(delayMillis == READY_MS ? "ready" : "escalation", delayMillis, task);
            timers.add(t);
            return () -> t.cancelled = true;
        }

        List<String> armed() {
            return timers.stream().filter(t -> !t.cancelled).map(t -> t.name + " " + t.delay).toList();
        }

        Timer get(String name) {
            return timers.stream().filter(t -> !t.cancelled && t.name.equals(name)).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no armed " + name + " timer"));
        }

        /** Runs the armed timer of that name, as its scheduler would. */
        void fire(String name) {
            Timer t = get(name);
            t.cancelled = true; // one-shot: no longer armed
            t.task.run();
        }
    }
}
