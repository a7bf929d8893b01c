package dev.mfp.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfp.client.cli.MfpCli;
import dev.mfp.daemon.support.DaemonTest;
import dev.mfp.daemon.support.Instances;
import dev.mfp.daemon.support.Requests;
import dev.mfp.daemon.support.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mfp console ID} against a real daemon and server: history, live lines, typed commands, detach on EOF. */
@DaemonTest
class ConsoleCommandTest {
    private static TestDaemon daemon;

    @Test
    void attachesShowsHistoryAndLiveLinesSendsTypedCommandsAndDetachesAtEndOfInput() throws Exception {
        UUID id = Instances.addServer(daemon, daemon.client(), "console-cli");
        Instances.startAndAwaitRunning(daemon.client(), id);
        String url = daemon.baseUri().toString();

        PipedOutputStream typing = new PipedOutputStream();
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit;
        try {
            System.setIn(new PipedInputStream(typing, 1 << 16));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = CompletableFuture.supplyAsync(() -> new CommandLine(new MfpCli()).execute("--url", url, "--token",
                    daemon.mainToken(), "console", id.toString()));
            await().atMost(Duration.ofSeconds(30)).until(() -> err.toString(StandardCharsets.UTF_8).contains("attached"));
            assertThat(out.toString(StandardCharsets.UTF_8)).as("the history first").contains("Done (");
            typing.write("say typed in the console\n\ntestkit tick 3 10\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8)
                    .contains("[Server] typed in the console") && out.toString(StandardCharsets.UTF_8)
                    .contains("tick done"));
            typing.close(); // Ctrl-D
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.equals("tick 2")).count()).as("each live line once").isEqualTo(1);
        assertThat(printed.lines().filter(l -> l.contains("Done (")).count()).as("the history once").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("detached; the server keeps running");
        assertThat(Instances.status(daemon.client(), id)).as("detaching does not stop it").isEqualTo("running");

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err2, true, StandardCharsets.UTF_8));
            daemon.client().call("kill_instance", Requests.params("id", id.toString()));
            int code = new CommandLine(new MfpCli()).execute("--url", url, "--token", daemon.mainToken(), "console",
                    id.toString());
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(err2.toString(StandardCharsets.UTF_8)).contains("error instance.not_running");
    }
}
