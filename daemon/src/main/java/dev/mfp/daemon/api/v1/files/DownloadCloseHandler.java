package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.download.DownloadManager;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code file_download_close} (actions.md §14). */
public final class DownloadCloseHandler implements ActionHandler<FileIdParams, Empty> {
    private final DownloadManager downloads;

    public DownloadCloseHandler(DownloadManager downloads) {
        this.downloads = downloads;
    }

    @Override
    public Action action() {
        return Action.FILE_DOWNLOAD_CLOSE;
    }

    @Override
    public Class<FileIdParams> paramsType() {
        return FileIdParams.class;
    }

    @Override
    public Empty handle(FileIdParams p, RequestContext ctx) {
        downloads.close(p.requireFileId());
        return Empty.INSTANCE;
    }
}
