package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A request that passed both parsing stages of rpc.md §1.
 *
 * @param method       a valid dotted identifier; not necessarily in the catalog
 * @param id           {@code null} for a notification
 * @param params       {@code null} when the member was absent ({@code {}} is distinguished, §5)
 * @param paramsDefect {@code null}, or why the params tree cannot be bound although it is valid JSON
 *                     (a duplicate member at some depth, a number literal too long to hold): that is
 *                     {@code -32602} at binding time, not {@code -32600}, so the parser only records it
 */
public record RpcRequest(String method, RpcId id, ObjectNode params, String paramsDefect) implements RpcParse {
    public RpcRequest {
        Objects.requireNonNull(method, "method");
        if (paramsDefect != null && params == null) {
            throw new IllegalArgumentException("a defect without params");
        }
    }

    public boolean isNotification() {
        return id == null;
    }
}
