package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.download.DownloadManager;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.codec.PackedJson;
import java.util.UUID;

/** {@code file_download_range} and its alias {@code file_download_chunk} (actions.md §13). */
public final class DownloadRangeHandler implements ActionHandler<DownloadRangeHandler.Params, DownloadRangeHandler.Result> {
    public record Params(UUID fileId, String range) {
    }

    /**
     * {@code content}: the bytes packed as UTF-16BE code units, an odd length padded with one zero byte; written
     * straight from the bytes as an escaped ASCII JSON string ({@link PackedJson}).
     */
    public record Result(PackedJson.Packed content) {
    }

    private final DownloadManager downloads;

    public DownloadRangeHandler(DownloadManager downloads) {
        this.downloads = downloads;
    }

    @Override
    public Action action() {
        return Action.FILE_DOWNLOAD_RANGE;
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Result handle(Params p, RequestContext ctx) {
        UUID id = dev.mfp.daemon.api.v1.Params.require(p.fileId(), "file_id");
        String range = dev.mfp.daemon.api.v1.Params.require(p.range(), "range");
        return new Result(new PackedJson.Packed(downloads.range(id, range)));
    }
}
