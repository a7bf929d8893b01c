package dev.mfp.daemon.api.v1.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v1.ActionHandler;
import dev.mfp.daemon.api.v1.Params;
import dev.mfp.daemon.api.v1.RequestContext;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.daemon.instance.rules.RuleParser;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.wire.Empty;
import java.util.List;
import java.util.UUID;

/**
 * {@code save_event_rules}: validates (11001 missing/unknown {@code type}, 11002 bad regex/cron), persists the
 * list verbatim into {@code daemon_instance.json} and applies it at once (actions.md #36).
 */
public final class SaveEventRulesHandler implements ActionHandler<SaveEventRulesHandler.SaveParams, Empty> {
    private final InstanceManager manager;

    public SaveEventRulesHandler(InstanceManager manager) {
        this.manager = manager;
    }

    @Override
    public Action action() {
        return Action.SAVE_EVENT_RULES;
    }

    @Override
    public Class<SaveParams> paramsType() {
        return SaveParams.class;
    }

    @Override
    public Empty handle(SaveParams params, RequestContext ctx) throws Exception {
        Instance inst = manager.get(params.instanceId());
        List<RuleDocument> rules = RuleDocument.ofAll(params.rules());
        RuleParser.parse(rules);
        manager.updateConfig(inst, c -> c.withRules(rules));
        return Empty.INSTANCE;
    }

    public record SaveParams(UUID instanceId, List<JsonNode> rules) {
        public SaveParams {
            Params.require(instanceId, "instance_id");
            Params.require(rules, "rules");
        }
    }
}
