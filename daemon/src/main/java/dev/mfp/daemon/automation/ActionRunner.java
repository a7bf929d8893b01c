package dev.mfp.daemon.automation;

import dev.mfp.daemon.audit.AuditLog;
import dev.mfp.daemon.audit.AuditRecord;
import dev.mfp.daemon.backup.BackupService;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.OperationStatus;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.plan.PlanError;
import dev.mfp.daemon.plan.PlanSnapshot;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.model.InstanceStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of automation.md §1.4 and extensions.md §2 for a target, each written to the audit log as of
 * audit.md §3 ({@code principal daemon-automation}, {@code method automation.execute}, {@code permission} = the step).
 */
final class ActionRunner {
    static final String PRINCIPAL = "daemon-automation";
    static final String METHOD = "automation.execute";
    /** §4: an automated restart waits this long for the stop. */
    static final long STOP_WAIT_MILLIS = 30_000;
    /** How long a backup.create action follows its operation for keep_last. */
    static final Duration BACKUP_FOLLOW = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    /** How an action ended: its result reference, or the error code it failed with. */
    record Outcome(boolean ok, String reference, String errorCode) {
        static Outcome ok(String reference) {
            return new Outcome(true, reference, null);
        }

        static Outcome failed(String code) {
            return new Outcome(false, null, code);
        }
    }

    private final InstanceManager instances;
    private final AuditLog audit;
    private final BackupService backups;
    private final Operations operations;
    private final Guards guards;
    private final Suppressions suppressions;
    private final Clock clock;
    private final Executor followers;
    private volatile Intents intents;

    ActionRunner(InstanceManager instances, AuditLog audit, BackupService backups, Operations operations,
            Guards guards, Suppressions suppressions, Clock clock, Executor followers) {
        this.instances = instances;
        this.audit = audit;
        this.backups = backups;
        this.operations = operations;
        this.guards = guards;
        this.suppressions = suppressions;
        this.clock = clock;
        this.followers = followers;
    }

    void intents(Intents i) {
        this.intents = i;
    }

