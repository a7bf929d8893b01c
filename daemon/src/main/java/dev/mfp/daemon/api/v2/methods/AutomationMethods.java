package dev.mfp.daemon.api.v2.methods;

import static dev.mfp.protocol.v2.rpc.RpcField.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.api.v2.V2Errors;
import dev.mfp.daemon.api.v2.V2Methods;
import dev.mfp.daemon.automation.Automation;
import dev.mfp.daemon.automation.AutomationDiagnostic;
import dev.mfp.daemon.automation.AutomationError;
import dev.mfp.daemon.automation.AutomationPolicySet;
import dev.mfp.daemon.automation.AutomationTestOutcome;
import dev.mfp.daemon.automation.PolicyCodec;
import dev.mfp.daemon.automation.PolicyFormatException;
import dev.mfp.daemon.automation.Suppressions;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.plan.PlanError;
import dev.mfp.protocol.v2.model.V2Times;
import dev.mfp.protocol.v2.rpc.InvalidParamsException;
import dev.mfp.protocol.v2.rpc.RpcObjectType;
import dev.mfp.protocol.v2.rpc.RpcType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code mcsl.automation.get/validate/test/apply/enable} and {@code mcsl.automation.intent.confirm/execute}
 * (automation.md §3, §6) over the core's {@link Automation}. The policy document binds strictly in the core
 * ({@link PolicyCodec}); a document that does not bind is {@code -32602}.
 */
public final class AutomationMethods {
    static final RpcObjectType POLICY_SET = RpcObjectType.of(required("policy_set", RpcType.JSON));
    static final RpcObjectType ENABLE = RpcObjectType.of(required("policy_id", RpcType.UUID),
            required("enabled", RpcType.BOOL), required("expected_version", RpcType.INT64));
    static final RpcObjectType CONFIRM = RpcObjectType.of(required("plan_id", RpcType.UUID),
            required("plan_hash", RpcType.STRING), required("confirmer_principal", RpcType.STRING));
    static final RpcObjectType EXECUTE = RpcObjectType.of(required("plan_id", RpcType.UUID),
            required("executor_principal", RpcType.STRING));

    private AutomationMethods() {
    }

    public static void register(V2Methods m, Automation automation) {
        m.onInline("mcsl.automation.get", RpcObjectType.EMPTY, (p, s) -> {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.set("policy_set", PolicyCodec.write(automation.policies()));
            var holds = r.putArray("suppressions");
            for (Suppressions.Hold h : automation.suppressions()) {
                holds.addObject().put("instance_id", h.instanceId().toString()).put("scope", h.scope())
                        .put("until_utc", V2Times.format(h.until())).put("reason", h.reason())
                        .put("policy_id", h.policyId().toString());
            }
            return r;
        }).onInline("mcsl.automation.validate", POLICY_SET, (p, s) -> {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            var arr = r.putArray("diagnostics");
            for (AutomationDiagnostic d : automation.validate(bind(p.get("policy_set")))) {
                arr.addObject().put("policy_id", d.policyId() == null ? null : d.policyId().toString())
                        .put("code", d.code()).put("message", d.message());
            }
            return r;
        }).on("mcsl.automation.test", RpcObjectType.EMPTY, (p, s) -> {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            var arr = r.putArray("outcomes");
            for (AutomationTestOutcome o : automation.test()) {
                arr.addObject().put("policy_id", o.policyId().toString()).put("would_fire", o.wouldFire())
                        .put("reason", o.reason()).put("target", o.target() == null ? null : o.target().toString());
            }
            return r;
        }).on("mcsl.automation.apply", POLICY_SET, (p, s) -> {
            AutomationPolicySet set = bind(p.get("policy_set"));
            return guarded(() -> Map.of("version", automation.apply(set)));
        }).on("mcsl.automation.enable", ENABLE, (p, s) -> guarded(() -> Map.of("version",
                automation.enable(UUID.fromString(p.get("policy_id").textValue()), p.get("enabled").booleanValue(),
                        p.get("expected_version").longValue()))))
                .on("mcsl.automation.intent.confirm", CONFIRM, (p, s) -> {
                    String hash = p.get("plan_hash").textValue();
                    if (hash.isBlank()) {
                        throw new InvalidParamsException("plan_hash must not be empty"); // decisions.md #15
                    }
                    return guarded(() -> automation.confirm(UUID.fromString(p.get("plan_id").textValue()), hash,
                            OperationMethods.principal(s)).toJson());
                }).on("mcsl.automation.intent.execute", EXECUTE, (p, s) -> guarded(() -> {
                    String planId = p.get("plan_id").textValue();
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("plan_id", planId);
                    r.put("operation_id", automation.execute(UUID.fromString(planId), OperationMethods.principal(s))
                            .operationId().toString());
                    return r;
                }));
    }

    private static AutomationPolicySet bind(JsonNode n) {
        try {
            return PolicyCodec.readSet(n);
        } catch (PolicyFormatException e) {
            throw new InvalidParamsException(e.getMessage());
        }
    }

    interface Call {
        Object call() throws IOException;
    }

    private static Object guarded(Call c) {
        try {
            return c.call();
        } catch (AutomationError | PlanError | OperationError | IOException e) {
            throw V2Errors.automation(e);
        }
    }
}
