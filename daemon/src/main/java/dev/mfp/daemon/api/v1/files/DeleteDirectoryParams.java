package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.Params;

/** {@code {"path", "recursive"}} of delete_directory (actions.md §16); both required. */
public record DeleteDirectoryParams(String path, Boolean recursive) {
    public String requirePath() {
        return Params.require(path, "path");
    }

    public boolean requireRecursive() {
        return Params.require(recursive, "recursive");
    }
}
