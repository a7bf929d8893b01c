package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An instance's configuration, on the wire and in {@code daemon_instance.json} (models.md §3.1). Missing optional
 * members take their defaults; {@code java_args} is accepted as an alias of {@code arguments}. Event rules are
 * kept as the JSON the client sent (round-trip verbatim); {@code EventRule} is their typed reading.
 */
public record InstanceConfig(String name, String target, InstanceType instanceType, TargetType targetType, UUID uuid,
        String mcVersion, String inputEncoding, String outputEncoding, String javaPath,
        @JsonAlias("java_args") List<String> arguments, Map<String, String> env, List<JsonNode> eventRules,
        Boolean autoStart, Integer autoStartDelaySeconds) {

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
    }

    public InstanceConfig withUuid(UUID id) {
        return new InstanceConfig(name, target, instanceType, targetType, id, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, eventRules, autoStart, autoStartDelaySeconds);
    }

    public InstanceConfig withTarget(String newTarget, TargetType newTargetType) {
        return new InstanceConfig(name, newTarget, instanceType, newTargetType, uuid, mcVersion, inputEncoding,
                outputEncoding, javaPath, arguments, env, eventRules, autoStart, autoStartDelaySeconds);
    }

    public InstanceConfig withEventRules(List<JsonNode> rules) {
        return new InstanceConfig(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, rules, autoStart, autoStartDelaySeconds);
    }

    /** The members {@code update_instance_settings} may change. */
    public InstanceConfig withSettings(String newName, InstanceType newType, String newJavaPath, List<String> newArguments,
            String newVersion) {
        return new InstanceConfig(newName, target, newType, targetType, uuid, newVersion, inputEncoding, outputEncoding,
                newJavaPath, newArguments, env, eventRules, autoStart, autoStartDelaySeconds);
    }

    /** The auto-start members (extensions.md §5). */
    public InstanceConfig withAutoStart(boolean start, int delaySeconds) {
        return new InstanceConfig(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, eventRules, start, delaySeconds);
    }
}
