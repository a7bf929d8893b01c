package dev.mfp.daemon.metrics;

import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.files.FileUsage;
import dev.mfp.daemon.instance.InstanceCatalog;
import dev.mfp.daemon.instance.InstanceManager;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The daemon's Prometheus metrics (spec-v2 extensions.md §3) in a registry of its own: the table of that section
 * plus the client library's JVM and process metrics, written as text format 0.0.4. Every value is either counted
 * where it happens or read from memory at scrape time ({@link InstanceSamples}); a scrape never waits for a game
 * server.
 */
public final class DaemonMetrics implements AutoCloseable {
    /** {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** How often instance CPU, memory and players are sampled. */
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(5);
    /** The {@code api} label values. */
    public static final List<String> APIS = List.of("v1", "v2");
    /** The {@code event} label values of {@code mfp_events_dropped_total} (only v1 drops events). */
    public static final List<String> DROPPABLE_EVENTS = List.of("instance_log", "daemon_report");
    static final String UNKNOWN_METHOD = "unknown";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram durations;
    private final Counter droppedEvents;
    private final InstanceSamples instances;
    /** Whether the client library's JVM and process collectors are registered (at the first scrape). */
    private boolean jvmRegistered;

    /**
     * @param connections the open WebSockets of an {@code api} ({@code v1}, {@code v2}), read at scrape time
     * @param period how often the instances are sampled
     */
    public DaemonMetrics(EventBus bus, InstanceManager manager, FileUsage files, ToIntFunction<String> connections,
            Duration period) {
        this.instances = new InstanceSamples(bus, manager, period);

        GaugeWithCallback.builder().name("mfp_instance_status")
                .help("One sample per instance, value 1, labelled with its current status")
                .labelNames("instance_id", "name", "status")
                .callback(cb -> {
                    for (InstanceCatalog.Item i : instances.catalog().items()) {
                        cb.call(1, i.instanceId().toString(), i.name(), i.status().wire());
                    }
                }).register(registry);
        instanceGauge("mfp_instance_cpu_percent", "CPU use of the instance's process tree, percent of the host",
                s -> s.cpuPercent());
        instanceGauge("mfp_instance_memory_bytes", "Resident memory of the instance's process tree",
                s -> s.memoryBytes());
        instanceGauge("mfp_instance_players_online", "Players online (Server List Ping, sampled)",
                s -> s.online() == null ? Double.NaN : s.online());
        instanceGauge("mfp_instance_players_max", "Player slots (Server List Ping, sampled)",
                s -> s.max() == null ? Double.NaN : s.max());
        CounterWithCallback.builder().name("mfp_instance_starts_total")
                .help("Changes of the instance to starting since the daemon started")
                .labelNames("instance_id", "name")
                .callback(cb -> {
                    for (InstanceCatalog.Item i : instances.catalog().items()) {
                        cb.call(instances.counts(i.instanceId()).starts.get(), i.instanceId().toString(), i.name());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("mfp_instance_crashes_total")
                .help("Changes of the instance to crashed since the daemon started")
                .labelNames("instance_id", "name")
                .callback(cb -> {
                    for (InstanceCatalog.Item i : instances.catalog().items()) {
                        cb.call(instances.counts(i.instanceId()).crashes.get(), i.instanceId().toString(), i.name());
                    }
                }).register(registry);

        GaugeWithCallback.builder().name("mfp_connections")
                .help("Open WebSocket connections")
                .labelNames("api")
                .callback(cb -> {
                    for (String api : APIS) {
                        cb.call(connections.applyAsInt(api), api);
                    }
                }).register(registry);
        this.requests = Counter.builder().name("mfp_requests_total")
                .help("Answered requests: v1 actions, v2 methods")
                .labelNames("api", "method", "outcome")
                .withoutExemplars()
                .register(registry);
        this.durations = Histogram.builder().name("mfp_request_duration_seconds")
                .help("Time from a request's arrival to its answer")
                .labelNames("api")
                .classicOnly()
                .withoutExemplars()
                .register(registry);
        for (String api : APIS) {
            durations.initLabelValues(api);
        }
        CounterWithCallback.builder().name("mfp_transfer_bytes_total")
                .help("File bytes uploaded (written) and downloaded (read), both protocols")
                .labelNames("direction")
                .callback(cb -> {
                    cb.call(files.uploadedBytes(), "upload");
                    cb.call(files.downloadedBytes(), "download");
                }).register(registry);
        this.droppedEvents = Counter.builder().name("mfp_events_dropped_total")
                .help("Events not sent to a connection that could not keep up")
                .labelNames("event")
                .withoutExemplars()
                .register(registry);
        for (String e : DROPPABLE_EVENTS) {
            droppedEvents.initLabelValues(e);
        }
    }

    private void instanceGauge(String name, String help, ToDoubleFunction<InstanceSamples.Sample> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .labelNames("instance_id", "name")
                .callback(cb -> {
                    for (InstanceCatalog.Item i : instances.catalog().items()) {
                        double v = value.applyAsDouble(instances.sample(i.instanceId()));
                        if (!Double.isNaN(v)) {
                            cb.call(v, i.instanceId().toString(), i.name());
                        }
                    }
                }).register(registry);
    }

    /** The request counter of one front end ({@code v1}, {@code v2}). */
    public RequestMetrics requests(String api) {
        return (method, ok, startNanos) -> {
            requests.labelValues(api, method == null ? UNKNOWN_METHOD : method, ok ? "ok" : "error").inc();
            durations.labelValues(api).observe((System.nanoTime() - startNanos) / 1e9);
        };
    }

    /** Counts one event not sent ({@code event}: its wire name). */
    public void eventDropped(String event) {
        droppedEvents.labelValues(event).inc();
    }

    /** Writes the current exposition (text format 0.0.4). */
    public void write(OutputStream out) throws IOException {
        registerJvmMetrics();
        writer.write(out, registry.scrape());
    }

    /**
     * The JVM collectors load ~125 classes at start (the management beans, JMX, the JFR bridge) that a daemon nobody
     * scrapes never needs: registered on the first scrape, not at start (their counters are the JVM's own, so the
     * first scrape reads the same values).
     */
    private synchronized void registerJvmMetrics() {
        if (!jvmRegistered) {
            JvmMetrics.builder().register(registry);
            jvmRegistered = true;
        }
    }

    @Override
    public void close() {
        instances.close();
    }
}
