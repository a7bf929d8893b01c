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
    /** Completes writes only when told to, like a socket whose peer reads slowly. */
    static final class ManualWriter implements OutboundQueue.Writer {
        final List<String> written = new ArrayList<>();
        final ConcurrentLinkedQueue<Consumer<Throwable>> pending = new ConcurrentLinkedQueue<>();
        final AtomicInteger concurrent = new AtomicInteger();
        int maxConcurrent;

        @Override
        public synchronized void write(String text, Consumer<Throwable> done) {
            written.add(text);
            maxConcurrent = Math.max(maxConcurrent, concurrent.incrementAndGet());
            pending.add(done);
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

    @Test
    void synchronousCompletionSendsEverythingInOrderWithoutRecursion() {
        List<String> written = new ArrayList<>();
        OutboundQueue q = new OutboundQueue((text, done) -> {
            written.add(text);
            done.accept(null);
        }, 1_000_000, 10_000_000, () -> { }, (w, e) -> { });
        for (int i = 0; i < 100_000; i++) {
            q.offerResponse("r" + i, null);
        }
        assertThat(written).hasSize(100_000);
        assertThat(written.get(99_999)).isEqualTo("r99999");
        assertThat(q.queuedChars()).isZero();
    }

    @Test
    void oneWriteAtATimeInOrder() {
        ManualWriter w = new ManualWriter();
        OutboundQueue q = new OutboundQueue(w, 1_000_000, 10_000_000, () -> { }, (x, e) -> { });
        AtomicInteger sent = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            q.offerResponse("m" + i, sent::incrementAndGet);
        }
        while (w.completeOne(null)) {
            // drain
        }
        assertThat(w.written).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        assertThat(w.maxConcurrent).isEqualTo(1);
        assertThat(sent.get()).isEqualTo(10);
    }

    @Test
    void eventsAreDroppedPastTheSoftLimitButResponsesAreNot() {
        ManualWriter w = new ManualWriter();
        OutboundQueue q = new OutboundQueue(w, 100, 10_000, () -> { }, (x, e) -> { });
        int accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (q.offerEvent("0123456789")) {
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
        assertThat(q.offerEvent("again")).as("accepted again once drained").isTrue();
    }

    @Test
    void passingTheHardLimitAsksForTheConnectionToClose() {
        ManualWriter w = new ManualWriter();
        AtomicInteger overflows = new AtomicInteger();
        OutboundQueue q = new OutboundQueue(w, 10, 100, overflows::incrementAndGet, (x, e) -> { });
        for (int i = 0; i < 20; i++) {
            q.offerResponse("0123456789", null);
        }
        assertThat(overflows.get()).isPositive();
    }

    @Test
    void aFailedWriteReleasesEveryWaiter() {
        ManualWriter w = new ManualWriter();
        AtomicInteger failures = new AtomicInteger();
        OutboundQueue q = new OutboundQueue(w, 1000, 10_000, () -> { }, (x, e) -> failures.incrementAndGet());
        AtomicInteger released = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            q.offerResponse("m", released::incrementAndGet);
        }
        w.completeOne(new RuntimeException("broken pipe"));
        assertThat(released.get()).isEqualTo(5);
        assertThat(failures.get()).isEqualTo(1);
        q.offerResponse("late", released::incrementAndGet);
        assertThat(released.get()).isEqualTo(6);
        assertThat(q.offerEvent("e")).isFalse();
    }
}
