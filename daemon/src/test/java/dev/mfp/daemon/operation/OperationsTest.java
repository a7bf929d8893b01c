package dev.mfp.daemon.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mfp.daemon.support.ManualClock;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's state machine in-process: a hand-driven executor and clock, no sleeps. */
class OperationsTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock("2026-01-01T00:00:00Z");
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final Executor manual = queue::add;

    private Operations open() throws IOException {
        return open(OperationSettings.defaults());
    }

    private Operations open(OperationSettings s) throws IOException {
        return Operations.open(dir, s, clock, manual);
    }

    private void runAll() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    private static OperationSnapshot get(Operations ops, UUID id) {
        return ops.get(id).orElseThrow().checked();
    }

    @Test
    void acceptedIsQueuedVersionOneAndPersistedBeforeItRuns() throws Exception {
        Operations ops = open();
        OperationSnapshot s = ops.submit("backup.create", "t", "alice", ctx -> "ref").checked();
        assertThat(s.status()).isEqualTo(OperationStatus.QUEUED);
        assertThat(s.stage()).isEqualTo(OperationStage.QUEUED);
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.cancellable()).isTrue();
        assertThat(s.progress()).isEqualTo(OperationProgress.INDETERMINATE);
        assertThat(s.completedAt()).isNull();
        String index = Files.readString(dir.resolve(Operations.INDEX));
        assertThat(index).contains(s.operationId().toString()).contains("\"queued\"").doesNotContain("null");
        assertThat(queue).hasSize(1); // not run yet
    }

    @Test
    void everyPublishedChangeIsOneVersionAndSuccessCarriesTheReference() throws Exception {
        Operations ops = open();
        AtomicReference<UUID> idRef = new AtomicReference<>();
        java.util.List<Long> seen = new java.util.ArrayList<>();
        OperationSnapshot s = ops.submit("backup.create", "t", "alice", ctx -> {
            seen.add(get(ops, idRef.get()).version()); // running/resolving
            assertThat(get(ops, idRef.get()).status()).isEqualTo(OperationStatus.RUNNING);
            assertThat(get(ops, idRef.get()).stage()).isEqualTo(OperationStage.RESOLVING);
            ctx.stage(OperationStage.RESOLVING); // no change, no version
            seen.add(get(ops, idRef.get()).version());
            ctx.stage(OperationStage.FINALIZING);
            seen.add(get(ops, idRef.get()).version());
            ctx.progress(OperationProgress.steps(0));
            seen.add(get(ops, idRef.get()).version());
            ctx.progress(OperationProgress.steps(0)); // equal progress: not a change
            ctx.progress(OperationProgress.steps(1)); // progress only: still +1 (decisions.md #18)
            seen.add(get(ops, idRef.get()).version());
            return "archive-1";
        });
        idRef.set(s.operationId());
        runAll();
        assertThat(seen).containsExactly(2L, 2L, 3L, 4L, 5L);
        OperationSnapshot done = get(ops, s.operationId());
        assertThat(done.version()).isEqualTo(6);
        assertThat(done.status()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(done.stage()).isEqualTo(OperationStage.SUCCEEDED);
        assertThat(done.resultReference()).isEqualTo("archive-1");
        assertThat(done.cancellable()).isFalse();
        assertThat(done.completedAt()).isNotNull();
        assertThat(done.errorCode()).isNull();
        // terminal: a late cancel changes nothing
        assertThat(ops.cancel(s.operationId())).isFalse();
        assertThat(get(ops, s.operationId()).version()).isEqualTo(6);
    }

    @Test
    void domainErrorsAndUnexpectedExceptionsFail() throws Exception {
        Operations ops = open();
        OperationSnapshot a = ops.submit("k", null, "alice", ctx -> {
            throw new OperationError("instance.running", dev.mfp.protocol.v2.rpc.DaemonErrorKind.CONFLICT,
                    "The instance is not stopped.");
        });
        OperationSnapshot b = ops.submit("k", null, "alice", ctx -> {
            throw new IOException("disk on fire");
        });
        OperationSnapshot c = ops.submit("k", null, "alice", ctx -> null); // no reference: an internal failure
        runAll();
        OperationSnapshot fa = get(ops, a.operationId());
        assertThat(fa.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(fa.stage()).isEqualTo(OperationStage.FAILED);
        assertThat(fa.errorCode()).isEqualTo("instance.running");
        assertThat(fa.errorMessage()).isEqualTo("The instance is not stopped.");
        assertThat(fa.resultReference()).isNull();
        for (OperationSnapshot x : new OperationSnapshot[] {b, c}) {
            OperationSnapshot f = get(ops, x.operationId());
            assertThat(f.errorCode()).isEqualTo("operation.failed");
            assertThat(f.errorMessage()).isEqualTo("The operation failed due to an internal error.");
            assertThat(f.errorMessage()).doesNotContain("disk");
        }
    }

    @Test
    void cancelWhileQueuedNeverRunsTheExecutor() throws Exception {
        Operations ops = open();
        boolean[] ran = {false};
        OperationSnapshot s = ops.submit("k", null, "alice", ctx -> {
            ran[0] = true;
            return "x";
        });
        assertThat(ops.cancel(s.operationId())).isTrue();
        OperationSnapshot c = get(ops, s.operationId());
        assertThat(c.version()).isEqualTo(2);
        assertThat(c.cancellable()).isFalse();
        assertThat(c.status()).isEqualTo(OperationStatus.QUEUED); // the status changes later
        assertThat(Files.readString(dir.resolve(Operations.INDEX))).contains("\"cancellable\":false");
        assertThat(ops.cancel(s.operationId())).isFalse(); // already requested
        runAll();
        assertThat(ran[0]).isFalse();
        OperationSnapshot t = get(ops, s.operationId());
        assertThat(t.status()).isEqualTo(OperationStatus.CANCELLED);
        assertThat(t.stage()).isEqualTo(OperationStage.CANCELLED);
        assertThat(t.errorCode()).isEqualTo("operation.cancelled");
        assertThat(t.errorMessage()).isEqualTo("The operation was cancelled.");
        assertThat(t.version()).isEqualTo(3);
    }

    @Test
    void cancelBeforeTheCommitPointCancelsAfterItDoesNot() throws Exception {
        Operations ops = open();
        AtomicReference<UUID> a = new AtomicReference<>();
        AtomicReference<UUID> b = new AtomicReference<>();
        a.set(ops.submit("k", null, "alice", ctx -> {
            assertThat(ctx.cancelRequested()).isFalse();
            assertThat(ops.cancel(a.get())).isTrue();
            assertThat(get(ops, a.get()).cancellable()).isFalse();
            assertThat(ctx.cancelRequested()).isTrue();
            ctx.checkCancelled();
            return "never";
        }).operationId());
        b.set(ops.submit("k", null, "alice", ctx -> {
            ctx.commitPoint();
            assertThat(ops.cancel(b.get())).isTrue();
            assertThat(ctx.cancelRequested()).isFalse();
            ctx.checkCancelled(); // no-op after the commit point
            return "swapped";
        }).operationId());
        runAll();
        assertThat(get(ops, a.get()).status()).isEqualTo(OperationStatus.CANCELLED);
        OperationSnapshot sb = get(ops, b.get());
        assertThat(sb.status()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(sb.resultReference()).isEqualTo("swapped");
    }

    @Test
    void unknownOperationIsNotFound() throws Exception {
        Operations ops = open();
        OperationError e = catchThrowableOfType(OperationError.class, () -> ops.cancel(UUID.randomUUID()));
        assertThat(e.code()).isEqualTo("operation.not_found");
        assertThat(ops.get(UUID.randomUUID())).isEmpty();
    }

    @Test
    void persistFailureAtAcceptanceRefusesAndLeavesNoRecord() throws Exception {
        Operations ops = open();
        ops.failWritesForTest(true);
        OperationError e = catchThrowableOfType(OperationError.class,
                () -> ops.submit("k", null, "alice", ctx -> "x"));
        assertThat(e.code()).isEqualTo("operation.persist_failed");
        assertThat(ops.list(Operations.EVERYONE)).isEmpty();
        assertThat(queue).isEmpty();
        ops.failWritesForTest(false);
        OperationSnapshot s = ops.submit("k", null, "alice", ctx -> "x");
        ops.failWritesForTest(true);
        OperationError c = catchThrowableOfType(OperationError.class, () -> ops.cancel(s.operationId()));
        assertThat(c.code()).isEqualTo("operation.persist_failed");
        assertThat(get(ops, s.operationId()).cancellable()).isTrue();
        assertThat(get(ops, s.operationId()).version()).isEqualTo(1);
    }

    @Test
    void afterCloseSubmitIsCoordinatorStopped() throws Exception {
        Operations ops = open();
        ops.close();
        OperationError e = catchThrowableOfType(OperationError.class,
                () -> ops.submit("k", null, "alice", ctx -> "x"));
        assertThat(e.code()).isEqualTo("operation.coordinator_stopped");
    }

    @Test
    void queuedAndRunningRecordsAreInterruptedAtTheNextStartTerminalOnesKept() throws Exception {
        Operations ops = open();
        OperationSnapshot done = ops.submit("k", "t1", "alice", ctx -> "ok");
        runAll();
        OperationSnapshot queued = ops.submit("k", "t2", "alice", ctx -> "never");
        Runnable queuedRun = queue.poll();
        OperationSnapshot running = ops.submit("k", "t3", "bob", ctx -> {
            ctx.stage(OperationStage.EXTRACTING);
            ops.close(); // the daemon shuts down mid-run
            return "too late";
        });
        queue.poll().run();
        queuedRun.run(); // after close: nothing recorded
        long runningVersion = 3; // queued 1, running 2, extracting 3
        clock.advance(Duration.ofSeconds(5));

        Operations again = open();
        OperationSnapshot d = get(again, done.operationId());
        assertThat(d.status()).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(d.version()).isEqualTo(3);
        OperationSnapshot q = get(again, queued.operationId());
        assertThat(q.status()).isEqualTo(OperationStatus.INTERRUPTED);
        assertThat(q.stage()).isEqualTo(OperationStage.INTERRUPTED);
        assertThat(q.errorCode()).isEqualTo("operation.interrupted");
        assertThat(q.errorMessage()).isNotEmpty();
        assertThat(q.version()).isEqualTo(2);
        assertThat(q.cancellable()).isFalse();
        assertThat(q.completedAt()).isEqualTo(clock.instant());
        OperationSnapshot r = get(again, running.operationId());
        assertThat(r.status()).isEqualTo(OperationStatus.INTERRUPTED);
        assertThat(r.version()).isEqualTo(runningVersion + 1);
        assertThat(r.ownerPrincipal()).isEqualTo("bob");
        // persisted as interrupted: a third start keeps them as they are
        Operations third = open();
        assertThat(get(third, queued.operationId()).version()).isEqualTo(2);
        assertThat(again.cancel(queued.operationId())).isFalse();
    }

    @Test
    void listIsOwnerFilteredNewestFirst() throws Exception {
        Operations ops = open();
        UUID a = ops.submit("k", null, "alice", ctx -> "x").operationId();
        clock.advance(Duration.ofSeconds(1));
        UUID b = ops.submit("k", null, "bob", ctx -> "x").operationId();
        clock.advance(Duration.ofSeconds(1));
        UUID c = ops.submit("k", null, "alice", ctx -> "x").operationId();
        assertThat(ops.list("alice")).extracting(OperationSnapshot::operationId).containsExactly(c, a);
        assertThat(ops.list("bob")).extracting(OperationSnapshot::operationId).containsExactly(b);
        assertThat(ops.list(Operations.EVERYONE)).extracting(OperationSnapshot::operationId).containsExactly(c, b, a);
    }

    @Test
    void retentionDropsOldTerminalRecordsNeverLiveOnes() throws Exception {
        Operations ops = open(new OperationSettings(7, OperationSettings.DEFAULT_MAXIMUM_BYTES));
        UUID old = ops.submit("k", null, "alice", ctx -> "x").operationId();
        runAll();
        UUID live = ops.submit("k", null, "alice", ctx -> "x").operationId(); // stays queued
        Runnable liveRun = queue.poll();
        clock.advance(Duration.ofDays(8));
        ops.submit("k", null, "alice", ctx -> "x");
        assertThat(ops.get(old)).isEmpty();
        assertThat(ops.get(live)).isPresent();
        assertThat(Files.readString(dir.resolve(Operations.INDEX))).doesNotContain(old.toString());
        liveRun.run();
    }

    @Test
    void byteCapDropsOldestTerminalAndFailsWhenLiveRecordsAloneExceedIt() throws Exception {
        Operations probe = Operations.open(dir.resolve("probe"), OperationSettings.defaults(), clock, manual);
        probe.submit("k", null, "alice", ctx -> "x");
        runAll();
        int one = Files.readAllBytes(dir.resolve("probe").resolve(Operations.INDEX)).length;
        Operations ops = open(new OperationSettings(7, one * 2L + 1));
        UUID first = ops.submit("k", null, "alice", ctx -> "x").operationId();
        runAll();
        clock.advance(Duration.ofSeconds(1));
        UUID second = ops.submit("k", null, "alice", ctx -> "x").operationId();
        runAll();
        clock.advance(Duration.ofSeconds(1));
        UUID third = ops.submit("k", null, "alice", ctx -> "x").operationId();
        runAll();
        assertThat(ops.get(first)).isEmpty();
        assertThat(ops.get(second)).isPresent();
        assertThat(ops.get(third)).isPresent();
        assertThat(Json.mapper().readTree(dir.resolve(Operations.INDEX).toFile()).size()).isEqualTo(2);

        Operations tiny = Operations.open(dir.resolve("tiny"), new OperationSettings(7, 2), clock, manual);
        OperationError e = catchThrowableOfType(OperationError.class,
                () -> tiny.submit("k", null, "alice", ctx -> "x"));
        assertThat(e.code()).isEqualTo("operation.persist_failed");
    }

}
