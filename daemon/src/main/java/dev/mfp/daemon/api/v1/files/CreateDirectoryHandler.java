package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileOperations;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code create_directory} (actions.md §19). */
public final class CreateDirectoryHandler implements ActionHandler<PathParams, Empty> {
    private final FileOperations service;

    public CreateDirectoryHandler(FileOperations service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.CREATE_DIRECTORY;
    }

    @Override
    public Class<PathParams> paramsType() {
        return PathParams.class;
    }

    @Override
    public Empty handle(PathParams p, RequestContext ctx) {
        service.createDirectory(p.requirePath());
        return Empty.INSTANCE;
    }
}
