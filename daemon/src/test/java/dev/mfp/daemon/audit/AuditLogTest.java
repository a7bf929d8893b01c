package dev.mfp.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.daemon.support.ManualClock;
import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** audit.md §4 in-process: segments, rollover, retention by bytes and by age (a fake clock), recovery, fail-open. */
class AuditLogTest {
    private Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("audit-test").resolve("audit");
    }

    @AfterEach
    void tearDown() throws IOException {
        TestDaemon.deleteTree(dir.getParent());
    }

    private static AuditRecord rec(int i) {
        return AuditRecord.call("p" + (i % 2), "mcsl.directory.create", "dir/" + i, i % 3 == 0 ? "file.not_found"
                : null);
    }

    private void write(AuditLog log, int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(rec(i));
            clock.advance(Duration.ofMillis(1));
        }
    }

    private List<String> segmentNames() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> targets(AuditLog.Page page) {
        return page.records().stream().map(AuditRecord::target).toList();
    }

    @Test
    void aRecordThatWouldExceedTheSegmentStartsTheNextOneAndQueriesRunNewestFirstAcrossSegments() throws IOException {
        try (AuditLog log = AuditLog.open(dir, new AuditSettings(30, 1L << 30), clock, 1024)) {
            write(log, 0, 40);
            List<String> names = segmentNames();
            assertThat(names.size()).isGreaterThan(3);
            assertThat(names.get(0)).isEqualTo("audit-000001.jsonl");
            assertThat(names).allMatch(n -> n.matches("audit-\\d{6}\\.jsonl"));
            for (String n : names) {
                assertThat(Files.size(dir.resolve(n))).isPositive().isLessThanOrEqualTo(1024);
                assertThat(Files.readString(dir.resolve(n))).endsWith("\n");
            }
            AuditLog.Page all = log.query(AuditFilter.ALL, 500, "*");
            assertThat(all.records()).hasSize(40);
            assertThat(targets(all).get(0)).isEqualTo("dir/39");
            assertThat(targets(all).get(39)).isEqualTo("dir/0");
            assertThat(all.droppedRecords()).isZero();
            // the cap keeps the newest, also when they span a segment boundary
            assertThat(targets(log.query(AuditFilter.ALL, 7, "*")))
                    .containsExactly("dir/39", "dir/38", "dir/37", "dir/36", "dir/35", "dir/34", "dir/33");
            AuditRecord first = all.records().get(39);
            assertThat(first.timestamp()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(first.permission()).isEqualTo("mcsl.directory.create");
            assertThat(first.succeeded()).isFalse();
            assertThat(first.errorCode()).isEqualTo("file.not_found");
            assertThat(all.records().get(38).succeeded()).isTrue();
            assertThat(all.records().get(38).errorCode()).isNull();
        }
    }

    @Test
    void filtersAndOwnerVisibility() {
        try (AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1024)) {
            write(log, 0, 10);
            assertThat(targets(log.query(AuditFilter.ALL, 100, "p1")))
                    .containsExactly("dir/9", "dir/7", "dir/5", "dir/3", "dir/1");
            assertThat(targets(log.query(new AuditFilter(null, null, "p0", null, null), 100, "p1"))).isEmpty();
            assertThat(targets(log.query(new AuditFilter(null, null, null, null, "dir/4"), 100, "*")))
                    .containsExactly("dir/4");
            Instant t2 = Instant.parse("2030-01-01T00:00:00.002Z");
            Instant t5 = Instant.parse("2030-01-01T00:00:00.005Z");
            assertThat(targets(log.query(new AuditFilter(t2, t5, null, null, null), 100, "*")))
                    .containsExactly("dir/5", "dir/4", "dir/3", "dir/2");
            assertThat(log.query(new AuditFilter(null, null, null, "mcsl.file.delete", null), 100, "*").records())
                    .isEmpty();
        }
    }

    @Test
    void theOldestClosedSegmentsGoWhileOverTheByteCap() throws IOException {
        try (AuditLog log = AuditLog.open(dir, new AuditSettings(30, 2048), clock, 1024)) {
            write(log, 0, 100);
            List<String> names = segmentNames();
            long total = 0;
            for (String n : names) {
                total += Files.size(dir.resolve(n));
            }
            assertThat(total).isLessThanOrEqualTo(2048 + 1024);
            assertThat(names).doesNotContain("audit-000001.jsonl");
            List<String> left = targets(log.query(AuditFilter.ALL, 500, "*"));
            assertThat(left).isNotEmpty().hasSizeLessThan(100);
            assertThat(left.get(0)).isEqualTo("dir/99");
        }
    }

    @Test
    void segmentsLastWrittenBeforeTheRetentionAgeAreDeleted() throws IOException {
        try (AuditLog log = AuditLog.open(dir, new AuditSettings(1, 1L << 30), clock, 1024)) {
            write(log, 0, 20);
            List<String> before = segmentNames();
            assertThat(before.size()).isGreaterThan(2);
            clock.advance(Duration.ofHours(23));
            write(log, 20, 21); // younger than a day: all stay
            assertThat(segmentNames()).containsAll(before);
            clock.advance(Duration.ofHours(2));
            write(log, 21, 22); // now the segments last written at the start are older than a day
            List<String> after = segmentNames();
            assertThat(after).doesNotContainAnyElementsOf(before.subList(0, before.size() - 1));
            Instant cutoff = clock.instant().minus(Duration.ofDays(1));
            for (String n : after.subList(0, after.size() - 1)) { // all but the active one are younger
                assertThat(Files.getLastModifiedTime(dir.resolve(n)).toInstant()).isAfterOrEqualTo(cutoff);
            }
            assertThat(targets(log.query(AuditFilter.ALL, 500, "*"))).startsWith("dir/21", "dir/20")
                    .doesNotContain("dir/0");
        }
        // the age also applies when the log is opened again
        clock.advance(Duration.ofDays(2));
        try (AuditLog log = AuditLog.open(dir, new AuditSettings(1, 1L << 30), clock, 1024)) {
            assertThat(segmentNames()).hasSize(1); // the newest (active) segment is never deleted
            write(log, 22, 23);
            assertThat(targets(log.query(AuditFilter.ALL, 1, "*"))).containsExactly("dir/22");
        }
    }

    @Test
    void anIncompleteLastLineIsCutAtOpenAndNumberingContinues() throws IOException {
        try (AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1024)) {
            write(log, 0, 8);
        }
        List<String> names = segmentNames();
        Path newest = dir.resolve(names.get(names.size() - 1));
        long size = Files.size(newest);
        Files.writeString(newest, "{\"timestamp\":\"2030-01-0", StandardOpenOption.APPEND);
        try (AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1024)) {
            assertThat(Files.size(newest)).isEqualTo(size);
            write(log, 8, 9);
            assertThat(targets(log.query(AuditFilter.ALL, 3, "*"))).containsExactly("dir/8", "dir/7", "dir/6");
            assertThat(segmentNames().get(0)).isEqualTo("audit-000001.jsonl");
        }
        for (String line : Files.readAllLines(newest, StandardCharsets.UTF_8)) {
            assertThat(line).startsWith("{\"timestamp\":").endsWith("}");
        }
    }

    @Test
    void aDamagedLineInTheMiddleIsSkipped() throws IOException {
        try (AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1L << 20)) {
            write(log, 0, 2);
            Files.writeString(dir.resolve("audit-000001.jsonl"), "not json\n{}\n", StandardOpenOption.APPEND);
            write(log, 2, 3); // its size was read at open: the foreign bytes are beyond it and not read
            assertThat(targets(log.query(AuditFilter.ALL, 10, "*"))).contains("dir/1", "dir/0");
        }
        try (AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1L << 20)) {
            assertThat(targets(log.query(AuditFilter.ALL, 10, "*"))).containsExactly("dir/2", "dir/1", "dir/0");
        }
    }

    @Test
    void writeFailuresAreCountedNotThrown() throws IOException {
        AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1024);
        TestDaemon.deleteTree(dir);
        Files.writeString(dir, "a file where the directory was");
        log.append(rec(1));
        log.append(rec(2));
        assertThat(log.droppedRecords()).isEqualTo(2);
        assertThat(log.query(AuditFilter.ALL, 10, "*").droppedRecords()).isEqualTo(2);
        log.close();
        log.append(rec(3)); // after close: dropped, not thrown
        assertThat(log.droppedRecords()).isEqualTo(3);
    }

    @Test
    void directoryAndSegmentsAreOwnerOnly() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (AuditLog log = AuditLog.open(dir, AuditSettings.defaults(), clock, 1024)) {
            write(log, 0, 1);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit-000001.jsonl"))))
                .isEqualTo("rw-------");
    }

    @Test
    void settingsAreValidated() throws Exception {
        var mapper = dev.mfp.protocol.json.Json.mapper();
        assertThat(AuditSettings.fromConfig(mapper.readTree("{}"))).isEqualTo(AuditSettings.defaults());
        assertThat(AuditSettings.fromConfig(mapper.readTree("{\"audit\":{\"retention_days\":2,\"maximum_bytes\":1024}}")))
                .isEqualTo(new AuditSettings(2, 1024));
        for (String bad : List.of("{\"audit\":{\"retention_days\":0}}", "{\"audit\":{\"maximum_bytes\":1023}}",
                "{\"audit\":{\"retention_days\":\"7\"}}", "{\"audit\":{\"retention_days\":1.5}}", "{\"audit\":3}",
                "{\"audit\":{\"maximum_bytes\":99999999999999999999}}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditSettings.fromConfig(mapper.readTree(bad)))
                    .as(bad).isInstanceOf(IOException.class);
        }
        // a literal dotted top-level key is not read (decisions.md #1)
        assertThat(AuditSettings.fromConfig(mapper.readTree("{\"audit.retention_days\":0}")))
                .isEqualTo(AuditSettings.defaults());
    }

}
