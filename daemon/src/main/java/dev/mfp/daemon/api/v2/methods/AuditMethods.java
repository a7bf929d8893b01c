package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.api.v2.V2Session;
import dev.mfp.daemon.audit.AuditFilter;
import dev.mfp.daemon.audit.AuditLog;
import dev.mfp.daemon.audit.AuditRecord;
import dev.mfp.protocol.v2.rpc.DateTimes;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mcsl.audit.query} (audit.md §5) over the core's {@link AuditLog}. */
public final class AuditMethods {
    public static final int DEFAULT_RECORDS = 100;
    public static final int MAXIMUM_RECORDS = 500;
    /** Every member optional and nullable; {@code {}} is still {@code -32602} (rpc.md §5). */
    static final RpcObjectType QUERY = RpcObjectType.of(
            optional("maximum_records", RpcType.nullable(RpcType.INT32)),
            optional("not_before", RpcType.nullable(RpcType.DATE_TIME)),
            optional("not_after", RpcType.nullable(RpcType.DATE_TIME)),
            optional("principal", RpcType.nullable(RpcType.STRING)),
            optional("method", RpcType.nullable(RpcType.STRING)),
            optional("target", RpcType.nullable(RpcType.STRING)),
            optional("owner_principal", RpcType.nullable(RpcType.STRING)));
    /** The owner that sees every record (models.md §4). */
    static final String EVERYONE = "*";

    private AuditMethods() {
    }

    public static void register(V2Methods m, AuditLog audit) {
        m.on("mcsl.audit.query", QUERY, (p, s) -> query(audit, p, s));
    }

    private static Object query(AuditLog audit, ObjectNode p, V2Session s) {
        JsonNode max = p.get("maximum_records");
        int limit = max == null || max.isNull() ? DEFAULT_RECORDS
                : Math.max(1, Math.min(MAXIMUM_RECORDS, max.intValue()));
        AuditFilter filter = new AuditFilter(time(p, "not_before"), time(p, "not_after"), text(p, "principal"),
                text(p, "method"), text(p, "target"));
        // owner_principal is ignored: the daemon binds the owner to the connection
        String owner = s.isMainToken() ? EVERYONE : s.subject();
        AuditLog.Page page = audit.query(filter, limit, owner == null ? AuditRecord.UNKNOWN_PRINCIPAL : owner);
        List<ObjectNode> records = page.records().stream().map(AuditRecord::toJson).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", records);
        result.put("dropped_records", page.droppedRecords());
        return result;
    }

    private static String text(ObjectNode p, String member) {
        JsonNode v = p.get(member);
        return v == null || v.isNull() ? null : v.textValue();
    }

    private static Instant time(ObjectNode p, String member) {
        String v = text(p, member);
        return v == null ? null : DateTimes.parseInstant(v);
    }
}
