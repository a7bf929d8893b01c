package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileOperations;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code rename_directory} (actions.md §18). */
public final class RenameDirectoryHandler implements ActionHandler<RenameParams, Empty> {
    private final FileOperations service;

    public RenameDirectoryHandler(FileOperations service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.RENAME_DIRECTORY;
    }

    @Override
    public Class<RenameParams> paramsType() {
        return RenameParams.class;
    }

    @Override
    public Empty handle(RenameParams p, RequestContext ctx) {
        String path = p.requirePath();
        service.rename(path, p.requireNewName(), true);
        return Empty.INSTANCE;
    }
}
