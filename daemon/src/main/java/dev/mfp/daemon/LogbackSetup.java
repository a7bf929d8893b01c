package dev.mfp.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Console logging configured in code (found by logback through {@code META-INF/services}), so the daemon
 * loads no XML parser at start. Level: system property {@code mfp.loglevel} (default INFO). Under systemd the time
 * is left to the journal. The command-line daemon adds its log file, and JSON lines if configured, with
 * {@link FileLogging}.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        // under systemd the journal stamps every line already (JOURNAL_STREAM is set for a unit's stdout)
        boolean journal = System.getenv("JOURNAL_STREAM") != null;
        encoder.setPattern((journal ? "" : "%d{HH:mm:ss.SSS} ") + "%-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("mfp.loglevel"), Level.INFO));
        root.addAppender(console);
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        ctx.getLogger("oshi").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
