package dev.mfp.daemon.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.event.DaemonEvent;
import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.event.EventSubscriber;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceCatalog;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.report.ProcessSampler;
import dev.mfp.daemon.instance.report.ProcessUsage;
import dev.mfp.daemon.instance.report.ReportBuilder;
import dev.mfp.daemon.instance.slp.ServerListPing;
import dev.mfp.daemon.util.Threads;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.protocol.model.InstanceStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the instance metrics show, kept so that a scrape only reads memory: CPU, memory and players sampled on a
 * thread of its own every {@code period} (the Server List Ping of a hung server costs that thread its timeout, never
 * a scrape), and starts and crashes counted on the status changes the catalog publishes.
 */
final class InstanceSamples implements EventSubscriber, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceSamples.class);

    /** {@code online}/{@code max} are null when unknown (not a Minecraft server, or it has not answered yet). */
    record Sample(double cpuPercent, long memoryBytes, Integer online, Integer max) {
        static final Sample NONE = new Sample(0, 0, null, null);
    }

    /** Starts and crashes of one instance, and the status last seen (written on the bus's thread only). */
    static final class Counts {
        final AtomicLong starts = new AtomicLong();
        final AtomicLong crashes = new AtomicLong();
        volatile InstanceStatus last;
    }

    private final EventBus bus;
    private final InstanceManager manager;
    private final Map<UUID, Sample> samples = new ConcurrentHashMap<>();
    private final Map<UUID, Counts> counts = new ConcurrentHashMap<>();
    private final ProcessSampler processes = new ProcessSampler();
    private final ScheduledExecutorService thread;

    InstanceSamples(EventBus bus, InstanceManager manager, Duration period) {
        this.bus = bus;
        this.manager = manager;
        // registered before the instances are loaded: the loading itself publishes nothing, every later change counts
        bus.register(this);
        this.thread = Executors.newSingleThreadScheduledExecutor(Threads.daemonFactory("metrics-sampler"));
        long ms = Math.max(100, period.toMillis());
        thread.scheduleWithFixedDelay(this::sampleAll, ms / 2, ms, TimeUnit.MILLISECONDS);
    }

    InstanceCatalog.Snapshot catalog() {
        return manager.catalog().snapshot();
    }

    Sample sample(UUID id) {
        return samples.getOrDefault(id, Sample.NONE);
    }

    Counts counts(UUID id) {
        Counts c = counts.get(id);
        return c == null ? new Counts() : c;
    }

    @Override
    public boolean wants(DaemonEventType type) {
        return type == DaemonEventType.INSTANCE_CATALOG_CHANGED;
    }

    /** A start is a change to {@code starting}, a crash one to {@code crashed}; renames and ready timeouts are not. */
    @Override
    public void onEvent(DaemonEvent event) {
        if (!(event.data() instanceof InstanceCatalog.Change change)) {
            return;
        }
        if (change.snapshot() == null) {
            counts.remove(change.instanceId());
            samples.remove(change.instanceId());
            return;
        }
        Counts c = counts.computeIfAbsent(change.instanceId(), k -> new Counts());
        InstanceStatus now = change.snapshot().status();
        InstanceStatus before = c.last;
        c.last = now;
        if (now == before) {
            return;
        }
        if (now == InstanceStatus.STARTING) {
            c.starts.incrementAndGet();
        } else if (now == InstanceStatus.CRASHED) {
            c.crashes.incrementAndGet();
        }
    }

    /** One round over all instances, on the sampler thread. */
    void sampleAll() {
        Set<UUID> seen = new HashSet<>();
        try {
            for (Instance instance : manager.all()) {
                seen.add(instance.id());
                try {
                    samples.put(instance.id(), sample(instance));
                } catch (RuntimeException e) {
                    LOG.debug("instance {}: metrics sample failed", instance.id(), e);
                }
            }
            samples.keySet().retainAll(seen);
        } catch (RuntimeException e) {
            LOG.warn("metrics sampling failed", e);
        }
    }

    private Sample sample(Instance instance) {
        InstanceStatus status = instance.status();
        InstanceSpec config = instance.config();
        ProcessUsage usage = ProcessUsage.NONE;
        Optional<ProcessHandle> p = instance.process();
        if (p.isPresent()) {
            usage = processes.sample(p.get());
        }
        Integer online = null;
        Integer max = null;
        if (config.instanceType().minecraft()) {
            if (status != InstanceStatus.RUNNING) {
                online = 0; // a server that is not running has nobody on it
                max = 0;
            } else if (ReportBuilder.supportsPing(config.mcVersion())) {
                Sample previous = samples.get(instance.id());
                try {
                    JsonNode s = ServerListPing.status("127.0.0.1", instance.properties().port(),
                            ReportBuilder.PING_TIMEOUT);
                    JsonNode players = s.path("players");
                    online = players.path("online").asInt(0);
                    max = players.path("max").asInt(0);
                } catch (IOException | RuntimeException e) {
                    // not answering (yet): keep what it said last
                    online = previous == null ? null : previous.online();
                    max = previous == null ? null : previous.max();
                }
            }
        }
        return new Sample(usage.cpuPercent(), usage.memoryBytes(), online, max);
    }

    @Override
    public void close() {
        bus.unregister(this);
        thread.shutdownNow();
    }
}
