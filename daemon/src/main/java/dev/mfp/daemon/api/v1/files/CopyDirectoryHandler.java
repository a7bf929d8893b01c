package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileOperations;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code copy_directory} (actions.md §20–23). */
public final class CopyDirectoryHandler implements ActionHandler<TransferParams, Empty> {
    private final FileOperations service;

    public CopyDirectoryHandler(FileOperations service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.COPY_DIRECTORY;
    }

    @Override
    public Class<TransferParams> paramsType() {
        return TransferParams.class;
    }

    @Override
    public Empty handle(TransferParams p, RequestContext ctx) {
        String source = p.requireSource();
        service.transfer(source, p.requireDestination(), true, true, SettingsVisibility.of(ctx));
        return Empty.INSTANCE;
    }
}
