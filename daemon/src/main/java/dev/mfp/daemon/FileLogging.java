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

    /** The {@code log_format} of config.json: lines for people, or JSON lines for log shippers (issue 12 item 3). */
    enum Format {
        TEXT, JSON;

        /** Reads {@code log_format} from {@code configFile} (absent file or key: text); another value is an error. */
        static Format fromConfig(Path configFile) throws java.io.IOException {
            if (!java.nio.file.Files.isRegularFile(configFile)) {
                return TEXT;
            }
            com.fasterxml.jackson.databind.JsonNode v = dev.mfp.protocol.json.Json.mapper()
                    .readTree(configFile.toFile()).get("log_format");
            if (v == null || v.isNull()) {
                return TEXT;
            }
            return switch (v.isTextual() ? v.textValue() : "") {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new java.io.IOException("config.json: log_format must be \"text\" or \"json\"");
            };
        }
    }

    static void enable(Path logDir) {
        enable(logDir, Format.TEXT);
    }

    /** The console in {@code format} too (JSON lines on stdout for a shipper reading the journal or a pipe). */
    static void console(Format format) {
        if (format != Format.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("CONSOLE") instanceof ch.qos.logback.core.ConsoleAppender<ILoggingEvent> console) {
            console.stop();
            console.setEncoder(jsonEncoder(ctx));
            console.start();
        }
    }

    private static ch.qos.logback.core.encoder.Encoder<ILoggingEvent> jsonEncoder(LoggerContext ctx) {
        ch.qos.logback.classic.encoder.JsonEncoder json = new ch.qos.logback.classic.encoder.JsonEncoder();
        json.setContext(ctx);
        json.start();
        return json;
    }

    static void enable(Path logDir, Format format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder;
        if (format == Format.JSON) {
            encoder = jsonEncoder(ctx);
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(ctx);
            text.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
            text.start();
            encoder = text;
        }

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
