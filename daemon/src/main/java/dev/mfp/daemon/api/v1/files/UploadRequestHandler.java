package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.upload.UploadManager;
import dev.mfp.protocol.Action;
import java.math.BigInteger;
import java.util.UUID;

/** {@code file_upload_request} (actions.md §9) with the optional {@code encoding} extension. */
public final class UploadRequestHandler implements ActionHandler<UploadRequestHandler.Params, UploadRequestHandler.Result> {
    /** {@code size} is read as an arbitrary integer so that huge sizes answer 21103, not 11001. */
    public record Params(String path, String sha1, Long timeout, BigInteger size, String encoding, Boolean resumable) {
    }

    public record Result(UUID fileId) {
    }

    private final UploadManager uploads;

    public UploadRequestHandler(UploadManager uploads) {
        this.uploads = uploads;
    }

    @Override
    public Action action() {
        return Action.FILE_UPLOAD_REQUEST;
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Result handle(Params p, RequestContext ctx) {
        UploadManager.Request r = uploads.validate(p.path(), p.size(), p.sha1(), p.timeout(), p.encoding(),
                p.resumable());
        UUID id = uploads.open(r, ctx.connectionId());
        // one clean-up hook per connection (transport.md §5.2)
        ctx.attachment(UploadRequestHandler.class, () -> {
            ctx.onClose(() -> uploads.connectionClosed(ctx.connectionId()));
            return this;
        });
        return new Result(id);
    }
}
