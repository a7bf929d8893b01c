package dev.mfp.daemon.instance;

import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.protocol.model.InstanceStatus;
import dev.mfp.protocol.model.InstanceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The versioned list of instances (v2 instances.md §6): version 0 with what was loaded at start, then each commit —
 * an instance added, its (name, type, version, status, ready-timed-out) tuple changed, or removed — adds one to the
 * version and publishes one change, in commit order. The version lives in memory only.
 */
public final class InstanceCatalog {
    /** One instance as the catalog shows it. */
    public record Item(UUID instanceId, String name, InstanceType instanceType, String version, InstanceStatus status,
            boolean readyTimedOut) {
    }

    /**
     * A commit: the new version, the new item ({@code snapshot}) or null when the instance was removed, and the item
     * it replaced ({@code previous}, null for an instance the catalog did not hold yet).
     */
    public record Change(long version, UUID instanceId, Item snapshot, Item previous) {
        public Change(long version, UUID instanceId, Item snapshot) {
            this(version, instanceId, snapshot, null);
        }
    }

    /** The items sorted by the lower-case string form of their ids, at {@code version}. */
    public record Snapshot(long version, List<Item> items) {
    }

    private final EventBus bus;
    private final Map<UUID, Item> items = new HashMap<>();
    private long version;

    public InstanceCatalog(EventBus bus) {
        this.bus = bus;
    }

    synchronized void load(Item item) {
        items.put(item.instanceId(), item);
    }

    synchronized void upsert(Item item) {
        Item previous = items.get(item.instanceId());
        if (item.equals(previous)) {
            return;
        }
        items.put(item.instanceId(), item);
        bus.publish(DaemonEventType.INSTANCE_CATALOG_CHANGED, null,
                new Change(++version, item.instanceId(), item, previous));
    }

    synchronized void remove(UUID id) {
        Item previous = items.remove(id);
        if (previous != null) {
            bus.publish(DaemonEventType.INSTANCE_CATALOG_CHANGED, null, new Change(++version, id, null, previous));
        }
    }

    /** Updates only an instance still in the catalog (a late status change of a removed one is not a commit). */
    synchronized void update(Item item) {
        if (items.containsKey(item.instanceId())) {
            upsert(item);
        }
    }

    public synchronized Snapshot snapshot() {
        List<Item> list = new ArrayList<>(items.values());
        list.sort(Comparator.comparing(i -> i.instanceId().toString()));
        return new Snapshot(version, List.copyOf(list));
    }
}
