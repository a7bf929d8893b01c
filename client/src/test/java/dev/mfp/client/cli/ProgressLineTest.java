package dev.mfp.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfp.protocol.json.Json;
import org.junit.jupiter.api.Test;

/** The progress line of {@code mfp ops}, {@code mfp backup create} and {@code mfp instance create}. */
class ProgressLineTest {
    private static String line(String progress) throws Exception {
        return OperationCommands.progress(Json.mapper().readTree(progress), 10);
    }

    @Test
    void stepsAsAPercentageBytesAsABarElseTheBytesSoFar() throws Exception {
        assertThat(line("{\"indeterminate\":false,\"completed\":0.25,\"total\":1,\"unit\":\"weight\"}"))
                .isEqualTo(" 25%");
        assertThat(line("{\"indeterminate\":false,\"completed\":null,\"total\":null,\"unit\":\"bytes\","
                + "\"bytes_transferred\":524288,\"bytes_total\":2097152,\"rate\":1048576}"))
                .isEqualTo("[###       ]  25%  512.0 KiB / 2.0 MiB  1.0 MiB/s");
        assertThat(line("{\"indeterminate\":true,\"unit\":\"bytes\",\"bytes_transferred\":2048,\"bytes_total\":null}"))
                .isEqualTo("2.0 KiB");
        assertThat(line("{\"indeterminate\":true}")).isEqualTo("  …");
    }
}
