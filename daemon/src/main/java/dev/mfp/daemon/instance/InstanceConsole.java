package dev.mfp.daemon.instance;

import dev.mfp.daemon.event.EventBus;
import java.util.List;
import java.util.UUID;

/**
 * The console of one instance: every line goes into the history ring and out as an event, in one order per
 * instance. Its lock covers only that pair, never the lifecycle's state.
 */
final class InstanceConsole {
    private final UUID id;
    private final EventBus bus;
    private final ConsoleRing ring;
    private final Object lock = new Object();

    InstanceConsole(UUID id, EventBus bus, InstanceSettings settings) {
        this.id = id;
        this.bus = bus;
        this.ring = new ConsoleRing(settings.logHistoryLines(), settings.logHistoryBytes());
    }

    void publish(String line) {
        synchronized (lock) {
            ring.add(line);
            bus.publishInstanceLog(id, line);
        }
    }

    List<String> history() {
        return ring.snapshot();
    }
}
