package dev.mfp.daemon.automation;

import dev.mfp.daemon.audit.AuditLog;
import dev.mfp.daemon.backup.BackupService;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.monitoring.MonitoringHistory;
import dev.mfp.daemon.operation.OperationSnapshot;
import dev.mfp.daemon.operation.Operations;
import dev.mfp.daemon.plan.PlanSnapshot;
import dev.mfp.daemon.plan.Plans;
import dev.mfp.daemon.util.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The automation subsystem (automation.md, extensions.md §2), protocol-neutral: the policy document, the evaluator
 * and the intents. Built before the instances load (so that their first status changes are seen), started with the
 * daemon, closed before the instances stop (no automated restart during a shutdown).
 */
public final class Automation implements AutoCloseable {
    private final EventBus bus;
    private final PolicyStore store;
    private final InstanceFacts facts;
    private final Suppressions suppressions = new Suppressions();
    private final AutomationEngine engine;
    private final Intents intents;
    private final ExecutorService followers = Threads.perTaskExecutor("automation-follow");
    private final Clock clock;

    /**
     * @param dir            {@code <root>/automation}
     * @param sampleInterval the monitoring sampler's interval (how densely {@code metric.sustained} windows are covered)
     */
    public Automation(Path dir, AutomationSettings settings, InstanceManager instances, MonitoringHistory history,
            Duration sampleInterval, EventBus bus, AuditLog audit, BackupService backups, Operations operations,
            Plans plans, Clock clock, ZoneId zone) throws IOException {
        this.bus = bus;
        this.clock = clock;
        this.store = PolicyStore.open(dir);
        this.facts = new InstanceFacts(clock);
        bus.register(facts);
        Guards guards = new Guards();
        ActionRunner runner = new ActionRunner(instances, audit, backups, operations, guards, suppressions, clock,
                followers);
        this.intents = new Intents(plans, operations, runner);
        runner.intents(intents);
        this.engine = new AutomationEngine(store, new Evaluator(instances, history, sampleInterval, facts), facts,
                guards, suppressions, runner, clock, zone, settings.evaluationInterval());
    }

    public void start() {
        engine.start();
    }

    /** §3.1: the applied document. */
    public AutomationPolicySet policies() {
        return store.current();
    }

    /** §3.1: the active holds. */
    public List<Suppressions.Hold> suppressions() {
        return suppressions.active(clock.instant());
    }

    /** §3.2. */
    public List<AutomationDiagnostic> validate(AutomationPolicySet set) {
        return PolicyValidator.validate(set);
    }

    /** §3.3; throws {@link AutomationError}. */
    public long apply(AutomationPolicySet set) {
        long v = store.apply(set);
        engine.policiesChanged();
        return v;
    }

    /** §3.4; throws {@link AutomationError}. */
    public long enable(UUID policyId, boolean enabled, long expectedVersion) {
        long v = store.enable(policyId, enabled, expectedVersion);
        engine.policiesChanged();
        return v;
    }

    /** §3.5. */
    public List<AutomationTestOutcome> test() {
        return engine.test();
    }

    /** §6.1; throws {@link dev.mfp.daemon.plan.PlanError}. */
    public PlanSnapshot confirm(UUID planId, String hash, String principal) throws IOException {
        return intents.confirm(planId, hash, principal);
    }

    /** §6.2; throws {@link dev.mfp.daemon.plan.PlanError}, {@link AutomationError} or an operation error. */
    public OperationSnapshot execute(UUID planId, String executor) throws IOException {
        return intents.execute(planId, executor);
    }

    PolicyStore store() {
        return store;
    }

    @Override
    public void close() {
        bus.unregister(facts);
        engine.close();
        followers.shutdownNow();
    }
}
