package dev.mfp.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The daemon's command line, as ./mfp-daemon, the service unit and the tests pass it. */
class DaemonArgsTest {
    @Test
    void noArgumentsMeanTheDefaults() {
        assertThat(DaemonArgs.parse()).isEqualTo(new DaemonArgs(null, null, null, false, false, false));
    }

    @Test
    void everyOptionInBothForms() {
        assertThat(DaemonArgs.parse("--port", "0", "--bind", "127.0.0.1", "--dir", "/srv/mfp", "--detach"))
                .isEqualTo(new DaemonArgs(0, "127.0.0.1", Path.of("/srv/mfp"), true, false, false));
        assertThat(DaemonArgs.parse("--port=25575", "--bind=::1", "--dir=run"))
                .isEqualTo(new DaemonArgs(25575, "::1", Path.of("run"), false, false, false));
        assertThat(DaemonArgs.parse("--dir=a=b").dir()).isEqualTo(Path.of("a=b"));
        assertThat(DaemonArgs.parse("-h").help()).isTrue();
        assertThat(DaemonArgs.parse("--help").help()).isTrue();
        assertThat(DaemonArgs.parse("-V").version()).isTrue();
        assertThat(DaemonArgs.parse("--version").version()).isTrue();
    }

    @Test
    void badCommandLinesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> DaemonArgs.parse("--prot", "1")).hasMessageContaining("Unknown option: '--prot'");
        assertThatThrownBy(() -> DaemonArgs.parse("server")).hasMessageContaining("Unknown option: 'server'");
        assertThatThrownBy(() -> DaemonArgs.parse("--port")).hasMessageContaining("Missing required parameter");
        assertThatThrownBy(() -> DaemonArgs.parse("--port", "x")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> DaemonArgs.parse("--port=65536")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> DaemonArgs.parse("--port=-1")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> DaemonArgs.parse("--dir", "a", "--dir", "b")).hasMessageContaining("only once");
        assertThatThrownBy(() -> DaemonArgs.parse("--detach=yes")).hasMessageContaining("takes no value");
    }

    @Test
    void theUsageNamesEveryOption() {
        assertThat(DaemonArgs.USAGE).contains("--port=N", "--bind=ADDR", "--dir=W", "--detach", "--help",
                "--version");
    }
}
