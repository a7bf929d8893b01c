package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.protocol.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TransportLimitsTest {
    @Test
    void absentKeysTakeTheDefaultsAndPresentOnesMustBePositiveIntegers() throws Exception {
        assertThat(TransportLimits.fromConfig(Json.mapper().readTree("{\"port\": 1}")))
                .isEqualTo(TransportLimits.defaults());
        TransportLimits l = TransportLimits.fromConfig(Json.mapper().readTree(
                "{\"max_pending_connections\": 7, \"http_request_timeout_ms\": 1500, \"max_outbound_bytes\": null}"));
        assertThat(l.maxPendingConnections()).isEqualTo(7);
        assertThat(l.httpRequestTimeoutMs()).isEqualTo(1500);
        assertThat(l.maxOutboundBytes()).isEqualTo(TransportLimits.DEFAULT_MAX_OUTBOUND_BYTES);
        for (String bad : new String[] {"0", "-1", "1.5", "\"10\"", "true"}) {
            assertThatThrownBy(() -> TransportLimits.fromConfig(Json.mapper().readTree(
                    "{\"max_pending_connections_per_address\": " + bad + "}")))
                    .as(bad).isInstanceOf(IOException.class).hasMessageContaining("max_pending_connections_per_address");
        }
    }
}
