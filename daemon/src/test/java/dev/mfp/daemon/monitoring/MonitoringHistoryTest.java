package dev.mfp.daemon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.daemon.support.ManualClock;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.InstanceStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** monitoring.md §1.1, §3.2, §4 in process: gaps, outage markers, retention, downsampling, with a fake clock. */
class MonitoringHistoryTest {
    private static final Duration TICK = Duration.ofSeconds(15);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("monitoring-test").resolve("monitoring");
    }

    @AfterEach
    void tearDown() throws IOException {
        TestDaemon.deleteTree(dir.getParent());
    }

    private MonitoringHistory open(MonitoringSettings s, long segmentBytes) {
        return MonitoringHistory.open(dir, s, clock, TICK, segmentBytes);
    }

    private MonitoringHistory open() {
        return open(MonitoringSettings.defaults(), MonitoringHistory.SEGMENT_BYTES);
    }

    static MonitoringSample sample(Instant t, int instances) {
        List<MonitoringSample.InstanceSample> is = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            is.add(new MonitoringSample.InstanceSample(UUID.nameUUIDFromBytes(("i" + i).getBytes()),
                    "Survival server " + i, InstanceStatus.RUNNING, 12.34, 2_147_483_648L + i, 3.9071234));
        }
        return new MonitoringSample(t, false, 23.456789, 12_345_678, 32_765_432, is, 512_110_190_592L,
                201_326_592_000L, List.of(), 0);
    }

    private List<MonitoringSample> all(MonitoringHistory h) {
        return h.query(Instant.EPOCH, T0.plus(Duration.ofDays(3650)), 2000).samples();
    }

    private List<String> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- failure paths first

    @Test
    void writeFailuresAreCountedAndRememberedAsTwoGapMarkers() throws IOException {
        // the directory is a file: nothing can be written (also as root)
        Files.createDirectories(dir.getParent());
        Files.writeString(dir, "not a directory");
        try (MonitoringHistory h = open()) {
            List<Instant> failed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clock.advance(TICK);
                failed.add(clock.instant());
                assertThat(h.append(sample(clock.instant(), 1))).isFalse();
            }
            assertThat(h.droppedRecords()).isEqualTo(3);
            assertThat(h.latest()).isNull();
            Files.delete(dir);
            clock.advance(TICK);
            assertThat(h.append(sample(clock.instant(), 1))).isTrue();
            List<MonitoringSample> s = all(h);
            assertThat(s).extracting(MonitoringSample::gap).containsExactly(true, true, false);
            assertThat(s).extracting(MonitoringSample::timestamp).containsExactly(failed.get(0), failed.get(2),
                    clock.instant());
            assertThat(h.droppedRecords()).isEqualTo(3);
        }
    }

    @Test
    void anOutageStillRememberedAtCloseIsWrittenThenAndAOneRecordOutageIsOneMarker() throws IOException {
        Files.createDirectories(dir.getParent());
        Files.writeString(dir, "x");
        MonitoringHistory h = open();
        assertThat(h.append(sample(clock.instant(), 0))).isFalse();
        Files.delete(dir);
        h.close();
        try (MonitoringHistory again = open()) {
            assertThat(all(again)).singleElement().satisfies(g -> {
                assertThat(g.gap()).isTrue();
                assertThat(g.timestamp()).isEqualTo(T0);
            });
            assertThat(again.latest()).isNull();
            assertThat(again.droppedRecords()).isZero();
        }
    }

    @Test
    void anIncompleteLastLineIsCutAtOpen() throws IOException {
        try (MonitoringHistory h = open()) {
            h.append(sample(clock.instant(), 2));
        }
        Path seg = dir.resolve("metrics-000001.jsonl");
        Files.writeString(seg, "{\"timestamp\":\"2030-", StandardOpenOption.APPEND);
        try (MonitoringHistory h = open()) {
            assertThat(Files.readString(seg)).endsWith("\n");
            clock.advance(Duration.ofSeconds(1));
            h.append(sample(clock.instant(), 2));
            assertThat(all(h)).hasSize(2).noneMatch(MonitoringSample::gap);
        }
    }

    @Test
    void settingsAreANestedObjectWithRanges() throws IOException {
        var m = Json.mapper();
        assertThat(MonitoringSettings.fromConfig(m.readTree("{}"))).isEqualTo(MonitoringSettings.defaults());
        assertThat(MonitoringSettings.defaults()).isEqualTo(new MonitoringSettings(7, 268_435_456L));
        assertThat(MonitoringSettings.fromConfig(m.readTree("{\"monitoring\":{\"retention_days\":2,\"maximum_bytes\":1024}}")))
                .isEqualTo(new MonitoringSettings(2, 1024));
        for (String bad : List.of("{\"monitoring\":1}", "{\"monitoring\":{\"retention_days\":0}}",
                "{\"monitoring\":{\"maximum_bytes\":1023}}", "{\"monitoring\":{\"retention_days\":1.5}}")) {
            assertThatThrownBy(() -> MonitoringSettings.fromConfig(m.readTree(bad))).isInstanceOf(IOException.class);
        }
        assertThat(MonitoringSettings.fromConfig(m.readTree("{\"monitoring.retention_days\":0}")))
                .isEqualTo(MonitoringSettings.defaults());
    }

    // ---------------------------------------------------------------- gaps at start

    @Test
    void aStartGapNeedsTwoIntervalsOfSilenceAndANonGapNewestRecord() throws IOException {
        try (MonitoringHistory h = open()) {
            assertThat(all(h)).isEmpty(); // an empty history: no gap
            h.append(sample(clock.instant(), 1));
        }
        clock.advance(TICK.multipliedBy(2).minusMillis(1));
        try (MonitoringHistory h = open()) {
            assertThat(all(h)).hasSize(1); // < 30 s: none
        }
        clock.advance(Duration.ofMillis(1));
        try (MonitoringHistory h = open()) {
            assertThat(all(h)).extracting(MonitoringSample::gap).containsExactly(false, true);
            assertThat(all(h).get(1).timestamp()).isEqualTo(clock.instant());
            assertThat(h.latest().timestamp()).isEqualTo(T0); // decisions.md #13: the newest sample, never a gap
        }
        clock.advance(Duration.ofHours(1));
        try (MonitoringHistory h = open()) {
            assertThat(all(h)).hasSize(2); // the newest record is a gap: no second one
            assertThat(h.latest().timestamp()).isEqualTo(T0);
        }
    }

    @Test
    void aGapRecordHasTheFixedShape() {
        var j = MonitoringSample.gap(T0).toJson();
        assertThat(j.toString()).isEqualTo("{\"timestamp\":\"2030-01-01T00:00:00+00:00\",\"gap\":true,"
                + "\"system_cpu_percent\":0.0,\"memory_used_kilobytes\":0,\"memory_total_kilobytes\":0,"
                + "\"instances\":[],\"disk_total_bytes\":null,\"disk_free_bytes\":null,\"events\":null,"
                + "\"dropped_events\":null}");
        MonitoringSample s = sample(T0.plusNanos(1234500), 2);
        assertThat(MonitoringSample.fromJson(s.toJson())).isEqualTo(s);
    }

    // ---------------------------------------------------------------- retention

    @Test
    void theByteCapDeletesTheOldestClosedSegmentsButNeverTheActiveOne() throws IOException {
        int line = MonitoringHistory.line(sample(T0, 1)).length;
        try (MonitoringHistory h = open(new MonitoringSettings(7, 3L * line), line)) { // one record per segment
            for (int i = 0; i < 6; i++) {
                h.append(sample(clock.instant(), 1));
                clock.advance(TICK);
            }
            assertThat(segments()).containsExactly("metrics-000004.jsonl", "metrics-000005.jsonl",
                    "metrics-000006.jsonl");
        }
        try (MonitoringHistory h = open(new MonitoringSettings(7, 1024), 4096)) {
            assertThat(segments()).contains("metrics-000006.jsonl"); // active, even over the cap
        }
    }

    @Test
    void segmentsLastWrittenBeforeTheRetentionAgeAreDeleted() throws IOException {
        int line = MonitoringHistory.line(sample(T0, 1)).length;
        try (MonitoringHistory h = open(new MonitoringSettings(1, 1L << 30), 2L * line)) {
            for (int i = 0; i < 4; i++) { // two segments of two records
                h.append(sample(clock.instant(), 1));
                clock.advance(TICK);
            }
            assertThat(segments()).containsExactly("metrics-000001.jsonl", "metrics-000002.jsonl");
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            h.append(sample(clock.instant(), 1)); // rolls to 3: 1 and 2 were last written a day ago
            assertThat(segments()).containsExactly("metrics-000003.jsonl");
            clock.advance(Duration.ofDays(2));
            h.append(sample(clock.instant(), 1)); // hourly check: the old active segment is kept while active
            assertThat(segments()).containsExactly("metrics-000003.jsonl");
        }
    }

    // ---------------------------------------------------------------- query

    @Test
    void queryWindowIsInclusiveAndAnInvertedWindowIsEmpty() {
        try (MonitoringHistory h = open()) {
            for (int i = 0; i < 5; i++) {
                h.append(sample(T0.plus(TICK.multipliedBy(i)), 0));
            }
            assertThat(h.query(T0.plus(TICK), T0.plus(TICK.multipliedBy(3)), 500).samples())
                    .extracting(MonitoringSample::timestamp)
                    .containsExactly(T0.plus(TICK), T0.plus(TICK.multipliedBy(2)), T0.plus(TICK.multipliedBy(3)));
            assertThat(h.query(T0.plus(TICK), T0, 500).samples()).isEmpty();
        }
    }

    private static MonitoringSample at(int seconds, boolean gap, List<MonitoringSample.InstanceEvent> events,
            Integer dropped) {
        Instant t = T0.plusSeconds(seconds);
        return gap ? MonitoringSample.gap(t).withEvents(events, dropped) : sample(t, 0).withEvents(events, dropped);
    }

    private static MonitoringSample.InstanceEvent event(int n) {
        return new MonitoringSample.InstanceEvent(new UUID(0, n), MonitoringSample.InstanceEvent.STATUS_CHANGED,
                InstanceStatus.STARTING, InstanceStatus.STOPPED, T0.plusSeconds(n));
    }

    @Test
    void downsamplingTakesTheLastRecordOfABucketAGapStaysWinnerEventsAreConcatenated() {
        // window 0..100 s, cap 2 -> w = 50 s: bucket 0 = [0, 50), bucket 1 = [50, 100] (100 clamped to 1)
        List<MonitoringSample> r = List.of(
                at(0, false, List.of(event(1)), 0),
                at(10, true, null, null),
                at(20, false, List.of(event(2)), 2),
                at(60, false, List.of(), 0),
                at(70, false, List.of(), 1),
                at(100, false, List.of(), 0));
        List<MonitoringSample> d = MonitoringHistory.downsample(r, T0, T0.plusSeconds(100), 2);
        assertThat(d).hasSize(2);
        assertThat(d.get(0).timestamp()).isEqualTo(T0.plusSeconds(10)); // the gap won and kept the bucket
        assertThat(d.get(0).gap()).isTrue();
        assertThat(d.get(0).events()).containsExactly(event(1), event(2));
        assertThat(d.get(0).droppedEvents()).isEqualTo(2);
        assertThat(d.get(1).timestamp()).isEqualTo(T0.plusSeconds(100));
        assertThat(d.get(1).events()).isEmpty(); // none in the bucket: the winner's own value
        assertThat(d.get(1).droppedEvents()).isEqualTo(1);
        // a bucket of gaps only: dropped_events stays null, events the winner's (null)
        List<MonitoringSample> gaps = List.of(at(0, true, null, null), at(1, true, null, null));
        assertThat(MonitoringHistory.downsample(gaps, T0, T0.plusSeconds(1), 1)).singleElement()
                .satisfies(g -> {
                    assertThat(g.timestamp()).isEqualTo(T0.plusSeconds(1)); // a later gap replaces a gap
                    assertThat(g.events()).isNull();
                    assertThat(g.droppedEvents()).isNull();
                });
        // at or under the cap: unchanged
        assertThat(MonitoringHistory.downsample(r, T0, T0.plusSeconds(100), 6)).isEqualTo(r);
    }

    @Test
    void downsamplingNeverExceedsTheCapAndUsesOneTickBucketsForTinyWindows() {
        List<MonitoringSample> r = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            r.add(at(i, false, List.of(), 0));
        }
        assertThat(MonitoringHistory.downsample(r, T0, T0.plusSeconds(999), 7)).hasSizeLessThanOrEqualTo(7);
        assertThat(MonitoringHistory.downsample(r, T0, T0.plusSeconds(999), 1)).singleElement()
                .extracting(MonitoringSample::timestamp).isEqualTo(T0.plusSeconds(999));
        // a window of 0 ticks: w = 1 tick, everything clamps into the bucket it falls in
        assertThat(MonitoringHistory.downsample(r.subList(0, 3), T0, T0, 2)).hasSize(2);
    }

    // ---------------------------------------------------------------- record size (docs/benchmarks.md)

    /** A sample as the sampler writes it: unrounded doubles, sub-second timestamps, 36-byte ids, 16-char names. */
    private static MonitoringSample realistic(int instances) {
        List<MonitoringSample.InstanceSample> is = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            is.add(new MonitoringSample.InstanceSample(UUID.randomUUID(), "Survival server " + i,
                    InstanceStatus.RUNNING, 12.34, 2_147_483_648L + i, 3.9071234567891234));
        }
        return new MonitoringSample(T0.plusNanos(123_456_000), false, 23.456789012345678, 12_345_678, 32_765_432,
                is, 512_110_190_592L, 201_326_592_000L, List.of(), 0);
    }

    @Test
    void recordSizesForTheBenchmarkFigure() throws IOException {
        int empty = MonitoringHistory.line(realistic(0)).length;
        int five = MonitoringHistory.line(realistic(5)).length;
        long perDay = Duration.ofDays(1).toSeconds() / Monitoring.INTERVAL.toSeconds();
        System.out.printf("monitoring record: empty daemon %d B (%d B/day), 5 instances %d B (%d B/day)%n",
                empty, empty * perDay, five, five * perDay);
        assertThat(five * perDay * 7).isLessThan(MonitoringSettings.DEFAULT_MAXIMUM_BYTES);
        assertThat(Files.exists(dir)).isFalse();
        assertThat(new String(MonitoringHistory.line(sample(T0, 0)), StandardCharsets.UTF_8)).endsWith("}\n");
    }

}
