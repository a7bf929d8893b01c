package dev.mfp.daemon.api.v1.files;

import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.files.FileOperations;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;

/** {@code move_file} (actions.md §20–23). */
public final class MoveFileHandler implements ActionHandler<TransferParams, Empty> {
    private final FileOperations service;

    public MoveFileHandler(FileOperations service) {
        this.service = service;
    }

    @Override
    public Action action() {
        return Action.MOVE_FILE;
    }

    @Override
    public Class<TransferParams> paramsType() {
        return TransferParams.class;
    }

    @Override
    public Empty handle(TransferParams p, RequestContext ctx) {
        String source = p.requireSource();
        service.transfer(source, p.requireDestination(), false, false);
        return Empty.INSTANCE;
    }
}
