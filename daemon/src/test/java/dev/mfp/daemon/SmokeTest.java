package dev.mfp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.TestDaemon;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void pingOverWebSocket() throws Exception {
        try (TestDaemon d = TestDaemon.start()) {
            MfpClient c = d.client();
            JsonNode data = c.call("ping", null);
            assertThat(data.get("time").asLong()).isPositive();
        }
    }
}
