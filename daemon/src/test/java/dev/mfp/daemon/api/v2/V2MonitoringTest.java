package dev.mfp.daemon.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.daemon.Daemon;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * monitoring.md over a real /api/v2 with a 200 ms sampling interval (the test-only system property
 * {@link Daemon#TEST_MONITORING_INTERVAL}; users get 15 s): errors first, then current.get before and after the first
 * tick, query windows and limits, the start gap after a stopped period, lifecycle events, an unwritable history.
 */
class V2MonitoringTest {
    private static final long INTERVAL_MS = 200;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> MEMBERS = List.of("timestamp", "gap", "system_cpu_percent",
            "memory_used_kilobytes", "memory_total_kilobytes", "instances", "disk_total_bytes", "disk_free_bytes",
            "events", "dropped_events");
    private Path work;
    private final List<TestDaemon> running = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("mfp-monitoring");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (TestDaemon d : running) {
            d.close();
        }
        System.clearProperty(Daemon.TEST_MONITORING_INTERVAL);
        TestDaemon.deleteTree(work);
    }

    @AfterAll
    static void clear() {
        System.clearProperty(Daemon.TEST_MONITORING_INTERVAL);
    }

    private TestDaemon start(long intervalMs) throws Exception {
        System.setProperty(Daemon.TEST_MONITORING_INTERVAL, Long.toString(intervalMs));
        TestDaemon d = TestDaemon.startIn(work);
        running.add(d);
        return d;
    }

    private void stop(TestDaemon d) throws Exception {
        running.remove(d);
        d.close();
    }

    private static int code(Runnable call) {
        try {
            call.run();
        } catch (MfpV2Exception e) {
            return e.code();
        }
        throw new AssertionError("expected an error answer");
    }

    private static Map<String, Object> window(Instant from, Instant to, Object maximumPoints) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("not_before", DateTimes.format(from));
        p.put("not_after", DateTimes.format(to));
        if (maximumPoints != null) {
            p.put("maximum_points", maximumPoints);
        }
        return p;
    }

    private static List<JsonNode> all(MfpV2Client c) {
        return samples(c.call("mcsl.monitoring.query", window(Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)), 2000)));
    }

    private static List<JsonNode> samples(JsonNode result) {
        assertThat(result.get("dropped_records").isIntegralNumber()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        result.get("samples").forEach(out::add);
        return out;
    }

    private static Instant time(JsonNode sample) {
        return DateTimes.parseInstant(sample.get("timestamp").asText());
    }

    // ---------------------------------------------------------------- failure paths

    @Test
    void emptyOrMalformedParamsAreInvalidParams() throws Exception {
        MfpV2Client c = start(INTERVAL_MS).v2();
        Instant now = Instant.now();
        assertThat(code(() -> c.call("mcsl.monitoring.query", Map.of()))).isEqualTo(-32602); // rpc.md §5
        assertThat(code(() -> c.call("mcsl.monitoring.query"))).isEqualTo(-32602);
        assertThat(code(() -> c.call("mcsl.monitoring.query", Map.of("not_before", DateTimes.format(now)))))
                .isEqualTo(-32602);
        assertThat(code(() -> c.call("mcsl.monitoring.query", window(now, now, "many")))).isEqualTo(-32602);
        assertThat(code(() -> c.call("mcsl.monitoring.query", window(now, now, 1.5)))).isEqualTo(-32602);
        Map<String, Object> unknown = new HashMap<>(window(now, now, null));
        unknown.put("instance_id", UUID.randomUUID().toString());
        assertThat(code(() -> c.call("mcsl.monitoring.query", unknown))).isEqualTo(-32602);
        Map<String, Object> badTime = new HashMap<>(window(now, now, null));
        badTime.put("not_after", "yesterday");
        assertThat(code(() -> c.call("mcsl.monitoring.query", badTime))).isEqualTo(-32602);
        assertThat(code(() -> c.call("mcsl.monitoring.current.get", Map.of("x", 1)))).isEqualTo(-32602);
        // the empty request type accepts absent params and {}
        assertThat(c.call("mcsl.monitoring.current.get", Map.of()).has("sample")).isTrue();
    }

    @Test
    void anUnwritableHistoryIsCountedAsDroppedAndNoCallFails() throws Exception {
        Files.createDirectories(work.resolve("daemon"));
        Files.writeString(work.resolve("daemon/monitoring"), "a file where the directory belongs");
        TestDaemon d = start(INTERVAL_MS);
        MfpV2Client c = d.v2();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(c.call("mcsl.monitoring.current.get").get("dropped_records").asLong()).isGreaterThanOrEqualTo(3));
        JsonNode current = c.call("mcsl.monitoring.current.get");
        assertThat(current.get("sample").isNull()).isTrue();
        JsonNode q = c.call("mcsl.monitoring.query", window(Instant.now().minusSeconds(60), Instant.now(), null));
        assertThat(samples(q)).isEmpty();
        assertThat(q.get("dropped_records").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(c.call("mcsl.system.info.get").has("cpu")).isTrue();
    }

    // ---------------------------------------------------------------- current.get

    @Test
    void currentIsNullBeforeTheFirstTickThenTheNewestWrittenSampleAlsoAcrossARestart() throws Exception {
        TestDaemon slow = start(60_000);
        JsonNode none = slow.v2().call("mcsl.monitoring.current.get");
        assertThat(none.get("sample").isNull()).isTrue();
        assertThat(none.get("dropped_records").asLong()).isZero();
        stop(slow);

        TestDaemon d = start(INTERVAL_MS);
        MfpV2Client c = d.v2();
        await().atMost(WAIT).until(() -> !c.call("mcsl.monitoring.current.get").get("sample").isNull());
        JsonNode sample = c.call("mcsl.monitoring.current.get").get("sample");
        assertThat(sample.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(MEMBERS);
        assertThat(sample.get("gap").asBoolean()).isFalse();
        assertThat(sample.get("memory_total_kilobytes").asLong()).isPositive();
        assertThat(sample.get("memory_used_kilobytes").asLong())
                .isBetween(0L, sample.get("memory_total_kilobytes").asLong());
        assertThat(sample.get("system_cpu_percent").asDouble()).isBetween(0.0, 100.0);
        assertThat(sample.get("disk_total_bytes").asLong()).isPositive();
        assertThat(sample.get("events").isArray()).isTrue();
        assertThat(sample.get("dropped_events").asInt()).isZero();
        stop(d);

        // decisions.md #13: before the first tick of the next run, the newest stored sample
        List<JsonNode> stored;
        TestDaemon again = start(60_000);
        JsonNode before = again.v2().call("mcsl.monitoring.current.get").get("sample");
        stored = all(again.v2());
        JsonNode newestNonGap = null;
        for (JsonNode s : stored) {
            if (!s.get("gap").asBoolean()) {
                newestNonGap = s;
            }
        }
        assertThat(before).isEqualTo(newestNonGap);
        assertThat(stored.get(stored.size() - 1).get("gap").asBoolean()).isFalse(); // restarted at once: no gap
    }

    // ---------------------------------------------------------------- query

    @Test
    void queryReturnsTheWindowOldestFirstAndHonoursTheLimits() throws Exception {
        MfpV2Client c = start(INTERVAL_MS).v2();
        await().atMost(WAIT).until(() -> all(c).size() >= 6);
        List<JsonNode> s = all(c);
        for (int i = 1; i < s.size(); i++) {
            assertThat(time(s.get(i))).isAfter(time(s.get(i - 1)));
        }
        Instant from = time(s.get(1));
        Instant to = time(s.get(3));
        assertThat(samples(c.call("mcsl.monitoring.query", window(from, to, null))))
                .extracting(n -> n.get("timestamp").asText())
                .containsExactly(s.get(1).get("timestamp").asText(), s.get(2).get("timestamp").asText(),
                        s.get(3).get("timestamp").asText());
        // not_after < not_before: empty, not an error
        assertThat(samples(c.call("mcsl.monitoring.query", window(to, from, null)))).isEmpty();
        // maximum_points clamps to 1 … 2000; null is 500
        Instant first = time(s.get(0));
        Instant last = time(s.get(5));
        assertThat(samples(c.call("mcsl.monitoring.query", window(first, last, 1)))).singleElement()
                .satisfies(one -> assertThat(one.get("timestamp").asText()).isEqualTo(s.get(5).get("timestamp").asText()));
        assertThat(samples(c.call("mcsl.monitoring.query", window(first, last, 0)))).hasSize(1);
        assertThat(samples(c.call("mcsl.monitoring.query", window(first, last, -5)))).hasSize(1);
        assertThat(samples(c.call("mcsl.monitoring.query", window(first, last, 3)))).hasSizeLessThanOrEqualTo(3)
                .isNotEmpty();
        assertThat(samples(c.call("mcsl.monitoring.query", window(first, last, 1_000_000)))).hasSize(6);
        Map<String, Object> explicitNull = new HashMap<>(window(first, last, null));
        explicitNull.put("maximum_points", null);
        assertThat(samples(c.call("mcsl.monitoring.query", explicitNull))).hasSize(6);
    }

    @Test
    void aRestartAfterMoreThanTwoIntervalsStartsWithAGapRecord() throws Exception {
        TestDaemon d = start(INTERVAL_MS);
        await().atMost(WAIT).until(() -> all(d.v2()).size() >= 2);
        stop(d);
        Thread.sleep(3 * INTERVAL_MS);
        TestDaemon again = start(INTERVAL_MS);
        MfpV2Client c = again.v2();
        List<JsonNode> s = all(c);
        JsonNode gap = s.stream().filter(n -> n.get("gap").asBoolean()).findFirst().orElseThrow();
        assertThat(gap.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(MEMBERS);
        assertThat(gap.get("system_cpu_percent").asDouble()).isZero();
        assertThat(gap.get("memory_used_kilobytes").asLong()).isZero();
        assertThat(gap.get("memory_total_kilobytes").asLong()).isZero();
        assertThat(gap.get("instances").size()).isZero();
        for (String nullable : List.of("disk_total_bytes", "disk_free_bytes", "events", "dropped_events")) {
            assertThat(gap.get(nullable).isNull()).as(nullable).isTrue();
        }
        assertThat(s.indexOf(gap)).isGreaterThanOrEqualTo(2); // after the first run's samples
        // current.get never answers a gap
        assertThat(c.call("mcsl.monitoring.current.get").get("sample").get("gap").asBoolean()).isFalse();
        await().atMost(WAIT).until(() -> !all(c).get(all(c).size() - 1).get("gap").asBoolean());
        assertThat(all(c).stream().filter(n -> n.get("gap").asBoolean())).hasSize(1);
    }

    // ---------------------------------------------------------------- lifecycle events

    @Test
    void anInstanceStartAndStopAreAttachedOnceEach() throws Exception {
        TestDaemon d = start(INTERVAL_MS);
        MfpV2Client c = d.v2();
        UUID id = V2Fixtures.createEcho(d, c, "monitored", "universal");
        c.call("mcsl.instance.start", V2Fixtures.id(id));
        V2Fixtures.awaitStatus(c, id, "running");
        V2Fixtures.send(c, id, "hello");
        V2Fixtures.awaitLog(c, id, "hello");
        // a running instance that has written a line has silent_seconds
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode sample = c.call("mcsl.monitoring.current.get").get("sample");
            assertThat(sample.isObject()).isTrue(); // null before the first tick
            JsonNode inst = sample.get("instances").get(0);
            assertThat(inst.get("instance_id").asText()).isEqualTo(id.toString());
            assertThat(inst.get("name").asText()).isEqualTo("monitored");
            assertThat(inst.get("status").asText()).isEqualTo("running");
            assertThat(inst.get("silent_seconds").isNumber()).isTrue();
            assertThat(inst.get("memory_bytes").asLong()).isPositive();
        });
        V2Fixtures.send(c, id, "exit 0");
        V2Fixtures.awaitStatus(c, id, "stopped");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events(c, id))
                .anySatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("stopped")));
        Thread.sleep(3 * INTERVAL_MS); // later samples must not repeat them
        List<JsonNode> events = events(c, id);
        List<String> transitions = events.stream()
                .map(e -> e.get("previous_status").asText() + "->" + e.get("status").asText()).toList();
        assertThat(transitions).first().isEqualTo("stopped->running"); // creation itself is no event
        assertThat(transitions).filteredOn(t -> t.equals("stopped->running")).hasSize(1);
        assertThat(transitions).filteredOn(t -> t.endsWith("->stopped")).hasSize(1);
        assertThat(transitions).doesNotHaveDuplicates();
        for (JsonNode e : events) {
            assertThat(e.get("kind").asText()).isEqualTo("status_changed");
            assertThat(DateTimes.parseInstant(e.get("at").asText())).isBefore(Instant.now());
        }
        JsonNode stopped = c.call("mcsl.monitoring.current.get").get("sample").get("instances").get(0);
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(stopped.get("silent_seconds").isNull()).isTrue();
        assertThat(stopped.get("cpu_percent").asDouble()).isZero();
        assertThat(stopped.get("memory_bytes").asLong()).isZero();
    }

    private static List<JsonNode> events(MfpV2Client c, UUID id) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : all(c)) {
            if (s.get("events").isArray()) {
                s.get("events").forEach(e -> {
                    if (e.get("instance_id").asText().equals(id.toString())) {
                        out.add(e);
                    }
                });
            }
        }
        return out;
    }
}
