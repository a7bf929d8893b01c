package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.Params;
import java.util.UUID;

/** {@code {"file_id": …}} of the cancel/close actions; a string that is no UUID reads as the zero UUID. */
public record FileIdParams(UUID fileId) {
    public UUID requireFileId() {
        return Params.require(fileId, "file_id");
    }
}
