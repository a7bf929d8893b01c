package dev.mfp.daemon.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstsTest {
    @Test
    void flushesRunOnceWhenTheOutermostBurstEndsInOrder() {
        List<String> done = new ArrayList<>();
        assertThat(Bursts.defer(() -> done.add("outside"))).as("no burst: flush yourself").isFalse();
        boolean behind = Bursts.run(() -> {
            assertThat(Bursts.defer(() -> done.add("a"))).isTrue();
            Bursts.run(() -> assertThat(Bursts.defer(() -> done.add("b"))).isTrue());
            assertThat(done).as("a nested burst is part of the outer one").isEmpty();
        });
        assertThat(done).containsExactly("a", "b");
        assertThat(behind).isFalse();
    }

    @Test
    void aFlushReportsABacklogAndAFailingOneDoesNotStopTheOthers() {
        List<String> done = new ArrayList<>();
        boolean behind = Bursts.run(() -> {
            Bursts.defer(() -> {
                throw new IllegalStateException("broken");
            });
            Bursts.defer(Bursts::backlog);
            Bursts.defer(() -> done.add("last"));
        });
        assertThat(behind).isTrue();
        assertThat(done).containsExactly("last");
        Bursts.backlog(); // outside a flush: nothing to tell
        assertThat(Bursts.run(() -> { })).isFalse();
    }
}
