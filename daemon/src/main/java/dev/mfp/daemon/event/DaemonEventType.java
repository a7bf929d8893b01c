package dev.mfp.daemon.event;

/** What the core publishes; each front end renders the types it knows and ignores the rest. */
public enum DaemonEventType {
    /** Data: the line ({@link String}); instance id set. */
    INSTANCE_LOG,
    /** Data: a line the daemon writes about the instance (its lifecycle); instance id set. v2 only. */
    INSTANCE_DAEMON_LOG,
    /** Data: {@link DaemonReportData}; no instance id. */
    DAEMON_REPORT,
    /** Data: the front-end-neutral change record of the instance catalog; no instance id. */
    INSTANCE_CATALOG_CHANGED,
    /** Data: {@link NotificationData}; instance id = the source instance. */
    NOTIFICATION
}
