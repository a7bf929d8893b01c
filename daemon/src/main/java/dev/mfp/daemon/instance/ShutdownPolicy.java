package dev.mfp.daemon.instance;

import java.util.Locale;

/**
 * What a graceful daemon shutdown does with running servers (extensions.md §4, config {@code shutdown_policy},
 * {@code --detach} for one run): {@code stop} them (the v1 and v2 behaviour), or {@code detach} from them — servers
 * whose console is kept in files run on for the next daemon to re-adopt.
 */
public enum ShutdownPolicy {
    STOP, DETACH;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of a config value; null means the default; IllegalArgumentException for anything else. */
    public static ShutdownPolicy parse(String value) {
        if (value == null) {
            return STOP;
        }
        for (ShutdownPolicy p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("config.json: shutdown_policy must be \"stop\" or \"detach\", not \""
                + value + "\"");
    }
}
