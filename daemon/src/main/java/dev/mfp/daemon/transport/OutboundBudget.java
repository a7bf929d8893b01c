package dev.mfp.daemon.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes queued for sending on all connections together. Each {@link OutboundQueue} adds what it queues and
 * subtracts what it sent or dropped; when the total is above the limit, connections that are behind are closed
 * and their events dropped (see {@link OutboundQueue}).
 */
final class OutboundBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    OutboundBudget(long limit) {
        this.limit = limit;
    }

    static OutboundBudget unlimited() {
        return new OutboundBudget(Long.MAX_VALUE);
    }

    void add(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    boolean exceeded() {
        return used.get() > limit;
    }

    long used() {
        return used.get();
    }
}
