package dev.mfp.daemon;

import dev.mfp.daemon.config.DaemonConfig;
import dev.mfp.daemon.event.EventBus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What features get to build themselves from. */
public record DaemonContext(DaemonConfig config, DaemonRoot root, EventBus events, ScheduledExecutorService scheduler,
        ExecutorService workers) {
}
