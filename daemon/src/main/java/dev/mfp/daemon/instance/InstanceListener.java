package dev.mfp.daemon.instance;

import dev.mfp.protocol.model.InstanceStatus;
import java.time.ZonedDateTime;

/**
 * What the instance's rule engine watches (it is the instance's one listener). {@code onLine} runs on a reader
 * thread and must not block.
 */
public interface InstanceListener {
    InstanceListener NONE = new InstanceListener() {
    };

    default void onLine(String line) {
    }

    /** Delivered in order, off the instance's lock. */
    default void onStatus(InstanceStatus from, InstanceStatus to) {
    }

    /** A second of the schedule clock passed (the daemon's one ticker, for every instance). */
    default void tick(ZonedDateTime second) {
    }

    /** Replaced or detached: nothing more will be delivered. */
    default void close() {
    }
}
