package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v2.V2Error;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.backup.BackupManifest;
import dev.mfp.daemon.backup.BackupRestore;
import dev.mfp.daemon.plan.PlanError;
import dev.mfp.protocol.v2.rpc.Durations;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.daemon.backup.BackupService;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/** {@code mcsl.backup.list/create/prune} (backups.md §2, §3.1–§3.3) over the core's {@link BackupService}. */
public final class BackupMethods {
    /** All optional; {@code {}} is still {@code -32602} (rpc.md §5). */
    static final RpcObjectType LIST = RpcObjectType.of(optional("instance_id", RpcType.nullable(RpcType.UUID)),
            optional("owner_principal", RpcType.nullable(RpcType.STRING)));
    /** backups.md §3.2, plus {@code live} (extensions.md §1). */
    static final RpcObjectType CREATE = RpcObjectType.of(required("instance_id", RpcType.UUID),
            required("maintenance", RpcType.BOOL), required("owner_principal", RpcType.STRING),
            optional("live", RpcType.BOOL));
    static final RpcObjectType PRUNE = RpcObjectType.of(required("owner_principal", RpcType.STRING));
    static final RpcObjectType RESTORE_PLAN = RpcObjectType.of(required("archive_id", RpcType.UUID),
            required("instance_id", RpcType.UUID), required("creator_principal", RpcType.STRING),
            optional("idempotency_key", RpcType.nullable(RpcType.STRING)),
            optional("expiry", RpcType.nullable(RpcType.DURATION)));
    static final RpcObjectType RESTORE_CONFIRM = RpcObjectType.of(required("plan_id", RpcType.UUID),
            required("plan_hash", RpcType.STRING), required("confirmer_principal", RpcType.STRING));
    static final RpcObjectType RESTORE_EXECUTE = RpcObjectType.of(required("plan_id", RpcType.UUID),
            required("executor_principal", RpcType.STRING));

    private BackupMethods() {
    }

    public static void register(V2Methods m, BackupService backups, BackupRestore restore) {
        m.on("mcsl.backup.restore.plan", RESTORE_PLAN, (p, s) -> guarded(() -> {
            JsonNode key = p.get("idempotency_key");
            JsonNode expiry = p.get("expiry");
            return restore.plan(UUID.fromString(p.get("archive_id").textValue()),
                    UUID.fromString(p.get("instance_id").textValue()), OperationMethods.principal(s),
                    key == null || key.isNull() ? null : key.textValue(),
                    expiry == null || expiry.isNull() ? null : Durations.parse(expiry.textValue())).toJson();
        })).on("mcsl.backup.restore.confirm", RESTORE_CONFIRM, (p, s) -> {
            String hash = p.get("plan_hash").textValue();
            if (hash.isBlank()) {
                throw new InvalidParamsException("plan_hash must not be empty"); // decisions.md #15
            }
            return guarded(() -> restore.confirm(UUID.fromString(p.get("plan_id").textValue()), hash,
                    OperationMethods.principal(s)).toJson());
        }).on("mcsl.backup.restore.execute", RESTORE_EXECUTE, (p, s) -> guarded(() -> {
            String planId = p.get("plan_id").textValue();
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("plan_id", planId);
            r.put("operation_id", restore.execute(UUID.fromString(planId), OperationMethods.principal(s))
                    .operationId().toString());
            return r;
        }));
        m.onInline("mcsl.backup.list", LIST, (p, s) -> {
            JsonNode id = p.get("instance_id");
            UUID filter = id == null || id.isNull() ? null : UUID.fromString(id.textValue());
            return Map.of("archives", backups.list(filter).stream().map(BackupManifest::toJson).toList());
        }).on("mcsl.backup.create", CREATE, (p, s) -> {
            // §2: the owner is the connection subject (daemon-main for the main token, never *)
            boolean live = p.has("live") && p.get("live").booleanValue();
            if (live && p.get("maintenance").booleanValue()) {
                throw new dev.mfp.protocol.v2.rpc.InvalidParamsException("maintenance and live are exclusive");
            }
            try {
                return Map.of("operation_id", backups.create(UUID.fromString(p.get("instance_id").textValue()),
                        p.get("maintenance").booleanValue(), live, OperationMethods.principal(s)).operationId()
                        .toString());
            } catch (OperationError e) {
                throw OperationMethods.error(e);
            }
        }).on("mcsl.backup.prune", PRUNE, (p, s) -> {
            try {
                return Map.of("removed_archive_ids", backups.prune().stream().map(UUID::toString).toList());
            } catch (IOException e) {
                throw new V2Error("backup.prune_failed", DaemonErrorKind.STORAGE, e.toString());
            }
        });
    }

    interface Call {
        Object call() throws IOException;
    }

    /** Core errors as the wire answers them. */
    static Object guarded(Call c) {
        try {
            return c.call();
        } catch (OperationError e) {
            throw OperationMethods.error(e);
        } catch (PlanError e) {
            throw new V2Error(e.code(), e.kind());
        } catch (IOException e) {
            throw new V2Error("plan.persist_failed", DaemonErrorKind.INTERNAL, e.toString());
        }
    }
}
