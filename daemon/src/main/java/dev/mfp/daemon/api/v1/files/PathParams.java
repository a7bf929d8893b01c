package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.Params;

/** {@code {"path": …}} of the single-path file actions. */
public record PathParams(String path) {
    public String requirePath() {
        return Params.require(path, "path");
    }
}
