package dev.mfp.daemon.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.daemon.support.Bytes;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.TestDaemon;
import dev.mfp.daemon.support.Transfers.Mode;
import dev.mfp.daemon.support.Transfers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-exact upload and download round trips through the real daemon, for every encoding (issue #3 §5). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DaemonTest
class FilesRoundTripTest {
    private static final int MIB = 1 << 20;
    private TestDaemon daemon;
    private Transfers t;

    @BeforeAll
    void start() throws Exception {
        t = new Transfers(daemon.client());
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int size : new int[] {0, 1, 2, 3, MIB - 1, MIB, MIB + 1, 5 * MIB + 3}) {
            for (Mode m : Mode.values()) {
                out.add(Arguments.of(size, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bytes via {1}")
    @MethodSource("cases")
    void roundTrip(int size, Mode mode) throws Exception {
        byte[] data = Bytes.random(size, size * 31L + mode.ordinal());
        String path = "rt/" + mode + "/f" + size + ".bin";
        JsonNode done = t.upload(path, data, mode);
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("received").asLong()).isEqualTo(size);
        Path onDisk = daemon.root().resolve(path);
        assertThat(Files.readAllBytes(onDisk)).isEqualTo(data);
        assertThat(t.download(path)).isEqualTo(data);
        try (Stream<Path> s = Files.list(onDisk.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".upload.tmp"));
        }
    }
}
