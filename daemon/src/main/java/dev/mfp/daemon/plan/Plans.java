package dev.mfp.daemon.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan kernel of provisioning.md §2: plan creation with expiry and idempotency (§2.5), confirm and execute
 * admission (§2.4), the status rules (§2.2) and {@code plans/index.json} (§2.6, rewritten atomically on every
 * change), for every plan kind.
 */
public final class Plans {
    public static final String INDEX = "index.json";
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(15);
    /**
     * The one kind confirmed by anyone but its creator and executed by its confirmer (provisioning.md §2.4 step 4 and
     * execute step 5): automation intents.
     */
    public static final String INTENT_KIND = "automation.intent";

    private static final Logger LOG = LoggerFactory.getLogger(Plans.class);

    private final Path dir;
    private final Clock clock;
    private final Map<UUID, PlanSnapshot> plans = new LinkedHashMap<>();
    private int maxPlans = 1024;
    private int maxLivePerCreator = 64;

    private Plans(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public static Plans open(Path dir, Clock clock) throws IOException {
        Plans p = new Plans(dir, clock);
        Files.createDirectories(dir);
        Path index = dir.resolve(INDEX);
        if (Files.exists(index)) {
            try {
                for (JsonNode n : Json.mapper().readTree(Files.readAllBytes(index))) {
                    try {
                        PlanSnapshot s = PlanSnapshot.fromJson(n);
                        p.plans.put(s.planId(), s);
                    } catch (RuntimeException e) {
                        LOG.warn("plans/index.json: skipping an unreadable plan: {}", e.toString());
                    }
                }
            } catch (IOException e) {
                LOG.warn("plans/index.json is unreadable: {}", e.toString());
            }
        }
        return p;
    }

    /**
     * Bounds what clients can grow: at most {@code total} plans are kept (the oldest consumed or expired ones are
     * dropped first) and one creator holds at most {@code livePerCreator} live plans; beyond either a new plan is
     * {@code plan.limit} (C).
     */
    public synchronized Plans limit(int total, int livePerCreator) {
        this.maxPlans = Math.max(1, total);
        this.maxLivePerCreator = Math.max(1, livePerCreator);
        return this;
    }

    /**
     * §2.6 at start: a plan found {@code executing} becomes {@code consumed} if {@code operationExists(kind, planId)}
     * finds its operation, else {@code ready}.
     */
    public synchronized void reconcile(BiPredicate<String, UUID> operationExists) throws IOException {
        boolean changed = false;
        for (PlanSnapshot s : List.copyOf(plans.values())) {
            if (s.status() == PlanSnapshot.Status.EXECUTING) {
                plans.put(s.planId(), s.withStatus(operationExists.test(s.kind(), s.planId())
                        ? PlanSnapshot.Status.CONSUMED : s.derivedStatus()));
                changed = true;
            }
        }
        if (changed) {
            write();
        }
    }

    /**
     * Creates a plan from {@code draft} (its id, hash, status, times and creator are filled here), or returns the
     * existing plan of the same idempotency scope and intent (§2.5).
     */
    public synchronized PlanSnapshot create(PlanSnapshot draft, String creator, String storedKey, Duration expiry)
            throws IOException {
        expireAll();
        Instant now = clock.instant();
        Duration e = expiry == null || expiry.isZero() || expiry.isNegative() ? DEFAULT_EXPIRY : expiry;
        PlanSnapshot p = new PlanSnapshot(UUID.randomUUID(), "", draft.kind(), PlanSnapshot.Status.BLOCKED,
                draft.riskClass(), draft.requiredPermissions(), draft.requiresConfirmation(), creator, now,
                now.plus(e), draft.unresolved(), draft.provider(), draft.instanceName(), draft.minecraftVersion(),
                draft.source(), draft.mirror(), draft.javaPath(), storedKey, draft.payload(), null, null);
        String hash = PlanHash.of(p);
        p = new PlanSnapshot(p.planId(), hash, p.kind(), p.status(), p.riskClass(), p.requiredPermissions(),
                p.requiresConfirmation(), p.creatorPrincipal(), p.createdAt(), p.expiresAt(), p.unresolved(),
                p.provider(), p.instanceName(), p.minecraftVersion(), p.source(), p.mirror(), p.javaPath(),
                p.idempotencyKey(), p.payload(), null, null);
        p = p.withStatus(p.derivedStatus());
        if (storedKey != null) {
            for (PlanSnapshot s : plans.values()) {
                if (!s.status().isFinal() && creator.equals(s.creatorPrincipal())
                        && storedKey.equals(s.idempotencyKey())) {
                    if (s.planHash().equals(hash)) {
                        return s;
                    }
                    throw new PlanError("plan.idempotency_conflict", DaemonErrorKind.CONFLICT);
                }
            }
        }
        makeRoom(creator);
        plans.put(p.planId(), p);
        try {
            write();
        } catch (IOException ex) {
            plans.remove(p.planId());
            throw ex;
        }
        return p;
    }

    private void makeRoom(String creator) {
        long live = plans.values().stream().filter(s -> !s.status().isFinal() && creator.equals(s.creatorPrincipal()))
                .count();
        if (live >= maxLivePerCreator) {
            throw new PlanError("plan.limit", DaemonErrorKind.CONFLICT);
        }
        var it = plans.values().iterator(); // insertion order: the oldest first
        while (plans.size() >= maxPlans && it.hasNext()) {
            if (it.next().status().isFinal()) {
                it.remove();
            }
        }
        if (plans.size() >= maxPlans) {
            throw new PlanError("plan.limit", DaemonErrorKind.CONFLICT);
        }
    }

    /**
     * §2.4 confirm of a plan of {@code kind} ({@code plan.kind_mismatch} otherwise): the confirmer must be the creator,
     * except for {@link #INTENT_KIND} where it must be anyone else.
     */
    public synchronized PlanSnapshot confirm(UUID planId, String kind, String hash, String principal)
            throws IOException {
        PlanSnapshot s = live(planId);
        requireKind(s, kind);
        if (!s.planHash().equals(hash)) {
            throw new PlanError("plan.hash_mismatch", DaemonErrorKind.VALIDATION);
        }
        if (INTENT_KIND.equals(s.kind()) == s.creatorPrincipal().equals(principal)) {
            throw new PlanError("plan.forbidden", DaemonErrorKind.PERMISSION);
        }
        if (s.confirmedBy() != null) {
            if (s.confirmedBy().equals(principal)) {
                return s;
            }
            throw new PlanError("plan.forbidden", DaemonErrorKind.PERMISSION);
        }
        if ("routine".equals(s.riskClass()) && !s.requiresConfirmation()) {
            throw new PlanError("plan.confirmation_not_required", DaemonErrorKind.CONFLICT);
        }
        PlanSnapshot c = s.confirmed(principal, clock.instant());
        if (s.status() == PlanSnapshot.Status.EXECUTING) {
            c = c.withStatus(PlanSnapshot.Status.EXECUTING);
        }
        put(c, s);
        return c;
    }

    /** The plan, unless unknown ({@code plan.not_found}) or expired ({@code plan.expired}). */
    public synchronized PlanSnapshot get(UUID planId) throws IOException {
        return live(planId);
    }

    /**
     * Execute admission steps 1–6 of §2.4, then the kind ({@code plan.kind_mismatch}): the plan is {@code executing}
     * (persisted) when this returns.
     */
    public synchronized PlanSnapshot admit(UUID planId, String kind, String executor) throws IOException {
        PlanSnapshot s = live(planId);
        if (s.status() == PlanSnapshot.Status.EXECUTING || s.status() == PlanSnapshot.Status.CONSUMED) {
            throw new PlanError("plan.single_flight", DaemonErrorKind.CONFLICT);
        }
        if (s.status() != PlanSnapshot.Status.READY) {
            throw new PlanError("plan.not_ready", DaemonErrorKind.CONFLICT);
        }
        String bound = INTENT_KIND.equals(s.kind()) ? s.confirmedBy() : s.creatorPrincipal();
        if (!executor.equals(bound)) {
            throw new PlanError("plan.forbidden", DaemonErrorKind.PERMISSION);
        }
        requireKind(s, kind);
        PlanSnapshot e = s.withStatus(PlanSnapshot.Status.EXECUTING);
        put(e, s);
        return e;
    }

    private static void requireKind(PlanSnapshot s, String kind) {
        if (!kind.equals(s.kind())) {
            throw new PlanError("plan.kind_mismatch", DaemonErrorKind.VALIDATION);
        }
    }

    /** Back to {@code ready}: a kind check failed or the operation could not be started (§2.4 steps 7–8). */
    public synchronized void release(UUID planId) {
        PlanSnapshot s = plans.get(planId);
        if (s != null && s.status() == PlanSnapshot.Status.EXECUTING) {
            try {
                put(s.withStatus(s.derivedStatus()), s);
            } catch (IOException e) {
                LOG.warn("plan {} not released: {}", planId, e.toString());
            }
        }
    }

    /** {@code executing} → {@code consumed} with the operation's terminal state (§2.2). */
    public synchronized void consume(UUID planId) throws IOException {
        PlanSnapshot s = plans.get(planId);
        if (s != null && s.status() == PlanSnapshot.Status.EXECUTING) {
            put(s.withStatus(PlanSnapshot.Status.CONSUMED), s);
        }
    }

    /** Plans matching {@code test} that are blocked, ready or executing and not expired (backups.md §5 pins). */
    public synchronized List<PlanSnapshot> live(Predicate<PlanSnapshot> test) {
        Instant now = clock.instant();
        List<PlanSnapshot> out = new ArrayList<>();
        for (PlanSnapshot s : plans.values()) {
            boolean alive = s.status() == PlanSnapshot.Status.EXECUTING
                    || !s.status().isFinal() && s.expiresAt().isAfter(now);
            if (alive && test.test(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private PlanSnapshot live(UUID planId) throws IOException {
        PlanSnapshot s = plans.get(planId);
        if (s == null) {
            throw new PlanError("plan.not_found", DaemonErrorKind.NOT_FOUND);
        }
        if (s.status() != PlanSnapshot.Status.EXECUTING && !s.status().isFinal()
                && !s.expiresAt().isAfter(clock.instant())) {
            put(s.withStatus(PlanSnapshot.Status.EXPIRED), s);
            s = plans.get(planId);
        }
        if (s.status() == PlanSnapshot.Status.EXPIRED) {
            throw new PlanError("plan.expired", DaemonErrorKind.CONFLICT);
        }
        return s;
    }

    private void expireAll() throws IOException {
        Instant now = clock.instant();
        boolean changed = false;
        for (PlanSnapshot s : List.copyOf(plans.values())) {
            if (s.status() != PlanSnapshot.Status.EXECUTING && !s.status().isFinal()
                    && !s.expiresAt().isAfter(now)) {
                plans.put(s.planId(), s.withStatus(PlanSnapshot.Status.EXPIRED));
                changed = true;
            }
        }
        if (changed) {
            write();
        }
    }

    private void put(PlanSnapshot next, PlanSnapshot prev) throws IOException {
        plans.put(next.planId(), next);
        try {
            write();
        } catch (IOException e) {
            plans.put(prev.planId(), prev);
            throw e;
        }
    }

    private void write() throws IOException {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (PlanSnapshot s : plans.values()) {
            ObjectNode o = s.toJson();
            arr.add(o);
        }
        AtomicFiles.write(dir.resolve(INDEX), Json.mapper().writeValueAsBytes(arr));
    }
}
