package dev.mfp.daemon.api.v1.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.Params;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.protocol.Action;
import java.util.List;
import java.util.UUID;

/** {@code get_event_rules}: the stored rules, verbatim (actions.md #35). */
public final class GetEventRulesHandler implements ActionHandler<GetEventRulesHandler.RulesParams,
        GetEventRulesHandler.Result> {
    private final InstanceManager manager;

    public GetEventRulesHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.GET_EVENT_RULES;
    }

    @Override
    public Class<RulesParams> paramsType() {
        return RulesParams.class;
    }

    @Override
    public Result handle(RulesParams params, RequestContext ctx) {
        return new Result(manager.get(params.instanceId()).config().eventRules());
    }

    public record RulesParams(UUID instanceId) {
        public RulesParams {
            Params.require(instanceId, "instance_id");
        }
    }

    public record Result(List<JsonNode> rules) {
    }
}
