package dev.mfp.daemon.instance;

import dev.mfp.protocol.model.InstanceStatus;

/** What the rule engine watches. {@code onLine} runs on a reader thread and must not block. */
public interface InstanceListener {
    InstanceListener NONE = new InstanceListener() {
    };

    default void onLine(String line) {
    }

    /** Delivered in order, off the instance's lock. */
    default void onStatus(InstanceStatus from, InstanceStatus to) {
    }
}
