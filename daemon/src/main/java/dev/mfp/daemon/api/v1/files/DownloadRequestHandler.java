package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.download.DownloadManager;
import dev.mfp.protocol.Action;

/** {@code file_download_request} (actions.md §12). */
public final class DownloadRequestHandler implements ActionHandler<DownloadRequestHandler.Params, DownloadManager.Opened> {
    public record Params(String path, Long timeout) {
    }

    private final DownloadManager downloads;

    public DownloadRequestHandler(DownloadManager downloads) {
        this.downloads = downloads;
    }

    @Override
    public Action action() {
        return Action.FILE_DOWNLOAD_REQUEST;
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public DownloadManager.Opened handle(Params p, RequestContext ctx) {
        String path = dev.mfp.daemon.api.v1.Params.require(p.path(), "path");
        DownloadManager.Opened o = downloads.open(path, p.timeout(), ctx.connectionId(), SettingsVisibility.of(ctx));
        // one clean-up hook per connection (transport.md §5.2)
        ctx.attachment(DownloadRequestHandler.class, () -> {
            ctx.onClose(() -> downloads.connectionClosed(ctx.connectionId()));
            return this;
        });
        return o;
    }
}
