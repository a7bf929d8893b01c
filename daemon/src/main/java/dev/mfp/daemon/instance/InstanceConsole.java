package dev.mfp.daemon.instance;

import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.EventBus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The console of one instance: every line goes into the history ring and out as an event, in one order per
 * instance. Its lock covers only that pair, never the lifecycle's state.
 *
 * <p>Besides the process's lines the ring holds the daemon's own lifecycle lines (v2 events.md §4.1: "[MCSL] Instance
 * starting." …), known by identity, so that v1, whose history and events are the process's lines only, never sees
 * them.
 */
final class InstanceConsole {
    private final UUID id;
    private final EventBus bus;
    private final ConsoleRing ring;
    private final Object lock = new Object();
    /** The daemon lines in the ring, by identity (a few per run; pruned of evicted ones). Guarded by lock. */
    private final Set<String> daemonLines = Collections.newSetFromMap(new IdentityHashMap<>());

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

    /** A line an earlier daemon run already published (re-adoption): history only, no event. */
    void seed(String line) {
        synchronized (lock) {
            ring.add(line);
        }
    }

    /** A line of the daemon about this instance: history and events of v2 only. */
    void publishDaemonLine(String text) {
        String line = new String(text); // its own identity
        synchronized (lock) {
            ring.add(line);
            daemonLines.add(line);
            if (daemonLines.size() > 64) {
                Set<String> held = Collections.newSetFromMap(new IdentityHashMap<>());
                held.addAll(ring.snapshot());
                daemonLines.retainAll(held);
            }
            bus.publish(DaemonEventType.INSTANCE_DAEMON_LOG, id, line);
        }
    }

    /** The process's lines (v1). */
    List<String> history() {
        synchronized (lock) {
            List<String> all = ring.snapshot();
            if (daemonLines.isEmpty()) {
                return all;
            }
            List<String> out = new ArrayList<>(all.size());
            for (String l : all) {
                if (!daemonLines.contains(l)) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    /** The process's and the daemon's lines, without blank ones (v2 events.md §4.1). */
    List<String> historyWithDaemonLines() {
        List<String> all = ring.snapshot();
        List<String> out = new ArrayList<>(all.size());
        for (String l : all) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }
}
