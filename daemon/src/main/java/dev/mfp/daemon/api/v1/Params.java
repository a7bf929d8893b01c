package dev.mfp.daemon.api.v1;

import dev.mfp.protocol.ActionError;

/** Small checks handlers use on bound parameter records. */
public final class Params {
    private Params() {
    }

    /** A required member that is missing or null is a Bad Param (11001). */
    public static <T> T require(T value, String name) {
        if (value == null) {
            throw ActionError.badParam("Missing param '" + name + "'");
        }
        return value;
    }
}
