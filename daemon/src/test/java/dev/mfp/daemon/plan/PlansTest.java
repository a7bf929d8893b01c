package dev.mfp.daemon.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.support.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan kernel (provisioning.md §2) in-process with a hand-moved clock. */
class PlansTest {
    private static final String KIND = "backup.restore";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock("2026-01-01T00:00:00Z");

    private static PlanSnapshot draft(String source) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("b", 1).put("a", "x+y");
        return new PlanSnapshot(null, null, "backup.restore", PlanSnapshot.Status.BLOCKED, "destructive",
                List.of("z", "a"), true, null, null, null, List.of(), "neo_forge", "name", "1.21.4", source,
                "bmcl_api", null, null, payload, null, null);
    }

    @Test
    void hashDependsOnTheIntentOnlyAndEscapesLikeDotNet() throws Exception {
        Plans plans = Plans.open(dir, clock);
        PlanSnapshot a = plans.create(draft("s"), "alice", null, null);
        clock.advance(Duration.ofSeconds(5));
        PlanSnapshot b = plans.create(draft("s"), "bob", "k", Duration.ofMinutes(1));
        PlanSnapshot c = plans.create(draft("t"), "alice", null, null);
        assertThat(a.planHash()).isEqualTo(b.planHash()).isNotEqualTo(c.planHash()).matches("[0-9a-f]{64}");
        assertThat(PlanHash.str("a+b<'é\"")).isEqualTo("\"a\\u002Bb\\u003C\\u0027\\u00E9\\u0022\"");
        assertThat(PlanHash.pascal("neo_forge")).isEqualTo("NeoForge");
        assertThat(PlanHash.pascal("bmcl_api")).isEqualTo("BmclApi");
        assertThat(a.expiresAt()).isEqualTo(a.createdAt().plus(Plans.DEFAULT_EXPIRY));
        assertThat(a.status()).isEqualTo(PlanSnapshot.Status.BLOCKED);
    }

    @Test
    void confirmRulesExpiryIdempotencyAndExecuteAdmission() throws Exception {
        Plans plans = Plans.open(dir, clock);
        PlanSnapshot p = plans.create(draft("s"), "alice", "backup.restore:k", null);
        assertThat(plans.create(draft("s"), "alice", "backup.restore:k", null).planId()).isEqualTo(p.planId());
        assertThat(catchThrowableOfType(PlanError.class,
                () -> plans.create(draft("other"), "alice", "backup.restore:k", null)).code())
                .isEqualTo("plan.idempotency_conflict");
        assertThat(plans.create(draft("other"), "bob", "backup.restore:k", null).planId()).isNotEqualTo(p.planId());
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.admit(p.planId(), KIND, "alice")).code())
                .isEqualTo("plan.not_ready");
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.confirm(p.planId(), KIND, "bad", "alice")).code())
                .isEqualTo("plan.hash_mismatch");
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.confirm(p.planId(), KIND, p.planHash(), "bob"))
                .code()).isEqualTo("plan.forbidden");
        PlanSnapshot ready = plans.confirm(p.planId(), KIND, p.planHash(), "alice");
        assertThat(ready.status()).isEqualTo(PlanSnapshot.Status.READY);
        assertThat(ready.confirmedBy()).isEqualTo("alice");
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.admit(p.planId(), KIND, "bob")).code())
                .isEqualTo("plan.forbidden");
        // a plan of another kind: refused by the kernel before anything is written
        assertThat(catchThrowableOfType(PlanError.class,
                () -> plans.confirm(p.planId(), "automation.intent", p.planHash(), "alice")).code())
                .isEqualTo("plan.kind_mismatch");
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.admit(p.planId(), "automation.intent", "alice"))
                .code()).isEqualTo("plan.kind_mismatch");
        assertThat(plans.get(p.planId()).status()).isEqualTo(PlanSnapshot.Status.READY);
        assertThat(plans.admit(p.planId(), KIND, "alice").status()).isEqualTo(PlanSnapshot.Status.EXECUTING);
        // a restart while executing with no operation: ready again (§2.6)
        Plans restarted = Plans.open(dir, clock);
        restarted.reconcile((kind, id) -> false);
        assertThat(restarted.get(p.planId()).status()).isEqualTo(PlanSnapshot.Status.READY);
        assertThat(restarted.admit(p.planId(), KIND, "alice").status()).isEqualTo(PlanSnapshot.Status.EXECUTING);
        clock.advance(Duration.ofHours(1)); // executing plans never expire
        assertThat(catchThrowableOfType(PlanError.class, () -> restarted.admit(p.planId(), KIND, "alice")).code())
                .isEqualTo("plan.single_flight");
        // a restart while executing whose operation exists: consumed
        Plans again = Plans.open(dir, clock);
        again.reconcile((kind, id) -> kind.equals("backup.restore") && id.equals(p.planId()));
        assertThat(catchThrowableOfType(PlanError.class, () -> again.admit(p.planId(), KIND, "alice")).code())
                .isEqualTo("plan.single_flight");
        // a blocked plan past its expiry is expired, and frees its idempotency scope
        PlanSnapshot old = again.create(draft("x"), "carol", "backup.restore:e", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertThat(catchThrowableOfType(PlanError.class, () -> again.get(old.planId())).code())
                .isEqualTo("plan.expired");
        assertThat(again.create(draft("y"), "carol", "backup.restore:e", null).planId()).isNotEqualTo(old.planId());
        assertThat(catchThrowableOfType(PlanError.class, () -> again.get(UUID.randomUUID())).code())
                .isEqualTo("plan.not_found");
    }

    @Test
    void plansAreBoundedPerCreatorAndInTotal() throws Exception {
        Plans plans = Plans.open(dir, clock).limit(5, 3);
        for (int i = 0; i < 3; i++) {
            plans.create(draft("a" + i), "alice", null, null);
        }
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.create(draft("a3"), "alice", null, null))
                .code()).isEqualTo("plan.limit");
        // an idempotent repeat is no new plan
        PlanSnapshot keyed = plans.create(draft("b0"), "bob", "k", null);
        assertThat(plans.create(draft("b0"), "bob", "k", null).planId()).isEqualTo(keyed.planId());
        plans.create(draft("b1"), "bob", null, null);
        // 5 live plans: the total bound holds until some become final, then the oldest final ones make room
        assertThat(catchThrowableOfType(PlanError.class, () -> plans.create(draft("c0"), "carol", null, null))
                .code()).isEqualTo("plan.limit");
        clock.advance(Plans.DEFAULT_EXPIRY.plusSeconds(1));
        PlanSnapshot c = plans.create(draft("c0"), "carol", null, null);
        assertThat(plans.get(c.planId()).planId()).isEqualTo(c.planId());
        for (int i = 1; i < 3; i++) {
            plans.create(draft("c" + i), "carol", null, null);
        }
        assertThat(Plans.open(dir, clock).live(p -> true)).hasSize(3);
    }
}
