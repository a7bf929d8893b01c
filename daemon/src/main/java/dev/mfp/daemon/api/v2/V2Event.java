package dev.mfp.daemon.api.v2;

import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.protocol.v2.V2PermissionSet;

/** The four built-in events (events.md §2) and who receives them (client-compat.md §4). */
enum V2Event {
    DAEMON_REPORT("mcsl.event.daemon.report", false, "mcsl.system.info.get"),
    INSTANCE_CATALOG_CHANGED("mcsl.event.instance.catalog.changed", false, "mcsl.instance.catalog.get",
            "mcsl.instance.report.list"),
    INSTANCE_LOG("mcsl.event.instance.log", true, "mcsl.instance.log.get"),
    NOTIFICATION("mcsl.event.notification", true);

    private final String wireName;
    private final boolean metaRequired;
    /** Any of these grants receives the event; none listed = every subscriber. */
    private final String[] deliveryPermissions;

    V2Event(String wireName, boolean metaRequired, String... deliveryPermissions) {
        this.wireName = wireName;
        this.metaRequired = metaRequired;
        this.deliveryPermissions = deliveryPermissions;
    }

    String wireName() {
        return wireName;
    }

    /** Meta presence "required" (else "omitted"). */
    boolean metaRequired() {
        return metaRequired;
    }

    boolean deliverableTo(V2PermissionSet grants) {
        if (deliveryPermissions.length == 0) {
            return true;
        }
        for (String p : deliveryPermissions) {
            if (grants.allows(p)) {
                return true;
            }
        }
        return false;
    }

    static V2Event byName(String name) {
        for (V2Event e : values()) {
            if (e.wireName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    static V2Event of(DaemonEventType type) {
        return switch (type) {
            case DAEMON_REPORT -> DAEMON_REPORT;
            case INSTANCE_CATALOG_CHANGED -> INSTANCE_CATALOG_CHANGED;
            case INSTANCE_LOG, INSTANCE_DAEMON_LOG -> INSTANCE_LOG;
            case NOTIFICATION -> NOTIFICATION;
        };
    }
}
