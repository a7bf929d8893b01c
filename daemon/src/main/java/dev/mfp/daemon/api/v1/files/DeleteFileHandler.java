package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileOperations;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code delete_file} (actions.md §15). */
public final class DeleteFileHandler implements ActionHandler<PathParams, Empty> {
    private final FileOperations service;

    public DeleteFileHandler(FileOperations service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.DELETE_FILE;
    }

    @Override
    public Class<PathParams> paramsType() {
        return PathParams.class;
    }

    @Override
    public Empty handle(PathParams p, RequestContext ctx) {
        service.deleteFile(p.requirePath());
        return Empty.INSTANCE;
    }
}
