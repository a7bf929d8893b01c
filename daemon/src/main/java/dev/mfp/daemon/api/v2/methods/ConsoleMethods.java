package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.console.ConsoleService;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/** {@code mcsl.instance.console.open}, {@code .resize} and {@code .close} (console.md §2–§3). */
public final class ConsoleMethods {
    static final RpcObjectType OPEN = RpcObjectType.of(required("instance_id", RpcType.UUID),
            optional("columns", RpcType.UINT16), optional("rows", RpcType.UINT16),
            optional("replay_history", RpcType.nullable(RpcType.BOOL)));
    static final RpcObjectType RESIZE = RpcObjectType.of(required("session_id", RpcType.UUID),
            required("columns", RpcType.UINT16), required("rows", RpcType.UINT16));
    static final RpcObjectType CLOSE = RpcObjectType.of(required("session_id", RpcType.UUID));

    private ConsoleMethods() {
    }

    public static void register(V2Methods m, InstancesFeature instances, ExecutorService workers) {
        ConsoleService console = new ConsoleService(instances.manager(), workers);
        m.on("mcsl.instance.console.open", OPEN, (p, s) -> {
            // client-compat.md §7: absent means no replay; console.md §2: true (and an explicit null) replays
            JsonNode r = p.get("replay_history");
            boolean replay = r != null && (r.isNull() || r.booleanValue());
            return console.open(s, UUID.fromString(p.get("instance_id").textValue()),
                    p.has("columns") ? p.get("columns").intValue() : ConsoleService.DEFAULT_COLUMNS,
                    p.has("rows") ? p.get("rows").intValue() : ConsoleService.DEFAULT_ROWS, replay);
        }).on("mcsl.instance.console.resize", RESIZE, (p, s) -> console.resize(s,
                UUID.fromString(p.get("session_id").textValue()), p.get("columns").intValue(),
                p.get("rows").intValue()))
                .onInline("mcsl.instance.console.close", CLOSE,
                        (p, s) -> console.close(s, UUID.fromString(p.get("session_id").textValue())));
    }
}
