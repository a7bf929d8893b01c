package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.provisioning.Provisioning;
import dev.mfp.protocol.v2.rpc.Durations;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** {@code mcsl.provisioning.resolve/get/execute} (provisioning.md §3–§5) over the core's {@link Provisioning}. */
public final class ProvisioningMethods {
    static final RpcType PROVIDER = RpcType.enumOf("vanilla", "paper", "fabric", "forge", "neo_forge", "quilt");
    static final RpcObjectType RESOLVE = RpcObjectType.of(required("provider", PROVIDER),
            required("instance_name", RpcType.STRING), required("minecraft_version", RpcType.STRING),
            required("source", RpcType.nullable(RpcType.STRING)),
            required("mirror", RpcType.enumOf("none", "bmcl_api")),
            required("java_path", RpcType.nullable(RpcType.STRING)),
            required("creator_principal", RpcType.STRING),
            optional("idempotency_key", RpcType.nullable(RpcType.STRING)),
            optional("expiry", RpcType.nullable(RpcType.DURATION)));
    static final RpcObjectType GET = RpcObjectType.of(required("plan_id", RpcType.UUID),
            optional("owner_principal", RpcType.nullable(RpcType.STRING)));
    static final RpcObjectType EXECUTE = RpcObjectType.of(required("plan_id", RpcType.UUID),
            required("executor_principal", RpcType.STRING));
    /** What one plan may carry: the plans index holds up to provisioning.max_plans of them. */
    static final int MAX_TEXT = 1024;
    static final int MAX_SOURCE = 8192;

    private ProvisioningMethods() {
    }

    public static void register(V2Methods m, Provisioning provisioning) {
        m.on("mcsl.provisioning.resolve", RESOLVE, (p, s) -> {
            String source = text(p, "source", MAX_SOURCE);
            String key = text(p, "idempotency_key", MAX_TEXT);
            JsonNode expiry = p.get("expiry");
            String name = text(p, "instance_name", MAX_TEXT);
            String version = text(p, "minecraft_version", MAX_TEXT);
            String java = text(p, "java_path", MAX_SOURCE);
            return BackupMethods.guarded(() -> provisioning.resolve(p.get("provider").textValue(), name, version,
                    source, p.get("mirror").textValue(), java, OperationMethods.principal(s), key,
                    expiry == null || expiry.isNull() ? null : Durations.parse(expiry.textValue())).toJson());
        }).on("mcsl.provisioning.get", GET, (p, s) -> BackupMethods.guarded(() -> provisioning.get(
                UUID.fromString(p.get("plan_id").textValue()), OperationMethods.principal(s)).toJson()))
                .on("mcsl.provisioning.execute", EXECUTE, (p, s) -> BackupMethods.guarded(() -> {
                    String planId = p.get("plan_id").textValue();
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("plan_id", planId);
                    r.put("operation_id", provisioning.execute(UUID.fromString(planId),
                            OperationMethods.principal(s)).operationId().toString());
                    return r;
                }));
    }

    private static String text(ObjectNode p, String name, int max) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        String t = v.textValue();
        if (t.length() > max) {
            throw new InvalidParamsException(name + " is longer than " + max + " characters");
        }
        return t;
    }
}
