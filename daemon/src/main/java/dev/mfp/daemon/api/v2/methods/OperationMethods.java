package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** {@code mcsl.operation.list/get/cancel} (operations.md §4, §5) over the core's {@link Operations}. */
public final class OperationMethods {
    /** All optional; {@code {}} is still {@code -32602} (rpc.md §5). */
    static final RpcObjectType LIST = RpcObjectType.of(optional("owner_principal", RpcType.nullable(RpcType.STRING)));
    static final RpcObjectType BY_ID = RpcObjectType.of(required("operation_id", RpcType.UUID),
            optional("owner_principal", RpcType.nullable(RpcType.STRING)));

    private OperationMethods() {
    }

    public static void register(V2Methods m, Operations ops) {
        m.onInline("mcsl.operation.list", LIST, (p, s) -> Map.of("operations",
                ops.list(owner(s)).stream().map(OperationSnapshot::toJson).toList()))
                .onInline("mcsl.operation.get", BY_ID, (p, s) -> visible(ops, p, s).toJson())
                .on("mcsl.operation.cancel", BY_ID, (p, s) -> {
                    OperationSnapshot op = visible(ops, p, s);
                    boolean requested;
                    try {
                        requested = ops.cancel(op.operationId());
                    } catch (OperationError e) {
                        throw error(e);
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("operation_id", op.operationId().toString());
                    r.put("cancel_requested", requested);
                    return r;
                });
    }

    /** §4: the main token sees everything ({@code *}); any other connection its own subject's operations. */
    static String owner(V2Session s) {
        return s.isMainToken() ? Operations.EVERYONE : principal(s);
    }

    /** The bound principal an operation is owned by ({@code daemon-main} for the main token). */
    static String principal(V2Session s) {
        String subject = s.subject();
        return subject == null || subject.isEmpty() ? "(unknown)" : subject;
    }

    private static OperationSnapshot visible(Operations ops, ObjectNode p, V2Session s) {
        UUID id = UUID.fromString(p.get("operation_id").textValue());
        OperationSnapshot op = ops.get(id).orElseThrow(() -> V2Error.notFound("operation.not_found"));
        String owner = owner(s);
        if (!Operations.EVERYONE.equals(owner) && !op.ownerPrincipal().equals(owner)) {
            throw new V2Error("operation.forbidden", DaemonErrorKind.PERMISSION);
        }
        return op;
    }

    static V2Error error(OperationError e) {
        return new V2Error(e.code(), e.kind(), e.getMessage());
    }
}
