package dev.mfp.daemon.transport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections, so that shutdown can close them with 1001 (and for the connection metrics). */
public final class ConnectionRegistry {
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    void add(Connection c) {
        open.add(c);
    }

    void remove(Connection c) {
        open.remove(c);
    }

    public List<Connection> snapshot() {
        return List.copyOf(open);
    }

    public int size() {
        return open.size();
    }

    /** The open connections of one endpoint ({@link Endpoint#api()}). */
    public int count(String api) {
        int n = 0;
        for (Connection c : open) {
            if (c.api().equals(api)) {
                n++;
            }
        }
        return n;
    }
}
