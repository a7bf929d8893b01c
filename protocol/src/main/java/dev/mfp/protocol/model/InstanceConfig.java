package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.v2.model.ConsoleMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An instance's configuration, on the wire and in {@code daemon_instance.json} (models.md §3.1). Missing optional
 * members take their defaults; {@code java_args} is accepted as an alias of {@code arguments}. Event rules are
 * kept as the JSON the client sent (round-trip verbatim); {@code EventRule} is their typed reading.
 *
 * <p>{@code console_mode} (v2 models.md §3.1, console.md §1) is stored only for {@link ConsoleMode#PTY}: the default
 * {@code pipe} is kept as {@code null} and the member is then omitted, so that a pipe instance's file and its v1
 * wire form stay exactly as before. v1 rewrites of the file carry it over (models.md §3.1 "a v1 adapter MUST
 * preserve {@code console_mode}").
 */
public record InstanceConfig(String name, String target, InstanceType instanceType, TargetType targetType, UUID uuid,
        String mcVersion, String inputEncoding, String outputEncoding, String javaPath,
        @JsonAlias("java_args") List<String> arguments, Map<String, String> env, List<JsonNode> eventRules,
        Boolean autoStart, Integer autoStartDelaySeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) ConsoleMode consoleMode) {

    public static final String DEFAULT_ENCODING = "utf-8";

    public InstanceConfig {
        mcVersion = mcVersion == null ? "" : mcVersion;
        inputEncoding = inputEncoding == null ? DEFAULT_ENCODING : inputEncoding;
        outputEncoding = outputEncoding == null ? DEFAULT_ENCODING : outputEncoding;
        javaPath = javaPath == null ? "" : javaPath;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        eventRules = eventRules == null ? List.of() : List.copyOf(eventRules);
        autoStart = autoStart != null && autoStart;
        autoStartDelaySeconds = autoStartDelaySeconds == null ? 0 : autoStartDelaySeconds;
        consoleMode = consoleMode == ConsoleMode.PIPE ? null : consoleMode;
    }

    /** A configuration in the default console mode ({@code pipe}). */
    public InstanceConfig(String name, String target, InstanceType instanceType, TargetType targetType, UUID uuid,
            String mcVersion, String inputEncoding, String outputEncoding, String javaPath, List<String> arguments,
            Map<String, String> env, List<JsonNode> eventRules, Boolean autoStart, Integer autoStartDelaySeconds) {
        this(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding, javaPath,
                arguments, env, eventRules, autoStart, autoStartDelaySeconds, null);
    }

    /** {@code console_mode}, {@link ConsoleMode#PIPE} when none is stored. */
    public ConsoleMode consoleModeOrDefault() {
        return consoleMode == null ? ConsoleMode.PIPE : consoleMode;
    }
}