    /** The actions of one admitted firing, in order, for {@code target} (null: the trigger named none). */
    void runAll(AutomationPolicy p, UUID target) {
        for (AutomationAction a : p.actions()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                run(p.id(), a, a instanceof AutomationAction.PlanConfirmation || a instanceof AutomationAction.Notification
                        || a instanceof AutomationAction.AuditEntry ? target : own(a, target), true);
            } catch (RuntimeException e) {
                LOG.warn("automation policy {}: action {} failed: {}", p.id(), a.type(), e.toString(), e);
            }
        }
    }

    /** An action's own {@code instance_id}, else the trigger's target. */
    static UUID own(AutomationAction a, UUID target) {
        UUID own = null;
        if (a instanceof AutomationAction.Restart r) {
            own = r.instanceId();
        } else if (a instanceof AutomationAction.Stop s) {
            own = s.instanceId();
        } else if (a instanceof AutomationAction.Suppress s) {
            own = s.instanceId();
        } else if (a instanceof AutomationAction.BackupCreate b) {
            own = b.instanceId();
        }
        return own != null ? own : target;
    }

    /**
     * One action. {@code automated}: a firing of the evaluator (suppressions and the restart backoff apply); false:
     * a confirmed intent's deferred action (§6.2: restart without backoff).
     */
    Outcome run(UUID policyId, AutomationAction a, UUID target, boolean automated) {
        if (a instanceof AutomationAction.Restart r) {
            return restart(policyId, r, target, automated);
        }
        if (a instanceof AutomationAction.Stop) {
            return stop(target, automated);
        }
        if (a instanceof AutomationAction.Suppress s) {
            if (target == null) {
                return record(s.type(), policyId.toString(), Outcome.failed("automation.no_target"));
            }
            Instant now = clock.instant();
            suppressions.add(new Suppressions.Hold(target, s.scope(), now.plusSeconds(s.durationSeconds()), s.reason(),
                    policyId));
            return record(s.type(), target.toString(), Outcome.ok(target.toString()));
        }
        if (a instanceof AutomationAction.Notification n) {
            return notification(policyId, n, target);
        }
        if (a instanceof AutomationAction.AuditEntry e) {
            String t = target == null ? policyId.toString() : target.toString();
            write(new AuditRecord(null, PRINCIPAL, null, METHOD, e.type(), t, null, null, null, true, null, null,
                    e.message()));
            return Outcome.ok(t);
        }
        if (a instanceof AutomationAction.PlanConfirmation pc) {
            return intent(policyId, pc, target);
        }
        if (a instanceof AutomationAction.BackupCreate b) {
            return backup(policyId, b, target);
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private Outcome restart(UUID policyId, AutomationAction.Restart r, UUID target, boolean automated) {
        String p = r.type();
        if (target == null) {
            return record(p, policyId.toString(), Outcome.failed("automation.no_target"));
        }
        Instance inst = find(target);
        if (inst == null) {
            return record(p, target.toString(), Outcome.failed("instance.not_found"));
        }
        if (automated) {
            if (suppressions.refusing(target, true, clock.instant()) != null) {
                return record(p, target.toString(), Outcome.failed("automation.suppressed"));
            }
            if (!guards.admitRestart(policyId, target, r.backoffBaseSeconds(), r.backoffMaxSeconds(),
                    clock.instant())) {
                return record(p, target.toString(), Outcome.failed("automation.backoff"));
            }
        }
        try {
            if (inst.hasProcess()) {
                try {
                    inst.stop();
                } catch (DaemonError e) {
                    // it ended meanwhile
                }
            }
            if (!inst.awaitNoProcess(STOP_WAIT_MILLIS)) {
                return record(p + ".stop", target.toString(), Outcome.failed("instance.stop_failed"));
            }
            record(p + ".stop", target.toString(), Outcome.ok(target.toString()));
            inst.start(false);
            return record(p + ".start", target.toString(), Outcome.ok(target.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return record(p + ".start", target.toString(), Outcome.failed("automation.interrupted"));
        } catch (DaemonError e) {
            return record(p + ".start", target.toString(), Outcome.failed("instance.start_failed"));
        }
    }

    private Outcome stop(UUID target, boolean automated) {
        String p = AutomationAction.Stop.TYPE;
        if (target == null) {
            return record(p, null, Outcome.failed("automation.no_target"));
        }
        Instance inst = find(target);
        if (inst == null) {
            return record(p, target.toString(), Outcome.failed("instance.not_found"));
        }
        if (automated && suppressions.refusing(target, false, clock.instant()) != null) {
            return record(p, target.toString(), Outcome.failed("automation.suppressed"));
        }
        try {
            inst.stop();
            if (!automated && !inst.awaitNoProcess(STOP_WAIT_MILLIS)) {
                return record(p, target.toString(), Outcome.failed("instance.stop_failed"));
            }
            return record(p, target.toString(), Outcome.ok(target.toString()));
        } catch (DaemonError e) {
            return record(p, target.toString(), Outcome.failed("instance.not_running"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return record(p, target.toString(), Outcome.failed("automation.interrupted"));
        }
    }

    /** events.md §4.4: never with an empty source id — no target, no notification. */
    private Outcome notification(UUID policyId, AutomationAction.Notification n, UUID target) {
        String p = n.type();
        if (target == null) {
            return record(p, policyId.toString(), Outcome.failed("automation.no_target"));
        }
        Instance inst = find(target);
        if (inst == null || !inst.publishNotification(policyId, n.title(), n.message(), n.severity())) {
            return record(p, target.toString(), Outcome.failed("instance.not_found"));
        }
        return record(p, target.toString(), Outcome.ok(target.toString()));
    }

    /** §6: the audit record's target is the plan id, with the plan id and hash filled (so a human can confirm). */
    private Outcome intent(UUID policyId, AutomationAction.PlanConfirmation pc, UUID target) {
        try {
            PlanSnapshot plan = intents.file(policyId, target, pc);
            write(new AuditRecord(null, PRINCIPAL, null, METHOD, pc.type(), plan.planId().toString(), plan.planId(),
                    plan.planHash(), null, true, null, null, null));
            return Outcome.ok(plan.planId().toString());
        } catch (PlanError e) {
            return record(pc.type(), policyId.toString(), Outcome.failed(e.code()));
        } catch (IOException e) {
            return record(pc.type(), policyId.toString(), Outcome.failed("plan.persist_failed"));
        }
    }

    /**
     * extensions.md §2: cold if stopped, live if running and Minecraft, else cold with a maintenance stop only when
     * {@code live} is false; {@code keep_last} is applied once the operation succeeded (followed off this thread).
     */
    private Outcome backup(UUID policyId, AutomationAction.BackupCreate b, UUID target) {
        String p = b.type();
        if (target == null) {
            return record(p, policyId.toString(), Outcome.failed("automation.no_target"));
        }
        Instance inst = find(target);
        if (inst == null) {
            return record(p, target.toString(), Outcome.failed("instance.not_found"));
        }
        InstanceStatus s = inst.status();
        boolean stopped = (s == InstanceStatus.STOPPED || s == InstanceStatus.CRASHED) && !inst.hasProcess();
        boolean live = !stopped && b.live(); // a running non-Minecraft server: backup.live_unsupported
        boolean maintenance = !stopped && !b.live();
        OperationSnapshot op;
        try {
            op = backups.create(target, maintenance, live, PRINCIPAL);
        } catch (OperationError e) {
            return record(p, target.toString(), Outcome.failed(e.code()));
        }
        write(new AuditRecord(null, PRINCIPAL, null, METHOD, p, target.toString(), null, null, op.operationId(), true,
                null, null, null));
        if (b.keepLast() != null) {
            followers.execute(() -> keepLast(op.operationId(), target, b.keepLast()));
        }
        return Outcome.ok(op.operationId().toString());
    }

    private void keepLast(UUID operationId, UUID instanceId, int keep) {
        Instant until = clock.instant().plus(BACKUP_FOLLOW);
        try {
            while (clock.instant().isBefore(until)) {
                OperationSnapshot s = operations.get(operationId).orElse(null);
                if (s == null || s.terminal()) {
                    if (s != null && s.status() == OperationStatus.SUCCEEDED) {
                        List<UUID> removed = backups.keepNewest(instanceId, keep);
                        write(new AuditRecord(null, PRINCIPAL, null, METHOD, "backup.keep_last", instanceId.toString(),
                                null, null, operationId, true, null, null,
                                removed.isEmpty() ? null : "removed " + removed));
                    }
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            write(new AuditRecord(null, PRINCIPAL, null, METHOD, "backup.keep_last", instanceId.toString(), null, null,
                    operationId, false, "backup.prune_failed", null, null));
        }
    }

    private Instance find(UUID id) {
        try {
            return instances.get(id);
        } catch (DaemonError e) {
            return null;
        }
    }

    private Outcome record(String permission, String target, Outcome o) {
        write(new AuditRecord(null, PRINCIPAL, null, METHOD, permission, target, null, null, null, o.ok(),
                o.errorCode(), null, null));
        if (!o.ok()) {
            LOG.info("automation: {} on {} refused or failed: {}", permission, target, o.errorCode());
        }
        return o;
    }

    private void write(AuditRecord r) {
        if (audit != null) {
            audit.append(r);
        }
    }
}
