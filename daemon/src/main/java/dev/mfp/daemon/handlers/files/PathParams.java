package dev.mfp.daemon.handlers.files;

import dev.mfp.daemon.action.Params;

/** {@code {"path": …}} of the single-path file actions. */
public record PathParams(String path) {
    public String requirePath() {
        return Params.require(path, "path");
    }
}
