package dev.mfp.daemon;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar mfp-daemon.jar [--port N] [--bind ADDR] [--dir W] [--detach]}. */
@Command(name = "mfp-daemon", mixinStandardHelpOptions = true, version = Daemon.VERSION,
        description = "MCSL Future Protocol v1 daemon: runs Minecraft servers and lets MCSL Future clients drive them.")
public final class Main implements Callable<Integer> {
    @Option(names = "--port", description = "Listening port (overrides config.json; 0 = any free port).")
    Integer port;

    @Option(names = "--bind", description = "Listening address (overrides config.json; default 0.0.0.0).")
    String bind;

    @Option(names = "--detach", description = "This run's graceful shutdown leaves running servers running for the"
            + " next daemon to re-adopt (shutdown_policy \"detach\" for one run, e.g. for an upgrade).")
    boolean detach;

    @Option(names = "--dir", description = "Working directory holding config.json and daemon/ (default: current directory).")
    Path dir;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path work = (dir == null ? Path.of("") : dir).toAbsolutePath();
        FileLogging.Format format = FileLogging.Format.fromConfig(work.resolve("config.json"));
        FileLogging.console(format);
        Logger log = LoggerFactory.getLogger(Main.class);
        Daemon daemon = Daemon.start(work, port, bind, detach);
        FileLogging.enable(daemon.root().path().resolve("logs"), format);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            log.info("shutting down");
            daemon.close();
            stopped.countDown();
        };
        Thread hook = new Thread(shutdown, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicBoolean signalled = new AtomicBoolean();
        Signals.onTermination(() -> {
            // Handled ourselves so that a SIGTERM/SIGINT stop exits with 0 rather than 143/130. A second
            // signal while stopping is ignored: it must not cut the graceful stop of the instances short.
            if (!signalled.compareAndSet(false, true)) {
                return;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown.run();
            Runtime.getRuntime().halt(0);
        });
        log.info(FileLogging.CONSOLE_ONLY, "main token: {}", daemon.mainToken());
        String ws = "ws://" + daemon.config().bind() + ":" + daemon.port();
        log.info("MFP daemon {} listening on http://{}:{} (WebSocket v1 {}/api/v1, v2 {}/api/v2), root {}",
                Daemon.VERSION, daemon.config().bind(), daemon.port(), ws, ws, daemon.root().path());
        log.info("ready");
        stopped.await();
        return 0;
    }
}
