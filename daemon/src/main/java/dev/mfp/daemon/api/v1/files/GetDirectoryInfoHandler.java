package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileInfoService;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.DirectoryEntry;

/** {@code get_directory_info} (actions.md §7). */
public final class GetDirectoryInfoHandler implements ActionHandler<PathParams, DirectoryEntry> {
    private final FileInfoService service;

    public GetDirectoryInfoHandler(FileInfoService service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.GET_DIRECTORY_INFO;
    }

    @Override
    public Class<PathParams> paramsType() {
        return PathParams.class;
    }

    @Override
    public DirectoryEntry handle(PathParams p, RequestContext ctx) {
        return service.directoryInfo(p.requirePath());
    }
}
