package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.Params;

/** {@code {"source_path", "destination_path"}} of move/copy (actions.md §20–23). */
public record TransferParams(String sourcePath, String destinationPath) {
    public String requireSource() {
        return Params.require(sourcePath, "source_path");
    }

    public String requireDestination() {
        return Params.require(destinationPath, "destination_path");
    }
}
