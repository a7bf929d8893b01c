package dev.mfp.daemon.monitoring;

import dev.mfp.daemon.event.DaemonEvent;
import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.event.EventSubscriber;
import dev.mfp.daemon.host.HostInfo;
import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceCatalog;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.report.ProcessSampler;
import dev.mfp.daemon.instance.report.ProcessUsage;
import dev.mfp.daemon.util.Threads;
import dev.mfp.protocol.model.InstanceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring sampler (monitoring.md §1): one tick per interval (the first one interval after {@link #start}) on
 * a thread of its own builds a {@link MonitoringSample} from the cached system information and the cached process
 * counters — no Server List Ping, nothing a game server can hold up — attaches the lifecycle events taken at the
 * catalog's commit point since the last written sample, and appends it to the {@link MonitoringHistory}.
 */
public final class Monitoring implements EventSubscriber, AutoCloseable {
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    /** Lifecycle events waiting for a written sample; more are counted in {@code dropped_events}. */
    public static final int PENDING_EVENTS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);

    /** What one tick reads: host facts and the instances. */
    public interface Source {
        HostInfo system();

        List<MonitoringSample.InstanceSample> instances();
    }

    private final EventBus bus;
    private final MonitoringHistory history;
    private final Source source;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final Object pendingLock = new Object();
    // --- guarded by pendingLock
    private final ArrayDeque<MonitoringSample.InstanceEvent> pending = new ArrayDeque<>();
    private int droppedEvents;

    public Monitoring(EventBus bus, MonitoringHistory history, Source source, Clock clock, Duration interval) {
        this.bus = bus;
        this.history = history;
        this.source = source;
        this.clock = clock;
        this.interval = interval;
        // registered before the instances are loaded: loading publishes nothing, every later commit is seen
        bus.register(this);
        this.thread = Executors.newSingleThreadScheduledExecutor(Threads.daemonFactory("monitoring-sampler"));
    }

    /** The source over the daemon's own services. */
    public static Source source(SystemInfoService systemInfo, InstanceManager manager, ProcessSampler processes) {
        return new Source() {
            @Override
            public HostInfo system() {
                return systemInfo.get();
            }

            @Override
            public List<MonitoringSample.InstanceSample> instances() {
                List<Instance> all = new ArrayList<>(manager.all());
                all.sort(Comparator.comparing(i -> i.id().toString()));
                List<MonitoringSample.InstanceSample> out = new ArrayList<>(all.size());
                for (Instance i : all) {
                    InstanceStatus status = i.status();
                    ProcessUsage usage = ProcessUsage.NONE;
                    Optional<ProcessHandle> p = i.process();
                    if (p.isPresent()) {
                        try {
                            usage = processes.sample(p.get());
                        } catch (RuntimeException e) {
                            usage = ProcessUsage.NONE;
                        }
                    }
                    out.add(new MonitoringSample.InstanceSample(i.id(), i.config().name(), status, usage.cpuPercent(),
                            usage.memoryBytes(), i.silentSeconds()));
                }
                return out;
            }
        };
    }

    public void start() {
        long ms = Math.max(1, interval.toMillis());
        thread.scheduleAtFixedRate(this::safeTick, ms, ms, TimeUnit.MILLISECONDS);
    }

    public MonitoringHistory history() {
        return history;
    }

    @Override
    public boolean wants(DaemonEventType type) {
        return type == DaemonEventType.INSTANCE_CATALOG_CHANGED;
    }

    /** On the publisher's thread, inside the catalog commit: only queues. */
    @Override
    public void onEvent(DaemonEvent event) {
        if (!(event.data() instanceof InstanceCatalog.Change c) || c.snapshot() == null || c.previous() == null) {
            return; // removals and newly created instances produce no event (§2.3)
        }
        Instant at = Instant.ofEpochMilli(event.timestamp());
        InstanceCatalog.Item now = c.snapshot();
        InstanceCatalog.Item before = c.previous();
        synchronized (pendingLock) {
            if (now.status() != before.status()) {
                offer(new MonitoringSample.InstanceEvent(c.instanceId(), MonitoringSample.InstanceEvent.STATUS_CHANGED,
                        now.status(), before.status(), at));
            }
            if (now.readyTimedOut() && !before.readyTimedOut()) {
                offer(new MonitoringSample.InstanceEvent(c.instanceId(), MonitoringSample.InstanceEvent.READY_TIMEOUT,
                        InstanceStatus.STARTING, null, at));
            }
        }
    }

    private void offer(MonitoringSample.InstanceEvent e) {
        if (pending.size() >= PENDING_EVENTS) {
            droppedEvents++;
        } else {
            pending.addLast(e);
        }
    }

    /** A periodic task that throws is never run again: nothing may escape a tick. */
    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("monitoring tick failed", e);
        }
    }

    /** One tick: a sample (or a gap if it cannot be built) written to the history. */
    void tick() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        MonitoringSample built;
        try {
            built = build(now);
        } catch (RuntimeException e) {
            LOG.warn("monitoring tick failed; a gap is recorded: {}", e.toString());
            history.append(MonitoringSample.gap(now));
            return; // the events stay pending for the next sample
        }
        List<MonitoringSample.InstanceEvent> events;
        int dropped;
        synchronized (pendingLock) {
            events = List.copyOf(pending);
            dropped = droppedEvents;
            pending.clear();
            droppedEvents = 0;
        }
        if (!history.append(built.withEvents(events, dropped))) {
            synchronized (pendingLock) { // carried by the next sample, in order, still bounded
                droppedEvents += dropped;
                for (int i = events.size() - 1; i >= 0; i--) {
                    pending.addFirst(events.get(i));
                }
                while (pending.size() > PENDING_EVENTS) {
                    pending.removeLast();
                    droppedEvents++;
                }
            }
        }
    }

    private MonitoringSample build(Instant now) {
        HostInfo info = source.system();
        long total = info.memory().totalKib();
        long free = info.memory().freeKib();
        HostInfo.Drive drive = info.drive();
        return new MonitoringSample(now, false, info.cpu().usagePercent(), free > total ? 0 : total - free, total,
                source.instances(), drive == null ? null : drive.totalBytes(), drive == null ? null : drive.freeBytes(),
                List.of(), 0);
    }

    /** Stops the ticks and closes the history (which writes any remembered outage markers). */
    @Override
    public void close() {
        bus.unregister(this);
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        history.close();
    }
}
