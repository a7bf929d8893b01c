package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private static final int O = OutboundQueue.FRAME_OVERHEAD;

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A queue with only an event and a close bound (it never pauses before closing). */
    private static OutboundQueue queue(OutboundQueue.Writer w, long eventBytes, long closeBytes, Runnable onOverflow,
            java.util.function.BiConsumer<String, Throwable> onFailure) {
        return new OutboundQueue(w, new OutboundQueue.Limits(closeBytes, closeBytes, eventBytes, closeBytes),
                OutboundBudget.unlimited(), onOverflow, () -> { }, onFailure);
    }
    /** Completes writes only when told to, like a socket whose peer reads slowly. */
    static final class ManualWriter implements OutboundQueue.Writer {
        final List<String> written = new ArrayList<>();
        final ConcurrentLinkedQueue<Consumer<Throwable>> pending = new ConcurrentLinkedQueue<>();
        final AtomicInteger concurrent = new AtomicInteger();
        int maxConcurrent;

        @Override
        public synchronized void write(byte[] utf8, Consumer<Throwable> done) {
            String text = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            written.add(text);
            maxConcurrent = Math.max(maxConcurrent, concurrent.incrementAndGet());
            pending.add(done);
        }

        @Override
        public void writePong(java.nio.ByteBuffer payload, Consumer<Throwable> done) {
            write(utf8("pong"), done);
        }

        boolean completeOne(Throwable error) {
            Consumer<Throwable> done = pending.poll();
            if (done == null) {
                return false;
            }
            concurrent.decrementAndGet();
            done.accept(error);
            return true;
        }
    }

    /** Records each frame with its "more follow" flag ({@code +}, or {@code .} for the last of a burst). */
    static final class FlagWriter implements OutboundQueue.Writer {
        final List<String> flags = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        private final boolean completeAtOnce;

        FlagWriter(boolean completeAtOnce) {
            this.completeAtOnce = completeAtOnce;
        }

        @Override
        public void write(byte[] utf8, Consumer<Throwable> done) {
            throw new AssertionError("the queue passes the flag");
        }

        @Override
        public void write(byte[] utf8, boolean more, Consumer<Throwable> done) {
            String text = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            flags.add(text + (more ? "+" : "."));
            if (completeAtOnce) {
                done.accept(null);
            } else {
                pending.add(done);
            }
        }
    }

    @Test
    void synchronousCompletionSendsEverythingInOrderWithoutRecursion() {
        List<String> written = new ArrayList<>();
        OutboundQueue q = queue((utf8, done) -> {
            written.add(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
            done.accept(null);
        }, 1_000_000, 10_000_000, () -> { }, (w, e) -> { });
        for (int i = 0; i < 100_000; i++) {
            q.offerResponse("r" + i, null);
        }
        assertThat(written).hasSize(100_000);
        assertThat(written.get(99_999)).isEqualTo("r99999");
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void writesInBurstsOneBurstAtATimeInOrder() {
        ManualWriter w = new ManualWriter();
        OutboundQueue q = queue(w, 1_000_000, 10_000_000, () -> { }, (x, e) -> { });
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            q.offerResponse("m" + i, sent::incrementAndGet);
        }
        assertThat(w.written).as("the first frame found the queue idle: a burst of one").containsExactly("m0");
        w.completeOne(null);
        assertThat(w.written).as("then everything queued meanwhile, at once").hasSize(10);
        assertThat(w.maxConcurrent).isEqualTo(9);
        q.offerResponse("m10", sent::incrementAndGet);
        assertThat(w.written).as("no new burst before the last one completed").hasSize(10);
        while (w.completeOne(null)) {
            // drain
        }
        assertThat(w.written).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
        assertThat(sent.get()).isEqualTo(11);
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void aBurstIsBoundedAndFlagsAllButItsLastFrame() {
        FlagWriter w = new FlagWriter(false);
        List<String> flags = w.flags;
        List<Consumer<Throwable>> pending = w.pending;
        OutboundQueue q = queue(w, 100_000_000, 100_000_000, () -> { }, (x, e) -> { });
        for (int i = 0; i < 200; i++) {
            q.offerResponse("r" + i, null);
        }
        assertThat(flags).containsExactly("r0.");
        pending.remove(0).accept(null);
        assertThat(flags).hasSize(1 + OutboundQueue.MAX_BURST);
        assertThat(flags.get(1)).isEqualTo("r1+");
        assertThat(flags.get(OutboundQueue.MAX_BURST)).isEqualTo("r" + OutboundQueue.MAX_BURST + ".");
        while (!pending.isEmpty()) {
            pending.remove(0).accept(null);
        }
        assertThat(flags).hasSize(200);
        assertThat(q.queuedBytes()).isZero();
        String big = "x".repeat((int) OutboundQueue.MAX_BURST_BYTES);
        q.offerResponse(big, null);
        q.offerResponse(big, null);
        q.offerResponse(big, null);
        pending.remove(0).accept(null);
        assertThat(flags).as("a burst stops at its byte bound").hasSize(202);
    }

    @Test
    void eventsOfABurstAreWrittenTogetherWhenItEnds() {
        FlagWriter w = new FlagWriter(true);
        List<String> flags = w.flags;
        OutboundQueue q = queue(w, 1_000_000, 10_000_000, () -> { }, (x, e) -> { });
        dev.mfp.daemon.util.Bursts.run(() -> {
            q.offerEvent(utf8("e1"));
            q.offerEvent(utf8("e2"));
            q.offerEvent(utf8("e3"));
            assertThat(flags).as("inside the burst the events are only queued").isEmpty();
        });
        assertThat(flags).containsExactly("e1+", "e2+", "e3.");
        dev.mfp.daemon.util.Bursts.run(() -> {
            q.offerResponse("r", null);
            assertThat(flags).as("a response is written at once, burst or not").endsWith("r.");
        });
        q.offerEvent(utf8("e4"));
        assertThat(flags).as("outside a burst an event is written at once").endsWith("e4.");
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void aLongBurstIsWrittenAFullBurstAtATimeWithinALengthBound() {
        FlagWriter w = new FlagWriter(true);
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue q = new OutboundQueue(w, new OutboundQueue.Limits(1_000_000, 1_000_000, 10_000_000, 10_000_000,
                256, false), OutboundBudget.unlimited(), overflows::incrementAndGet, () -> { }, (x, e) -> { });
        dev.mfp.daemon.util.Bursts.run(() -> {
            for (int i = 0; i < 1000; i++) {
                q.offerEvent(utf8("e" + i));
            }
            assertThat(w.flags).as("full bursts go out at once").hasSize(1000 / OutboundQueue.MAX_BURST
                    * OutboundQueue.MAX_BURST);
        });
        assertThat(overflows.get()).as("never more than 256 queued (v2's bound)").isZero();
        assertThat(w.flags).hasSize(1000);
        assertThat(w.flags.get(OutboundQueue.MAX_BURST - 1)).isEqualTo("e" + (OutboundQueue.MAX_BURST - 1) + ".");
        assertThat(w.flags.get(999)).isEqualTo("e999.");
        for (int i = 0; i < 1000; i++) {
            assertThat(w.flags.get(i)).startsWith("e" + i);
        }
    }

    @Test
    void aBurstLeftMostlyUnsentReportsABacklog() {
        ManualWriter w = new ManualWriter();
        long frame = 100 + O;
        OutboundQueue q = new OutboundQueue(w, new OutboundQueue.Limits(100 * frame, 2 * frame, 1000 * frame,
                1000 * frame), OutboundBudget.unlimited(), () -> { }, () -> { }, (x, e) -> { });
        String text = "x".repeat(100);
        assertThat(dev.mfp.daemon.util.Bursts.run(() -> q.offerEvent(utf8(text)))).as("one frame: not behind").isFalse();
        w.completeOne(null);
        assertThat(dev.mfp.daemon.util.Bursts.run(() -> {
            for (int i = 0; i < 5; i++) {
                q.offerEvent(utf8(text));
            }
        })).as("five frames unsent, above the resume bound").isTrue();
        while (w.completeOne(null)) {
            // drain
        }
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void eventsAreDroppedPastTheSoftLimitButResponsesAreNot() {
        ManualWriter w = new ManualWriter();
        OutboundQueue q = queue(w, 10 * (10 + O), 100_000, () -> { }, (x, e) -> { });
        int accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (q.offerEvent(utf8("0123456789"))) {
                accepted++;
            }
        }
        assertThat(accepted).isLessThan(50).isGreaterThan(5);
        assertThat(q.droppedEvents()).isEqualTo(50 - accepted);
        AtomicBoolean responseSent = new AtomicBoolean();
        q.offerResponse("response", () -> responseSent.set(true));
        while (w.completeOne(null)) {
            // drain
        }
        assertThat(w.written).endsWith("response");
        assertThat(responseSent).isTrue();
        assertThat(q.offerEvent(utf8("again"))).as("accepted again once drained").isTrue();
    }

    @Test
    void passingTheHardLimitAsksForTheConnectionToClose() {
        ManualWriter w = new ManualWriter();
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue q = queue(w, 10, 5 * (10 + O), overflows::incrementAndGet, (x, e) -> { });
        for (int i = 0; i < 20; i++) {
            q.offerResponse("0123456789", null);
        }
        assertThat(overflows.get()).isEqualTo(1);
        assertThat(q.queuedBytes()).as("what was queued is dropped at once, but for the frame being written")
                .isEqualTo(10 + O);
        AtomicBoolean late = new AtomicBoolean();
        q.offerResponse("late", () -> late.set(true));
        assertThat(late).as("refused, its hook run").isTrue();
        w.completeOne(null);
        assertThat(q.queuedBytes()).isZero();
        assertThat(w.written).hasSize(1);
    }

    @Test
    void readingPausesAboveTheBoundAndResumesOnceDrained() {
        ManualWriter w = new ManualWriter();
        AtomicInteger resumes = new AtomicInteger();
        long frame = 100 + O;
        OutboundQueue q = new OutboundQueue(w, new OutboundQueue.Limits(4 * frame, frame, 100 * frame, 100 * frame),
                OutboundBudget.unlimited(), () -> { }, resumes::incrementAndGet, (x, e) -> { });
        String text = "x".repeat(100);
        for (int i = 0; i < 4; i++) {
            q.offerResponse(text, null);
        }
        assertThat(q.pauseReading()).as("at the bound: read on").isFalse();
        q.offerResponse(text, null);
        q.offerPong(java.nio.ByteBuffer.allocate(0));
        assertThat(q.queuedBytes()).isEqualTo(5 * frame + O);
        assertThat(q.pauseReading()).isTrue();
        assertThat(q.readingPaused()).isTrue();
        w.completeOne(null);
        w.completeOne(null);
        w.completeOne(null);
        w.completeOne(null);
        assertThat(resumes.get()).as("%d bytes left", q.queuedBytes()).isZero();
        w.completeOne(null);
        assertThat(resumes.get()).as("resumed once at the resume bound").isEqualTo(1);
        assertThat(q.readingPaused()).isFalse();
        w.completeOne(null);
        assertThat(resumes.get()).isEqualTo(1);
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void pongsAreQueuedInOrderWithTheOtherFrames() {
        List<String> order = new ArrayList<>();
        OutboundQueue.Writer w = new OutboundQueue.Writer() {
            @Override
            public void write(byte[] utf8, Consumer<Throwable> done) {
                order.add(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
                done.accept(null);
            }

            @Override
            public void writePong(java.nio.ByteBuffer payload, Consumer<Throwable> done) {
                order.add("pong:" + payload.remaining());
                done.accept(null);
            }
        };
        OutboundQueue q = queue(w, 1000, 10_000, () -> { }, (x, e) -> { });
        q.offerResponse("a", null);
        q.offerPong(java.nio.ByteBuffer.allocate(3));
        q.offerEvent(utf8("b"));
        assertThat(order).containsExactly("a", "pong:3", "b");
        assertThat(q.queuedBytes()).isZero();
    }

    @Test
    void aConnectionThatIsBehindIsClosedWhileTheDaemonWideBudgetIsExceeded() {
        long frame = 100 + O;
        OutboundBudget budget = new OutboundBudget(10 * frame);
        OutboundQueue.Limits limits = new OutboundQueue.Limits(2 * frame, frame, 100 * frame, 100 * frame);
        AtomicInteger overflowsA = new AtomicInteger();
        AtomicInteger overflowsB = new AtomicInteger();
        ManualWriter wa = new ManualWriter();
        ManualWriter wb = new ManualWriter();
        OutboundQueue a = new OutboundQueue(wa, limits, budget, overflowsA::incrementAndGet, () -> { }, (x, e) -> { });
        OutboundQueue b = new OutboundQueue(wb, limits, budget, overflowsB::incrementAndGet, () -> { }, (x, e) -> { });
        String text = "x".repeat(100);
        for (int i = 0; i < 10; i++) {
            a.offerResponse(text, null);
        }
        assertThat(overflowsA.get()).as("at the daemon-wide bound, not over it").isZero();
        assertThat(b.offerEvent(utf8(text))).as("a connection that keeps up still gets events").isTrue();
        assertThat(a.offerEvent(utf8(text))).as("one that is behind does not").isFalse();
        assertThat(overflowsA.get()).isZero();
        a.offerResponse(text, null);
        assertThat(overflowsA.get()).as("behind and over budget: closed").isEqualTo(1);
        assertThat(budget.used()).as("its queue was released, but for the frame being written")
                .isEqualTo(frame + frame);
        assertThat(overflowsB.get()).isZero();
        wa.completeOne(null);
        wb.completeOne(null);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aFailedWriteReleasesEveryWaiter() {
        ManualWriter w = new ManualWriter();
        AtomicInteger failures = new AtomicInteger();
        OutboundQueue q = queue(w, 100_000, 1_000_000, () -> { }, (x, e) -> failures.incrementAndGet());
        AtomicInteger released = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            q.offerResponse("m", released::incrementAndGet);
        }
        w.completeOne(new RuntimeException("broken pipe"));
        assertThat(released.get()).isEqualTo(5);
        assertThat(failures.get()).isEqualTo(1);
        q.offerResponse("late", released::incrementAndGet);
        assertThat(released.get()).isEqualTo(6);
        assertThat(q.offerEvent(utf8("e"))).isFalse();
    }
}
