package dev.mfp.protocol.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
import java.util.UUID;

/** The response envelope; all five members are always present (errors.md §2). */
@JsonPropertyOrder({"status", "retcode", "data", "message", "id"})
public record ActionResponse(String status, int retcode, Object data, String message, UUID id) {
    public static final UUID ZERO_ID = new UUID(0L, 0L);

    public static ActionResponse ok(Object data, UUID id) {
        return new ActionResponse("ok", 0, data == null ? Empty.INSTANCE : data, "OK", id);
    }

    public static ActionResponse error(ActionError e, UUID id) {
        return new ActionResponse("error", e.code().code(), null, e.wireMessage(), id == null ? ZERO_ID : id);
    }

    public static ActionResponse error(RetCode code, String detail, UUID id) {
        return error(new ActionError(code, detail), id);
    }
}
