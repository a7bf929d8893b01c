package dev.mfp.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.config.DaemonConfig;
import dev.mfp.daemon.event.EventBus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What features get to build themselves from. {@code configTree} is the whole {@code config.json} as loaded, for
 * a feature's own optional keys.
 */
public record DaemonContext(DaemonConfig config, JsonNode configTree, DaemonRoot root, EventBus events,
        ScheduledExecutorService scheduler, ExecutorService workers) {
}
