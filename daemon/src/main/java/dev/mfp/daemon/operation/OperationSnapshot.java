package dev.mfp.daemon.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.DateTimes;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/** An immutable OperationSnapshot (operations.md §2). */
public record OperationSnapshot(UUID operationId, String kind, String target, String ownerPrincipal,
        OperationStatus status, OperationStage stage, OperationProgress progress, long version, Instant createdAt,
        Instant updatedAt, Instant completedAt, boolean cancellable, String errorCode, String errorMessage,
        String resultReference) {
    public static final String CANCELLED_CODE = "operation.cancelled";
    public static final String CANCELLED_MESSAGE = "The operation was cancelled.";
    public static final String INTERRUPTED_CODE = "operation.interrupted";
    public static final String FAILED_CODE = "operation.failed";
    public static final String FAILED_MESSAGE = "The operation failed due to an internal error.";

    public boolean terminal() {
        return status.terminal();
    }

    /** Throws if the §2 invariants table does not hold; a test may check them, and so does every transition. */
    public OperationSnapshot checked() {
        boolean ok = version >= 1 && switch (status) {
            case QUEUED -> stage == OperationStage.QUEUED && noError() && resultReference == null
                    && completedAt == null;
            case RUNNING -> stage.runningStage() && noError() && resultReference == null && completedAt == null;
            case SUCCEEDED -> stage == OperationStage.SUCCEEDED && noError() && nonEmpty(resultReference)
                    && completedAt != null;
            case FAILED -> stage == OperationStage.FAILED && nonEmpty(errorCode) && nonEmpty(errorMessage)
                    && resultReference == null && completedAt != null;
            case CANCELLED -> stage == OperationStage.CANCELLED && CANCELLED_CODE.equals(errorCode)
                    && CANCELLED_MESSAGE.equals(errorMessage) && resultReference == null && completedAt != null;
            case INTERRUPTED -> stage == OperationStage.INTERRUPTED && INTERRUPTED_CODE.equals(errorCode)
                    && nonEmpty(errorMessage) && resultReference == null && completedAt != null;
        };
        if (!ok || (terminal() && cancellable)) {
            throw new IllegalStateException("operation snapshot breaks the invariants: " + this);
        }
        return this;
    }

    private boolean noError() {
        return errorCode == null && errorMessage == null;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** The wire form: every member, nulls included, date-times per rpc.md §6. */
    public ObjectNode toJson() {
        return toJson(true);
    }

    /** {@code withNulls = false}: the persisted form of operations.md §6 (nulls omitted). */
    public ObjectNode toJson(boolean withNulls) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("operation_id", operationId.toString());
        o.put("kind", kind);
        o.put("target", target);
        o.put("owner_principal", ownerPrincipal);
        o.put("status", status.wire());
        o.put("stage", stage.wire());
        ObjectNode p = o.putObject("progress");
        p.put("indeterminate", progress.indeterminate());
        p.put("completed", progress.completed());
        p.put("total", progress.total());
        p.put("unit", progress.unit());
        p.put("bytes_transferred", progress.bytesTransferred());
        p.put("bytes_total", progress.bytesTotal());
        p.put("rate", progress.rate());
        o.put("version", version);
        o.put("created_at", V2Times.format(createdAt));
        o.put("updated_at", V2Times.format(updatedAt));
        o.put("completed_at", completedAt == null ? null : V2Times.format(completedAt));
        o.put("cancellable", cancellable);
        o.put("error_code", errorCode);
        o.put("error_message", errorMessage);
        o.put("result_reference", resultReference);
        if (!withNulls) {
            stripNulls(o);
            stripNulls(p);
        }
        return o;
    }

    private static void stripNulls(ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
    }

    /** Reads a persisted (or wire) record. */
    public static OperationSnapshot fromJson(JsonNode o) {
        JsonNode p = o.path("progress");
        OperationProgress progress = new OperationProgress(p.path("indeterminate").asBoolean(true),
                dbl(p, "completed"), dbl(p, "total"), str(p, "unit"), lng(p, "bytes_transferred"),
                lng(p, "bytes_total"), dbl(p, "rate"));
        return new OperationSnapshot(UUID.fromString(o.get("operation_id").asText()), o.get("kind").asText(),
                str(o, "target"), o.get("owner_principal").asText(),
                OperationStatus.fromWire(o.get("status").asText()), OperationStage.fromWire(o.get("stage").asText()),
                progress, o.get("version").asLong(), time(o, "created_at"), time(o, "updated_at"),
                time(o, "completed_at"), o.path("cancellable").asBoolean(false), str(o, "error_code"),
                str(o, "error_message"), str(o, "result_reference"));
    }

    private static String str(JsonNode o, String m) {
        JsonNode v = o.get(m);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double dbl(JsonNode o, String m) {
        JsonNode v = o.get(m);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static Long lng(JsonNode o, String m) {
        JsonNode v = o.get(m);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Instant time(JsonNode o, String m) {
        String v = str(o, m);
        return v == null ? null : DateTimes.parseInstant(v);
    }
}
