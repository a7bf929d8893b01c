package dev.mfp.daemon.instance.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** console.md §5: offsets, replay of the retained history (whole chunks evicted), live output after it. */
class PtyConsoleOutputTest {
    @Test
    void replayKeepsOffsetsAndEvictsWholeChunks() {
        ConsoleOutput out = new ConsoleOutput(10);
        out.publish("abcd".getBytes());
        out.publish("efgh".getBytes());
        out.publish("ijk".getBytes()); // 11 bytes: "abcd" goes
        List<ConsoleOutput.Chunk> got = new ArrayList<>();
        Runnable detach = out.attach(got::add, true, 4);
        assertThat(got).extracting(ConsoleOutput.Chunk::offset).containsExactly(4L, 8L);
        out.publish("l".getBytes());
        assertThat(got).extracting(ConsoleOutput.Chunk::offset).containsExactly(4L, 8L, 11L);
        detach.run();
        out.publish("m".getBytes());
        assertThat(got).hasSize(3);
        assertThat(out.length()).isEqualTo(13);
        assertThat(out.listeners()).isZero();
    }

    @Test
    void replayMergesContiguousChunksAndNoReplayStartsLive() {
        ConsoleOutput out = new ConsoleOutput();
        for (int i = 0; i < 10; i++) {
            out.publish(new byte[] {(byte) ('0' + i)});
        }
        List<ConsoleOutput.Chunk> merged = new ArrayList<>();
        out.attach(merged::add, true, 4);
        assertThat(merged).extracting(c -> new String(c.data())).containsExactly("0123", "4567", "89");
        assertThat(merged).extracting(ConsoleOutput.Chunk::offset).containsExactly(0L, 4L, 8L);
        List<ConsoleOutput.Chunk> live = new ArrayList<>();
        out.attach(live::add, false, 4);
        assertThat(live).isEmpty();
        out.publish("x".getBytes());
        assertThat(live).singleElement().extracting(ConsoleOutput.Chunk::offset).isEqualTo(10L);
    }

    @Test
    void aPseudoTerminalOpensWithASlaveDevice() throws Exception {
        Pty pty = Pty.open();
        try {
            assertThat(pty.slavePath().toString()).matches("/dev/pts/\\d+");
            assertThat(pty.slavePath()).exists();
            pty.resize(100, 30);
            pty.write("x\n".getBytes(), 0, 2); // into the line discipline; echoed back on the master
            byte[] buf = new byte[64];
            int n = pty.read(buf);
            assertThat(new String(buf, 0, n)).startsWith("x");
        } finally {
            pty.close();
        }
        assertThat(pty.read(new byte[8])).isEqualTo(-1);
    }
}
