package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.Params;

/** {@code {"path", "new_name"}} of rename_file/rename_directory (actions.md §17–18). */
public record RenameParams(String path, String newName) {
    public String requirePath() {
        return Params.require(path, "path");
    }

    public String requireNewName() {
        return Params.require(newName, "new_name");
    }
}
