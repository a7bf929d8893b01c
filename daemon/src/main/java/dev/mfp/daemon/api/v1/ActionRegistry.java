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

    public ActionHandler<?, ?> get(Action action) {
        return handlers.get(action);
    }
}
