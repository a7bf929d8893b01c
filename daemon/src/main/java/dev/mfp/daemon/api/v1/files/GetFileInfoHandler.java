package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileInfoService;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.FileMetadata;

/** {@code get_file_info} (actions.md §8): {@code {meta}}. */
public final class GetFileInfoHandler implements ActionHandler<PathParams, GetFileInfoHandler.Result> {
    public record Result(FileMetadata meta) {
    }

    private final FileInfoService service;

    public GetFileInfoHandler(FileInfoService service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.GET_FILE_INFO;
    }

    @Override
    public Class<PathParams> paramsType() {
        return PathParams.class;
    }

    @Override
    public GetFileInfoHandler.Result handle(PathParams p, RequestContext ctx) {
        return new Result(service.fileInfo(p.requirePath()));
    }
}
