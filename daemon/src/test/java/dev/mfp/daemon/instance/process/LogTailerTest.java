package dev.mfp.daemon.instance.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LogTailer} on real files: partial lines, exact offsets, truncation, long lines, encodings; the disk bound. */
class LogTailerTest {
    private Path dir;
    private Path log;
    private FileChannel ch;
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong committed = new AtomicLong(-1);

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("mfp-tailer");
        log = dir.resolve("stdout.log");
        Files.createFile(log);
        ch = FileChannel.open(log, StandardOpenOption.READ);
    }

    @AfterEach
    void tearDown() throws IOException {
        ch.close();
        dev.mfp.daemon.support.TestDaemon.deleteTree(dir);
    }

    private LogTailer tailer(long offset, Charset cs) {
        return new LogTailer(LogTailer.Source.of(ch), offset, cs, lines::add, committed::set);
    }

    private void append(String s, Charset cs) throws IOException {
        Files.write(log, s.getBytes(cs), StandardOpenOption.APPEND);
    }

    @Test
    void aPartialLineWaitsForItsNewlineAndTheOffsetIsAfterTheLastWholeLine() throws IOException {
        LogTailer t = tailer(0, StandardCharsets.UTF_8);
        append("one\r\ntwo\nthr", StandardCharsets.UTF_8);
        t.poll();
        assertThat(lines).containsExactly("one", "two");
        assertThat(committed.get()).isEqualTo("one\r\ntwo\n".length());
        assertThat(t.poll()).isZero();
        append("ee\n\nfour", StandardCharsets.UTF_8);
        t.poll();
        assertThat(lines).containsExactly("one", "two", "three", "");
        t.finish();
        assertThat(lines).containsExactly("one", "two", "three", "", "four");
        assertThat(committed.get()).isEqualTo(Files.size(log));
    }

    @Test
    void aSecondReaderStartingAtTheCommittedOffsetDeliversEachLineOnce() throws IOException {
        LogTailer first = tailer(0, StandardCharsets.UTF_8);
        append("a1\na2\na", StandardCharsets.UTF_8);
        first.poll();
        long offset = committed.get();
        // the first reader dies here; more is written meanwhile
        append("3\na4\n", StandardCharsets.UTF_8);
        List<String> second = new ArrayList<>();
        new LogTailer(LogTailer.Source.of(ch), offset, StandardCharsets.UTF_8, second::add, o -> { }).finish();
        assertThat(lines).containsExactly("a1", "a2");
        assertThat(second).containsExactly("a3", "a4");
        assertThat(LogTailer.linesBefore(ch, offset, 1 << 20, StandardCharsets.UTF_8)).containsExactly("a1", "a2");
        assertThat(LogTailer.linesBefore(ch, offset, 4, StandardCharsets.UTF_8)).as("the cut first line is dropped")
                .containsExactly("a2");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStart() throws IOException {
        LogTailer t = tailer(0, StandardCharsets.UTF_8);
        append("before truncation\n", StandardCharsets.UTF_8);
        t.poll();
        try (FileChannel w = FileChannel.open(log, StandardOpenOption.WRITE)) {
            w.truncate(0);
        }
        append("after\n", StandardCharsets.UTF_8);
        t.poll();
        assertThat(lines).containsExactly("before truncation", "after");
        assertThat(committed.get()).isEqualTo(6);
    }

    @Test
    void longLinesComeInPiecesWithExactOffsetsAndMultibyteCharactersStayWhole() throws IOException {
        int max = ConsoleLineReader.MAX_LINE_CHARS;
        String longLine = "é".repeat(max + 10); // 2 bytes each: pieces cut by characters, not bytes
        LogTailer t = tailer(0, StandardCharsets.UTF_8);
        append(longLine.substring(0, max + 5), StandardCharsets.UTF_8);
        while (t.poll() > 0) {
            // all of it
        }
        assertThat(lines).containsExactly("é".repeat(max));
        assertThat(committed.get()).isEqualTo(2L * max);
        append(longLine.substring(max + 5) + "\n", StandardCharsets.UTF_8);
        t.poll();
        assertThat(lines).containsExactly("é".repeat(max), "é".repeat(10));
        assertThat(committed.get()).isEqualTo(Files.size(log));
    }

    @Test
    void wideAndLegacyCharsetsSplitOnTheirOwnNewline() throws IOException {
        Charset utf16 = StandardCharsets.UTF_16LE;
        LogTailer t = tailer(0, utf16);
        // U+0A0A has the newline byte in both halves: not a line end in UTF-16
        append("\u0a0a x\r\nzweite\n", utf16);
        t.poll();
        assertThat(lines).containsExactly("\u0a0a x", "zweite");
        lines.clear();
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        Charset gbk = Charset.forName("GBK");
        LogTailer g = tailer(0, gbk);
        append("服务器已启动\n你好\n", gbk);
        g.poll();
        assertThat(lines).containsExactly("服务器已启动", "你好");
    }

    @Test
    void malformedBytesAreReplacedNotFatal() throws IOException {
        LogTailer t = tailer(0, StandardCharsets.UTF_8);
        Files.write(log, new byte[] {'o', 'k', (byte) 0xC3, '\n', 'x', '\n'}, StandardOpenOption.APPEND);
        t.poll();
        assertThat(lines).containsExactly("ok\uFFFD", "x");
    }

    @Test
    void theSharedThreadDeliversFinishesAndKeepsTheDiskBounded() throws Exception {
        Path cdir = dir.resolve("console");
        FileConsole fc = FileConsole.newRun(cdir, StandardCharsets.UTF_8);
        Path out = cdir.resolve(FileConsole.STDOUT);
        byte[] line = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
        int count = 48 * 1024; // 48 MiB
        List<String> got = new CopyOnWriteArrayList<>();
        AtomicLong n = new AtomicLong();
        try (LogTailers tailers = new LogTailers()) {
            fc.start(tailers, l -> n.incrementAndGet(), got::add);
            try (FileChannel w = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(line.length * 1024);
                for (int i = 0; i < 1024; i++) {
                    chunk.put(line);
                }
                for (int i = 0; i < count / 1024; i++) {
                    chunk.flip();
                    while (chunk.hasRemaining()) {
                        w.write(chunk);
                    }
                }
            }
            Files.writeString(cdir.resolve(FileConsole.STDERR), "err one\nerr tw", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(60)).until(() -> n.get() == count);
            long allocated = allocatedBytes(out);
            assertThat(Files.size(out)).isEqualTo((long) count * line.length);
            assertThat(allocated).as("blocks behind the delivered offset are freed (allocated %d)", allocated)
                    .isLessThan(FileConsole.KEEP_BYTES + FileConsole.PUNCH_STEP + (2L << 20));
            fc.finish(5000, l -> { }, l -> { });
        }
        assertThat(got).containsExactly("err one", "err tw");
        // the next daemon finds the offsets: nothing is delivered twice
        FileConsole again = FileConsole.existing(cdir, 0, StandardCharsets.UTF_8);
        List<String> more = new ArrayList<>();
        Files.writeString(out, "later\n", StandardOpenOption.APPEND);
        again.finish(5000, more::add, more::add);
        assertThat(more).containsExactly("later");
    }

    /**
     * Writes that follow the start at once, before the reading thread has taken the new logs in: their first read
     * must not overtake the writes queued in order (it read stdout's, then stderr's, whatever came first).
     */
    @Test
    void writesRightAfterTheStartKeepTheirOrder() throws Exception {
        try (LogTailers tailers = new LogTailers()) {
            for (int run = 0; run < 40; run++) {
                Path cdir = dir.resolve("fresh-" + run);
                FileConsole fc = FileConsole.newRun(cdir, StandardCharsets.UTF_8);
                List<String> both = new CopyOnWriteArrayList<>();
                fc.start(tailers, l -> both.add("out " + l), l -> both.add("err " + l));
                Files.writeString(cdir.resolve(FileConsole.STDERR), "first\n", StandardOpenOption.APPEND);
                Files.writeString(cdir.resolve(FileConsole.STDOUT), "second\n", StandardOpenOption.APPEND);
                await().atMost(Duration.ofSeconds(10)).until(() -> both.size() == 2);
                assertThat(both).as("run " + run).containsExactly("err first", "out second");
                fc.finish(5000, l -> { }, l -> { });
            }
        }
    }

    @Test
    void stdoutAndStderrComeInTheOrderTheyWereWritten() throws Exception {
        Path cdir = dir.resolve("ordered");
        FileConsole fc = FileConsole.newRun(cdir, StandardCharsets.UTF_8);
        List<String> both = new CopyOnWriteArrayList<>();
        try (LogTailers tailers = new LogTailers()) {
            fc.start(tailers, l -> both.add("out " + l), l -> both.add("err " + l));
            for (int round = 0; round < 20; round++) {
                // written back to back, well within one idle sleep of the reading thread
                boolean errFirst = round % 2 == 0;
                Files.writeString(cdir.resolve(errFirst ? FileConsole.STDERR : FileConsole.STDOUT), "first " + round
                        + "\n", StandardOpenOption.APPEND);
                Files.writeString(cdir.resolve(errFirst ? FileConsole.STDOUT : FileConsole.STDERR), "second " + round
                        + "\n", StandardOpenOption.APPEND);
                int r = round;
                await().atMost(Duration.ofSeconds(10)).until(() -> both.size() == 2 * (r + 1));
                assertThat(both.get(2 * round)).isEqualTo((errFirst ? "err" : "out") + " first " + round);
                Thread.sleep(25);
            }
            fc.finish(5000, l -> { }, l -> { });
        }
    }

    /** st_blocks × 512 (the file system's allocation), through stat(1). */
    private static long allocatedBytes(Path f) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", f.toString()).redirectErrorStream(true).start();
        String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        p.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
