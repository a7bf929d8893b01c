package dev.mfp.daemon.instance;

import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.TargetType;
import dev.mfp.protocol.v2.model.ConsoleMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What an instance is and how it starts: the daemon's own, immutable value of an instance's configuration. It is
 * written to and read from {@code daemon_instance.json} by {@link ConfigDocument} (the models.md §3.1 document, which
 * is also v1's wire form); each front end maps it to its own shape. Missing text members are empty; the rules are the
 * documents a client saved, kept verbatim.
 */
public record InstanceSpec(String name, String target, InstanceType instanceType, TargetType targetType, UUID uuid,
        String mcVersion, String inputEncoding, String outputEncoding, String javaPath, List<String> arguments,
        Map<String, String> env, List<RuleDocument> rules, boolean autoStart, int autoStartDelaySeconds,
        ConsoleMode consoleMode) {

    public static final String DEFAULT_ENCODING = "utf-8";

    public InstanceSpec {
        mcVersion = mcVersion == null ? "" : mcVersion;
        inputEncoding = inputEncoding == null ? DEFAULT_ENCODING : inputEncoding;
        outputEncoding = outputEncoding == null ? DEFAULT_ENCODING : outputEncoding;
        javaPath = javaPath == null ? "" : javaPath;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        rules = rules == null ? List.of() : List.copyOf(rules);
        consoleMode = consoleMode == null ? ConsoleMode.PIPE : consoleMode;
    }

    public InstanceSpec withUuid(UUID id) {
        return new InstanceSpec(name, target, instanceType, targetType, id, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, rules, autoStart, autoStartDelaySeconds, consoleMode);
    }

    public InstanceSpec withTarget(String newTarget, TargetType newTargetType) {
        return new InstanceSpec(name, newTarget, instanceType, newTargetType, uuid, mcVersion, inputEncoding,
                outputEncoding, javaPath, arguments, env, rules, autoStart, autoStartDelaySeconds, consoleMode);
    }

    public InstanceSpec withRules(List<RuleDocument> newRules) {
        return new InstanceSpec(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, newRules, autoStart, autoStartDelaySeconds, consoleMode);
    }

    /** The members {@code update_instance_settings} may change. */
    public InstanceSpec withSettings(String newName, InstanceType newType, String newJavaPath, List<String> newArguments,
            String newVersion) {
        return new InstanceSpec(newName, target, newType, targetType, uuid, newVersion, inputEncoding, outputEncoding,
                newJavaPath, newArguments, env, rules, autoStart, autoStartDelaySeconds, consoleMode);
    }

    /** The auto-start members (extensions.md §5). */
    public InstanceSpec withAutoStart(boolean start, int delaySeconds) {
        return new InstanceSpec(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, rules, start, delaySeconds, consoleMode);
    }

    /** The console mode of the next start; {@code null} is the default ({@code pipe}). */
    public InstanceSpec withConsoleMode(ConsoleMode mode) {
        return new InstanceSpec(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, rules, autoStart, autoStartDelaySeconds, Objects.requireNonNullElse(mode,
                        ConsoleMode.PIPE));
    }
}
