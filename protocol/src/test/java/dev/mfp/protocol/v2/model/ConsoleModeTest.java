package dev.mfp.protocol.v2.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.json.WireEnums;
import org.junit.jupiter.api.Test;

class ConsoleModeTest {
    @Test
    void wireValuesAreTheSnakeCaseNames() throws Exception {
        for (ConsoleMode m : ConsoleMode.values()) {
            assertThat(m.wire()).isEqualTo(WireEnums.wire(m));
        }
        assertThat(Wire.text(ConsoleMode.PIPE)).isEqualTo("\"pipe\"");
        assertThat(Wire.text(ConsoleMode.PTY)).isEqualTo("\"pty\"");
        assertThat(Json.mapper().readValue("\"pty\"", ConsoleMode.class)).isEqualTo(ConsoleMode.PTY);
    }

    @Test
    void unknownValuesAreRejected() {
        assertThat(ConsoleMode.fromWire("pipe")).isEqualTo(ConsoleMode.PIPE);
        assertThatThrownBy(() -> ConsoleMode.fromWire("tty")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleMode.fromWire(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
