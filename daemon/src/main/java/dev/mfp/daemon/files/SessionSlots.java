package dev.mfp.daemon.files;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Counts open transfer sessions (uploads, downloads) per connection and daemon-wide, so that one client cannot hold
 * an unbounded number of them (each has an open file and memory). Each transfer core (one per protocol and kind)
 * has its own and is its only user.
 */
public final class SessionSlots {
    private final int perConnection;
    private final int total;
    private final Map<UUID, Integer> byConnection = new HashMap<>();
    private int used;

    public SessionSlots(int perConnection, int total) {
        this.perConnection = perConnection;
        this.total = total;
    }

    public int perConnection() {
        return perConnection;
    }

    public int total() {
        return total;
    }

    /** Takes a slot for {@code connection}; false when it or the daemon has no slot left. */
    public synchronized boolean tryAcquire(UUID connection) {
        int mine = byConnection.getOrDefault(connection, 0);
        if (mine >= perConnection || used >= total) {
            return false;
        }
        byConnection.put(connection, mine + 1);
        used++;
        return true;
    }

    public synchronized void release(UUID connection) {
        Integer mine = byConnection.get(connection);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            byConnection.remove(connection);
        } else {
            byConnection.put(connection, mine - 1);
        }
        used--;
    }
}
