package dev.mfp.daemon.api.v1;

import dev.mfp.protocol.Action;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The handlers this daemon implements; a known action without one answers 10004. */
public final class ActionRegistry {
    private final Map<Action, ActionHandler<?, ?>> handlers = new EnumMap<>(Action.class);

    public ActionRegistry register(ActionHandler<?, ?> handler) {
        if (handlers.putIfAbsent(handler.action(), handler) != null) {
            throw new IllegalStateException("two handlers for " + handler.action().wire());
        }
        return this;
    }

    public ActionRegistry registerAll(Collection<? extends ActionHandler<?, ?>> all) {
        all.forEach(this::register);
        return this;
    }

    /** What an action does with its bound parameters, for actions that need no class of their own. */
    @FunctionalInterface
    public interface Body<P, R> {
        R handle(P params, RequestContext ctx) throws Exception;
    }

    /** Registers {@code action}: its parameters are bound to {@code paramsType}, then {@code body} answers. */
    public <P, R> ActionRegistry on(Action action, Class<P> paramsType, Body<P, R> body) {
        return entry(action, paramsType, body, false);
    }

    /** Like {@link #on} for a cheap, non-blocking action answered on the receiving thread ({@link ActionHandler#inline}). */
    public <P, R> ActionRegistry onInline(Action action, Class<P> paramsType, Body<P, R> body) {
        return entry(action, paramsType, body, true);
    }

    private <P, R> ActionRegistry entry(Action action, Class<P> paramsType, Body<P, R> body, boolean inline) {
        return register(new ActionHandler<P, R>() {
            @Override
            public Action action() {
                return action;
            }

            @Override
            public Class<P> paramsType() {
                return paramsType;
            }

            @Override
            public R handle(P params, RequestContext ctx) throws Exception {
                return body.handle(params, ctx);
            }

            @Override
            public boolean inline() {
                return inline;
            }
        });
    }

    public ActionHandler<?, ?> get(Action action) {
        return handlers.get(action);
    }
}
