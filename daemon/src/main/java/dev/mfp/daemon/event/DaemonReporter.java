package dev.mfp.daemon.event;

import dev.mfp.daemon.host.SystemInfoService;
import dev.mfp.protocol.model.DaemonReport;
import dev.mfp.protocol.model.EventType;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits {@code daemon_report} every 3000 ms to subscribers only; gathers nothing when nobody listens. */
public final class DaemonReporter {
    public static final long PERIOD_MS = 3000;
    private static final Logger LOG = LoggerFactory.getLogger(DaemonReporter.class);

    private final EventBus bus;
    private final SystemInfoService systemInfo;
    private final long startTimeStamp;
    private ScheduledFuture<?> task;

    public DaemonReporter(EventBus bus, SystemInfoService systemInfo, long startTimeStamp) {
        this.bus = bus;
        this.systemInfo = systemInfo;
        this.startTimeStamp = startTimeStamp;
    }

    public void start(ScheduledExecutorService scheduler) {
        task = scheduler.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        try {
            if (bus.hasSubscribers(EventType.DAEMON_REPORT)) {
                DaemonReport report = DaemonReport.of(systemInfo.get(), startTimeStamp);
                bus.publish(EventType.DAEMON_REPORT, null, null, new ReportData(report));
            }
        } catch (RuntimeException e) {
            LOG.warn("daemon_report failed", e);
        }
    }

    /** {@code {"report": DaemonReport}}. */
    public record ReportData(DaemonReport report) {
    }
}
