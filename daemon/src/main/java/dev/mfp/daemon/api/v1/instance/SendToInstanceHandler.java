package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.api.v1.Params;
import dev.mfp.protocol.wire.Empty;
import java.util.UUID;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;

/** {@code send_to_instance}: one console line in the instance's input encoding (actions.md #29). */
public final class SendToInstanceHandler implements ActionHandler<SendToInstanceHandler.SendParams, Empty> {
    private final InstanceManager manager;

    public SendToInstanceHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.SEND_TO_INSTANCE;
    }

    @Override
    public Class<SendToInstanceHandler.SendParams> paramsType() {
        return SendToInstanceHandler.SendParams.class;
    }

    @Override
    public Empty handle(SendToInstanceHandler.SendParams params, RequestContext ctx) throws Exception {
        manager.get(params.id()).send(params.message());
        return Empty.INSTANCE;
    }

    public record SendParams(UUID id, String message) {
        public SendParams {
            Params.require(id, "id");
            Params.require(message, "message");
        }
    }
}
