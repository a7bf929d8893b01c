package dev.mfp.daemon;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar mfp-daemon.jar [--port N] [--bind ADDR] [--dir W] [--detach]} (see {@link DaemonArgs}). */
public final class Main {
    private final DaemonArgs args;

    private Main(DaemonArgs args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        DaemonArgs args;
        try {
            args = DaemonArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(DaemonArgs.USAGE);
            System.exit(2);
            return;
        }
        if (args.help()) {
            System.out.print(DaemonArgs.USAGE);
        } else if (args.version()) {
            System.out.println(Daemon.VERSION);
        } else {
            try {
                new Main(args).run();
            } catch (Exception e) {
                // a start refused (a bad config.json, the port taken, ...): status 1, whatever it had started
                e.printStackTrace();
                System.exit(1);
            }
        }
    }

    private void run() throws Exception {
        Path work = (args.dir() == null ? Path.of("") : args.dir()).toAbsolutePath();
        FileLogging.Format format = FileLogging.Format.fromConfig(work.resolve("config.json"));
        FileLogging.console(format);
        Logger log = LoggerFactory.getLogger(Main.class);
        Daemon daemon = Daemon.start(work, args.port(), args.bind(), args.detach());
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
    }
}
