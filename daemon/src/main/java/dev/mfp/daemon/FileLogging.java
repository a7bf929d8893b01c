package dev.mfp.daemon;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.LoggerFactory;

/**
 * Adds the daemon's log file ({@code <root>/logs/daemon.log}, 10 MB × 3 rolled files) to the console
 * logging of logback.xml. Only the command-line daemon does this; embedded daemons (tests) log to the
 * console only, so they never write into the directory they happen to run in.
 */
final class FileLogging {
    /**
     * Lines that carry a secret (the main token) go to the console only: the log file lies inside the daemon
     * root, where any token holding a file permission could download it.
     */
    static final Marker CONSOLE_ONLY = MarkerFactory.getMarker("CONSOLE_ONLY");

    private FileLogging() {
    }

    static void enable(Path logDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("FILE");
        file.setFile(logDir.resolve("daemon.log").toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(logDir.resolve("daemon.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder);
        file.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                List<Marker> markers = event.getMarkerList();
                return markers != null && markers.contains(CONSOLE_ONLY) ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        });
        file.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
    }
}
