package dev.mfp.daemon.event;

import dev.mfp.daemon.host.SystemInfoService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the daemon report every 3000 ms while someone listens; gathers nothing when nobody does. */
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
            if (bus.hasSubscribers(DaemonEventType.DAEMON_REPORT)) {
                bus.publish(DaemonEventType.DAEMON_REPORT, null, new DaemonReportData(systemInfo.get(), startTimeStamp));
            }
        } catch (RuntimeException e) {
            LOG.warn("daemon_report failed", e);
        }
    }
}
