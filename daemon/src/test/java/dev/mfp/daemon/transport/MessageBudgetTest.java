package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBudgetTest {
    @Test
    void growingPastTheLimitEvictsTheNewestUnfinishedMessageFirst() {
        MessageBudget budget = new MessageBudget(100);
        List<String> evicted = new ArrayList<>();
        MessageBudget.Holder a = budget.holder(() -> evicted.add("a"));
        MessageBudget.Holder b = budget.holder(() -> evicted.add("b"));
        MessageBudget.Holder c = budget.holder(() -> evicted.add("c"));
        a.start();
        assertThat(a.resize(40)).isTrue();
        b.start();
        assertThat(b.resize(30)).isTrue();
        c.start();
        assertThat(c.resize(20)).isTrue();
        assertThat(budget.used()).isEqualTo(90);

        assertThat(a.resize(80)).as("the oldest grows; the newest (c), then b, make room").isTrue();
        assertThat(evicted).containsExactly("c", "b");
        assertThat(budget.used()).isEqualTo(80);
        assertThat(b.resize(10)).as("an evicted holder gets nothing more").isFalse();
        assertThat(budget.used()).isEqualTo(80);
    }

    @Test
    void theNewestAskingForTooMuchIsRefusedItself() {
        MessageBudget budget = new MessageBudget(100);
        List<String> evicted = new ArrayList<>();
        MessageBudget.Holder old = budget.holder(() -> evicted.add("old"));
        MessageBudget.Holder young = budget.holder(() -> evicted.add("young"));
        old.start();
        old.resize(60);
        young.start();
        young.resize(30);
        assertThat(young.resize(50)).isFalse();
        assertThat(evicted).as("refused in place, not called back").isEmpty();
        assertThat(budget.used()).isEqualTo(60);
        old.finish(0);
        assertThat(budget.used()).isZero();
    }

    @Test
    void keptArraysCountAndAreOnlyKeptWhileTheBudgetIsAtMostHalfUsed() {
        MessageBudget budget = new MessageBudget(100);
        MessageBudget.Holder a = budget.holder(() -> { });
        MessageBudget.Holder b = budget.holder(() -> { });
        a.start();
        a.resize(40);
        assertThat(a.mayKeep()).isTrue();
        a.finish(40);
        assertThat(budget.used()).isEqualTo(40);
        b.start();
        assertThat(b.resize(60)).as("a kept array is not evicted for someone else").isTrue();
        assertThat(b.resize(70)).as("and not an unfinished message either: b is the newest").isFalse();
        assertThat(budget.used()).isEqualTo(40);
        b.start();
        b.resize(20);
        assertThat(b.mayKeep()).as("60 of 100 used").isFalse();
    }
}
