package dev.mfp.daemon.api.v1.instance;

import dev.mfp.daemon.api.v1.Params;
import java.util.UUID;

/** {@code {"id": uuid}} — the params of most instance actions. */
public record InstanceIdParams(UUID id) {
    public InstanceIdParams {
        Params.require(id, "id");
    }
}
