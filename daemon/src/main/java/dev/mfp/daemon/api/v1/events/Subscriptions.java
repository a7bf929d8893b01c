package dev.mfp.daemon.api.v1.events;

import dev.mfp.protocol.model.EventType;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection's event filters (events.md §3): type → set of metas. The only meta in v1 is the
 * {@code instance_id} of {@code instance_log}, so a meta is represented by that UUID; a type without metas
 * ({@code daemon_report}) maps to an empty set.
 */
public final class Subscriptions {
    /** Most metas one connection may hold for one type (hardening item 12). */
    public static final int MAX_METAS_PER_TYPE = 256;
    private final Map<EventType, Set<UUID>> byType = new ConcurrentHashMap<>();

    /**
     * Adds the type and, if given, the meta. Returns false, changing nothing, when the meta is new and the type
     * already holds {@link #MAX_METAS_PER_TYPE} metas.
     */
    public boolean subscribe(EventType type, UUID meta) {
        boolean[] added = {true};
        byType.compute(type, (t, metas) -> {
            Set<UUID> set = metas != null ? metas : ConcurrentHashMap.newKeySet();
            if (meta != null && !set.contains(meta)) {
                if (set.size() >= MAX_METAS_PER_TYPE) {
                    added[0] = false;
                } else {
                    set.add(meta);
                }
            }
            return set;
        });
        return added[0];
    }

    /** A null meta removes the type; otherwise the meta, and the whole type if it had at most one meta (C# rule). */
    public void unsubscribe(EventType type, UUID meta) {
        if (meta == null) {
            byType.remove(type);
            return;
        }
        byType.computeIfPresent(type, (t, metas) -> {
            if (metas.size() <= 1) {
                return null;
            }
            metas.remove(meta);
            return metas;
        });
    }

    public boolean isSubscribed(EventType type) {
        return byType.containsKey(type);
    }

    /** Whether an event of {@code type} with this meta (null for meta-less events) is delivered. */
    public boolean accepts(EventType type, UUID meta) {
        Set<UUID> metas = byType.get(type);
        if (metas == null) {
            return false;
        }
        return meta == null || metas.contains(meta);
    }

    public void clear() {
        byType.clear();
    }
}
