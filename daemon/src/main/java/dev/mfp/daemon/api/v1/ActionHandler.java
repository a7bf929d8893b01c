package dev.mfp.daemon.api.v1;

import dev.mfp.protocol.Action;

/**
 * One action: its wire name and permission (via {@link Action}), its parameter record and its result.
 * Handlers know nothing of WebSockets; they throw {@link dev.mfp.protocol.ActionError} (their own
 * refusals) or let the core's {@link dev.mfp.daemon.error.DaemonError} through to fail; the dispatcher maps both.
 *
 * @param <P> parameter record bound from {@code params}; {@link NoParams} for parameterless actions
 * @param <R> result record serialized as {@code data}; {@link dev.mfp.protocol.wire.Empty} for none
 */
public interface ActionHandler<P, R> {
    Action action();

    Class<P> paramsType();

    R handle(P params, RequestContext ctx) throws Exception;

    /** Cheap, non-blocking handlers are answered on the receiving thread and take no in-flight slot. */
    default boolean inline() {
        return false;
    }
}
