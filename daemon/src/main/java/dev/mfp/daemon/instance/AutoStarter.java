package dev.mfp.daemon.instance;

import dev.mfp.protocol.model.InstanceStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-start at daemon start (extensions.md §5): instances with {@code auto_start} that are not running are started
 * in the order of their {@code auto_start_delay_seconds} (counted from now, the daemon being ready), at most
 * {@code auto_start_concurrency} of them {@code starting} at once; one that stays {@code starting} longer than the
 * ready timeout stops counting. Starts run on worker threads: a failing or hanging server delays neither the
 * daemon nor the others. Its queue and count are its own, under its monitor.
 */
final class AutoStarter {
    private static final Logger LOG = LoggerFactory.getLogger(AutoStarter.class);
    private static final long POLL_MS = 100;

    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final int concurrency;
    private final Duration readyTimeout;
    // guarded by this
    private final Deque<Instance> due = new ArrayDeque<>();
    private int starting;

    AutoStarter(ScheduledExecutorService scheduler, Executor workers, int concurrency, Duration readyTimeout) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.concurrency = Math.max(1, concurrency);
        this.readyTimeout = readyTimeout;
    }

    /** Schedules the auto-start of every instance of {@code all} that wants it; returns at once. */
    void begin(Collection<Instance> all) {
        List<Instance> wanted = all.stream().filter(i -> i.config().autoStart() && !i.hasProcess())
                .sorted(Comparator.comparingInt(i -> i.config().autoStartDelaySeconds())).toList();
        if (wanted.isEmpty()) {
            return;
        }
        LOG.info("auto-start: {} instance(s), at most {} starting at once", wanted.size(), concurrency);
        for (Instance i : wanted) {
            long delayMs = TimeUnit.SECONDS.toMillis(i.config().autoStartDelaySeconds());
            scheduler.schedule(() -> enqueue(i), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void enqueue(Instance i) {
        synchronized (this) {
            due.add(i);
        }
        pump();
    }

    private void pump() {
        synchronized (this) {
            while (starting < concurrency && !due.isEmpty()) {
                Instance i = due.poll();
                starting++;
                workers.execute(() -> launch(i));
            }
        }
    }

    private void launch(Instance i) {
        long since = System.nanoTime();
        try {
            if (i.isRemoved() || i.hasProcess()) {
                release();
                return;
            }
            LOG.info("auto-start: starting instance {} '{}'", i.id(), i.config().name());
            i.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release();
            return;
        } catch (RuntimeException e) {
            LOG.warn("auto-start of instance {} '{}' failed: {}", i.id(), i.config().name(), e.getMessage());
            release();
            return;
        }
        watch(i, since);
    }

    /** Counts {@code i} until it leaves {@code starting} or the ready timeout passes. */
    private void watch(Instance i, long since) {
        boolean timedOut = System.nanoTime() - since >= readyTimeout.toNanos();
        if (i.status() != InstanceStatus.STARTING || timedOut) {
            if (timedOut && i.status() == InstanceStatus.STARTING) {
                LOG.warn("auto-start: instance {} is still starting after {} s; starting the next",
                        i.id(), readyTimeout.toSeconds());
            }
            release();
            return;
        }
        scheduler.schedule(() -> watch(i, since), POLL_MS, TimeUnit.MILLISECONDS);
    }

    private void release() {
        synchronized (this) {
            starting--;
        }
        pump();
    }
}
