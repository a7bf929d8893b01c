package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.upload.UploadManager;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code file_upload_cancel} (actions.md §11). */
public final class UploadCancelHandler implements ActionHandler<FileIdParams, Empty> {
    private final UploadManager uploads;

    public UploadCancelHandler(UploadManager uploads) {
        this.uploads = uploads;
    }

    @Override
    public Action action() {
        return Action.FILE_UPLOAD_CANCEL;
    }

    @Override
    public Class<FileIdParams> paramsType() {
        return FileIdParams.class;
    }

    @Override
    public Empty handle(FileIdParams p, RequestContext ctx) {
        uploads.cancel(p.requireFileId());
        return Empty.INSTANCE;
    }
}
