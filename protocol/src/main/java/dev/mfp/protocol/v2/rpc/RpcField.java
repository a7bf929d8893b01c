package dev.mfp.protocol.v2.rpc;

import java.util.Objects;

/**
 * A member of an {@link RpcObjectType}. "Required" (may not be omitted) and nullable (the type accepts
 * {@code null}) are independent, as rpc.md §6 states them per field.
 */
public record RpcField(String name, RpcType type, boolean required) {
    public RpcField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static RpcField required(String name, RpcType type) {
        return new RpcField(name, type, true);
    }

    public static RpcField optional(String name, RpcType type) {
        return new RpcField(name, type, false);
    }
}
