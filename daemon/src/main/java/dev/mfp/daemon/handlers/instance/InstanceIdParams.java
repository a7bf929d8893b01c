package dev.mfp.daemon.handlers.instance;

import dev.mfp.daemon.action.Params;
import java.util.UUID;

/** {@code {"id": uuid}} — the params of most instance actions. */
public record InstanceIdParams(UUID id) {
    public InstanceIdParams {
        Params.require(id, "id");
    }
}
