package dev.mfp.daemon.api.v1.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.api.v1.ActionRegistry;
import dev.mfp.daemon.api.v1.Params;
import dev.mfp.daemon.api.v1.V1Shapes;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.InstancesFeature;
import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.Action;
import dev.mfp.protocol.model.InstanceReport;
import dev.mfp.protocol.wire.Empty;
import java.util.List;
import java.util.UUID;

/** The v1 instance actions that are one call into the core; the others have classes of their own. */
public final class InstanceActions {
    /** {@code get_instance_report}: {@code {report}}. */
    public record Report(InstanceReport report) {
    }

    /** {@code get_instance_log_history}: {@code {logs}}. */
    public record LogHistory(List<String> logs) {
    }

    /** {@code send_to_instance}. */
    public record SendParams(UUID id, String message) {
        public SendParams {
            Params.require(id, "id");
            Params.require(message, "message");
        }
    }

    /** {@code get_event_rules}. */
    public record RulesParams(UUID instanceId) {
        public RulesParams {
            Params.require(instanceId, "instance_id");
        }
    }

    /** {@code get_event_rules}: {@code {rules}}. */
    public record Rules(List<JsonNode> rules) {
    }

    private InstanceActions() {
    }

    public static void register(ActionRegistry r, InstancesFeature instances) {
        InstanceManager m = instances.manager();
        r.on(Action.START_INSTANCE, InstanceIdParams.class, (p, ctx) -> {
            m.get(p.id()).start();
            return Empty.INSTANCE;
        }).on(Action.STOP_INSTANCE, InstanceIdParams.class, (p, ctx) -> {
            m.get(p.id()).stop();
            return Empty.INSTANCE;
        }).on(Action.KILL_INSTANCE, InstanceIdParams.class, (p, ctx) -> {
            m.get(p.id()).kill();
            return Empty.INSTANCE;
        }).on(Action.REMOVE_INSTANCE, InstanceIdParams.class, (p, ctx) -> {
            m.remove(p.id());
            return Empty.INSTANCE;
        }).on(Action.GET_INSTANCE_REPORT, InstanceIdParams.class,
                (p, ctx) -> new Report(V1Shapes.report(instances.reports().build(m.get(p.id())))))
                .on(Action.GET_INSTANCE_LOG_HISTORY, InstanceIdParams.class,
                        (p, ctx) -> new LogHistory(m.get(p.id()).history()))
                .on(Action.SEND_TO_INSTANCE, SendParams.class, (p, ctx) -> {
                    m.get(p.id()).send(p.message());
                    return Empty.INSTANCE;
                })
                .on(Action.GET_EVENT_RULES, RulesParams.class,
                        (p, ctx) -> new Rules(RuleDocument.trees(m.get(p.instanceId()).config().rules())));
    }
}
