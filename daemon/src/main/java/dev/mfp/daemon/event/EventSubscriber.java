package dev.mfp.daemon.event;

/** A connection's front end as the event bus sees it. */
public interface EventSubscriber {
    /** Whether any event of {@code type} may reach this subscriber (cheap: decides if a report is gathered at all). */
    boolean wants(DaemonEventType type);

    /** Called with the bus's publication order; must not block (queue the rendering and return). */
    void onEvent(DaemonEvent event);
}
