package dev.mfp.daemon.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuardsTest {

    @Test
    void stateOfAPolicyOutlivesAnApplyOnlyWhileTheDocumentHasIt() {
        Guards g = new Guards();
        AutomationPolicy kept = new AutomationPolicy(UUID.randomUUID(), "kept", true, null, List.of(), 600, 20);
        AutomationPolicy gone = new AutomationPolicy(UUID.randomUUID(), "gone", true, null, List.of(), 600, 20);
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        assertThat(g.admit(kept, now)).isNull();
        assertThat(g.admit(gone, now)).isNull();
        g.retain(Set.of(kept.id()));
        assertThat(g.refusal(kept, now.plusSeconds(1))).isEqualTo("cooldown");
        assertThat(g.refusal(gone, now.plusSeconds(1))).isNull();
    }
}
