package dev.mfp.daemon.api.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import java.util.Objects;

/**
 * One catalog entry: its name (also its permission), its strict request type ({@link RpcObjectType#EMPTY} for
 * empty-request methods), whether it runs on the receiving thread (cheap, non-blocking work only) and its handler.
 */
public record V2Method(String name, RpcObjectType params, boolean inline, Handler handler) {
    public V2Method {
        Objects.requireNonNull(name);
        Objects.requireNonNull(params);
        Objects.requireNonNull(handler);
    }

    /** Runs a bound request: returns the result (a record, map or JSON object) or a {@link V2Reply}. */
    @FunctionalInterface
    public interface Handler {
        Object call(ObjectNode params, V2Session session) throws Exception;
    }
}
