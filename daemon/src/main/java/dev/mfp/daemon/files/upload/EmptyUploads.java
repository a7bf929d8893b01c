package dev.mfp.daemon.files.upload;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Uploads of size 0, which are complete at the request (nothing is left to send). Their ids are remembered for the
 * session's idle timeout so that the one empty chunk some clients still send is answered {@code done: true} instead of
 * 21102. Bounded: the oldest id is forgotten first. Guarded by its own monitor.
 */
final class EmptyUploads {
    static final int MAX_REMEMBERED = 1024;

    private record Done(UUID connection, ChunkEncoding encoding, long expiresNanos) {
    }

    private final Map<UUID, Done> done = new LinkedHashMap<>();

    synchronized void remember(UUID id, UUID connection, ChunkEncoding encoding, long timeoutMillis) {
        if (done.size() >= MAX_REMEMBERED) {
            Iterator<UUID> oldest = done.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        long ttl = Math.min(timeoutMillis, UploadManager.MAX_LIFETIME_MS) * 1_000_000L;
        done.put(id, new Done(connection, encoding, System.nanoTime() + ttl));
    }

    /** The encoding of a remembered upload, or null. */
    synchronized ChunkEncoding encodingOf(UUID id) {
        Done d = done.get(id);
        return d == null ? null : d.encoding();
    }

    synchronized boolean contains(UUID id) {
        return done.containsKey(id);
    }

    /** Forgets {@code id}; true when it was remembered. */
    synchronized boolean take(UUID id) {
        return done.remove(id) != null;
    }

    synchronized void connectionClosed(UUID connection) {
        done.values().removeIf(d -> d.connection().equals(connection));
    }

    synchronized void sweep(long nowNanos) {
        done.values().removeIf(d -> nowNanos - d.expiresNanos() > 0);
    }
}
