package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.optional;
import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.monitoring.MonitoringHistory;
import dev.mfp.daemon.monitoring.MonitoringSample;
import dev.mfp.protocol.v2.rpc.DateTimes;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code mcsl.monitoring.current.get} and {@code mcsl.monitoring.query} (monitoring.md §3): system-wide. */
public final class MonitoringMethods {
    public static final int DEFAULT_POINTS = 500;
    public static final int MAXIMUM_POINTS = 2000;
    static final RpcObjectType QUERY = RpcObjectType.of(
            required("not_before", RpcType.DATE_TIME),
            required("not_after", RpcType.DATE_TIME),
            optional("maximum_points", RpcType.nullable(RpcType.INT32)));

    private MonitoringMethods() {
    }

    public static void register(V2Methods m, MonitoringHistory history) {
        m.on("mcsl.monitoring.current.get", RpcObjectType.EMPTY, (p, s) -> {
            MonitoringSample latest = history.latest();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sample", latest == null ? null : latest.toJson());
            result.put("dropped_records", history.droppedRecords());
            return result;
        }).on("mcsl.monitoring.query", QUERY, (p, s) -> query(history, p));
    }

    private static Object query(MonitoringHistory history, ObjectNode p) {
        JsonNode max = p.get("maximum_points");
        int cap = max == null || max.isNull() ? DEFAULT_POINTS
                : Math.max(1, Math.min(MAXIMUM_POINTS, max.intValue()));
        MonitoringHistory.Page page = history.query(DateTimes.parseInstant(p.get("not_before").textValue()),
                DateTimes.parseInstant(p.get("not_after").textValue()), cap);
        List<ObjectNode> samples = page.samples().stream().map(MonitoringSample::toJson).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("samples", samples);
        result.put("dropped_records", page.droppedRecords());
        return result;
    }
}
