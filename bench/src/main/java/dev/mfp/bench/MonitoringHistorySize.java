package dev.mfp.bench;

import dev.mfp.daemon.monitoring.Monitoring;
import dev.mfp.daemon.monitoring.MonitoringHistory;
import dev.mfp.daemon.monitoring.MonitoringSample;
import dev.mfp.daemon.monitoring.MonitoringSettings;
import dev.mfp.protocol.model.InstanceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Bytes the monitoring history (spec-v2 monitoring.md) takes per day at the default 15 s interval: writes a day of
 * samples for {@code n} instances (default 5) through {@link MonitoringHistory} into a temp directory and measures the
 * segments, beside the baseline of an empty daemon (0 instances). Values are varied like real ones (unrounded system
 * CPU and silent seconds, 2-decimal process CPU, sub-second timestamps). No lifecycle events: each transition adds
 * about 150 B once.
 *
 * <p>{@code java -cp bench/target/mfp-bench.jar dev.mfp.bench.MonitoringHistorySize [instances]}
 */
public final class MonitoringHistorySize {
    private MonitoringHistorySize() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long perDay = Duration.ofDays(1).toSeconds() / Monitoring.INTERVAL.toSeconds();
        long empty = day(0, perDay);
        long loaded = day(n, perDay);
        System.out.printf("records per day at %d s: %d%n", Monitoring.INTERVAL.toSeconds(), perDay);
        System.out.printf("empty daemon (baseline): %.1f B/record, %.2f MiB/day, %.1f MiB per 7 days%n",
                (double) empty / perDay, empty / 1048576.0, 7 * empty / 1048576.0);
        System.out.printf("%d instances: %.1f B/record, %.2f MiB/day, %.1f MiB per 7 days (cap %d MiB)%n", n,
                (double) loaded / perDay, loaded / 1048576.0, 7 * loaded / 1048576.0,
                MonitoringSettings.DEFAULT_MAXIMUM_BYTES >> 20);
    }

    private static long day(int instances, long records) throws Exception {
        Path dir = Files.createTempDirectory("mfp-monitoring-size").resolve("monitoring");
        Random r = new Random(42);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            ids.add(UUID.randomUUID());
        }
        Instant t = Instant.parse("2030-01-01T00:00:00.123456Z");
        try (MonitoringHistory h = MonitoringHistory.open(dir, MonitoringSettings.defaults(), Clock.systemUTC(),
                Monitoring.INTERVAL)) {
            for (long k = 0; k < records; k++) {
                List<MonitoringSample.InstanceSample> is = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    is.add(new MonitoringSample.InstanceSample(ids.get(i), "Survival server " + i,
                            InstanceStatus.RUNNING, Math.round(r.nextDouble() * 10000) / 100.0,
                            1_000_000_000L + r.nextInt(1 << 30), r.nextDouble() * 30));
                }
                h.append(new MonitoringSample(t, false, r.nextDouble() * 100, 12_000_000 + r.nextInt(4_000_000),
                        32_765_432, is, 512_110_190_592L, 201_326_592_000L - r.nextInt(1 << 30), List.of(), 0));
                t = t.plus(Monitoring.INTERVAL).plusNanos(r.nextInt(1000) * 1000L);
            }
        }
        long bytes;
        try (Stream<Path> s = Files.list(dir)) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        try (Stream<Path> s = Files.walk(dir.getParent())) {
            s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
        return bytes;
    }
}
