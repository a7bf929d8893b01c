package dev.mfp.protocol.v2.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Binds {@code params} to a method's request type by the table and rules of rpc.md §5. */
public final class ParamsBinder {
    /** What a method of an empty request type receives; no handler may change it (its members cannot be set). */
    private static final ObjectNode EMPTY = new ObjectNode(JsonNodeFactory.instance, java.util.Collections.emptyMap());

    private ParamsBinder() {
    }

    /** The shared, unmodifiable params of a call of an empty request type without members. */
    public static ObjectNode emptyParams() {
        return EMPTY;
    }

    public static ObjectNode bind(RpcObjectType type, RpcRequest request) {
        return bind(type, request.params(), request.paramsDefect());
    }

    /**
     * @param params the params object, {@code null} when absent
     * @param defect {@link RpcRequest#paramsDefect()}: a duplicate member anywhere in params (also
     *               inside a {@code json} member or a map) fails the binding
     * @return the validated tree itself; an empty object when an empty type got no params
     * @throws InvalidParamsException for every {@code -32602} case
     */
    public static ObjectNode bind(RpcObjectType type, ObjectNode params, String defect) {
        if (type.isEmpty()) {
            if (params == null) {
                return EMPTY;
            }
        } else {
            if (params == null) {
                throw new InvalidParamsException("params: missing for a non-empty request type");
            }
            if (params.isEmpty()) {
                throw new InvalidParamsException("params: {} for a non-empty request type");
            }
        }
        if (defect != null) {
            throw new InvalidParamsException(defect);
        }
        type.bind(params, BindPath.PARAMS);
        return params;
    }
}
