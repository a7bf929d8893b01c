package dev.mfp.daemon.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.plan.PlanSnapshot;
import dev.mfp.daemon.plan.Plans;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automation intents (automation.md §6): a {@code plan.confirmation} action files an {@code automation.intent} plan
 * through the plan kernel; anyone but the automation confirms it, the confirmer executes it as an
 * {@code automation.intent.execute} operation that runs the deferred action once.
 */
public final class Intents {
    public static final String KIND = Plans.INTENT_KIND;
    public static final String KIND_EXECUTE = "automation.intent.execute";
    static final List<String> PERMISSIONS = List.of("mcsl.automation.intent.confirm",
            "mcsl.automation.intent.execute");
    private static final Logger LOG = LoggerFactory.getLogger(Intents.class);

    private final Plans plans;
    private final Operations operations;
    private final ActionRunner runner;

    Intents(Plans plans, Operations operations, ActionRunner runner) {
        this.plans = plans;
        this.operations = operations;
        this.runner = runner;
    }

    static String key(UUID policyId) {
        return KIND + ":" + policyId;
    }

    /** Files the intent, or returns the policy's pending one (one active intent per policy). */
    PlanSnapshot file(UUID policyId, UUID target, AutomationAction.PlanConfirmation action) throws IOException {
        String key = key(policyId);
        List<PlanSnapshot> pending = plans.live(p -> KIND.equals(p.kind()) && key.equals(p.idempotencyKey())
                && ActionRunner.PRINCIPAL.equals(p.creatorPrincipal()) && p.status() != PlanSnapshot.Status.EXECUTING);
        if (!pending.isEmpty()) {
            return pending.get(0);
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("policy_id", policyId.toString());
        payload.put("target_instance_id", target == null ? null : target.toString());
        payload.set("action", PolicyCodec.write(action.deferred()));
        PlanSnapshot draft = new PlanSnapshot(null, null, KIND, PlanSnapshot.Status.BLOCKED, "sensitive", PERMISSIONS,
                true, ActionRunner.PRINCIPAL, null, null, List.of(), "vanilla",
                target == null ? "-" : target.toString(), "-", policyId.toString(), "none", null, key, payload, null,
                null);
        PlanSnapshot p = plans.create(draft, ActionRunner.PRINCIPAL, key, null);
        LOG.info("automation policy {}: intent {} filed for confirmation: {}", policyId, p.planId(), action.summary());
        return p;
    }

    /** §6.1. */
    public PlanSnapshot confirm(UUID planId, String hash, String principal) throws IOException {
        return plans.confirm(planId, KIND, hash, principal);
    }

    /** §6.2: admission, kind and payload checks, then the operation; returns its accepted snapshot. */
    public OperationSnapshot execute(UUID planId, String executor) throws IOException {
        PlanSnapshot p = plans.admit(planId, KIND, executor);
        UUID policyId;
        UUID target;
        AutomationAction action;
        try {
            JsonNode pl = p.payload();
            policyId = UUID.fromString(pl.get("policy_id").textValue());
            JsonNode t = pl.get("target_instance_id");
            target = t == null || t.isNull() ? null : UUID.fromString(t.textValue());
            action = PolicyCodec.readAction(pl.get("action"), "payload.action");
            if (action instanceof AutomationAction.PlanConfirmation) {
                throw new IllegalArgumentException("a deferred plan.confirmation");
            }
        } catch (RuntimeException e) {
            plans.release(planId);
            throw new AutomationError("automation.plan_payload_invalid", DaemonErrorKind.VALIDATION, e.toString());
        }
        UUID pid = policyId;
        UUID tgt = target;
        AutomationAction deferred = action;
        try {
            return operations.submit(KIND_EXECUTE, planId.toString(), executor, ctx -> {
                ActionRunner.Outcome o = runner.run(pid, deferred, ActionRunner.own(deferred, tgt), false);
                if (!o.ok()) {
                    throw new OperationError(o.errorCode(), DaemonErrorKind.CONFLICT,
                            "The deferred action " + deferred.type() + " failed: " + o.errorCode());
                }
                return o.reference();
            }, terminal -> plans.consume(planId));
        } catch (RuntimeException e) {
            plans.release(planId);
            throw e;
        }
    }
}
