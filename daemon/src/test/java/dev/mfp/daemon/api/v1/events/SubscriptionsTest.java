package dev.mfp.daemon.api.v1.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.model.EventType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void metaLessEventsNeedOnlyTheType() {
        Subscriptions s = new Subscriptions();
        assertThat(s.accepts(EventType.DAEMON_REPORT, null)).isFalse();
        s.subscribe(EventType.DAEMON_REPORT, null);
        assertThat(s.accepts(EventType.DAEMON_REPORT, null)).isTrue();
        s.unsubscribe(EventType.DAEMON_REPORT, null);
        assertThat(s.accepts(EventType.DAEMON_REPORT, null)).isFalse();
    }

    @Test
    void metaEventsNeedTheirMeta() {
        Subscriptions s = new Subscriptions();
        s.subscribe(EventType.INSTANCE_LOG, a);
        assertThat(s.accepts(EventType.INSTANCE_LOG, a)).isTrue();
        assertThat(s.accepts(EventType.INSTANCE_LOG, b)).isFalse();
    }

    @Test
    void removingTheLastOrOnlyMetaRemovesTheType() {
        Subscriptions s = new Subscriptions();
        s.subscribe(EventType.INSTANCE_LOG, a);
        // C# rule: a set with a single element is removed whole, whichever meta was named.
        s.unsubscribe(EventType.INSTANCE_LOG, b);
        assertThat(s.isSubscribed(EventType.INSTANCE_LOG)).isFalse();

        s.subscribe(EventType.INSTANCE_LOG, a);
        s.subscribe(EventType.INSTANCE_LOG, b);
        s.unsubscribe(EventType.INSTANCE_LOG, a);
        assertThat(s.accepts(EventType.INSTANCE_LOG, a)).isFalse();
        assertThat(s.accepts(EventType.INSTANCE_LOG, b)).isTrue();
        s.unsubscribe(EventType.INSTANCE_LOG, b);
        assertThat(s.isSubscribed(EventType.INSTANCE_LOG)).isFalse();
    }
}
