package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileOperations;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code delete_directory} (actions.md §16). */
public final class DeleteDirectoryHandler implements ActionHandler<DeleteDirectoryParams, Empty> {
    private final FileOperations service;

    public DeleteDirectoryHandler(FileOperations service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.DELETE_DIRECTORY;
    }

    @Override
    public Class<DeleteDirectoryParams> paramsType() {
        return DeleteDirectoryParams.class;
    }

    @Override
    public Empty handle(DeleteDirectoryParams p, RequestContext ctx) {
        String path = p.requirePath();
        service.deleteDirectory(path, p.requireRecursive());
        return Empty.INSTANCE;
    }
}
