package dev.mfp.protocol.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code setting} of {@code add_instance}: every InstanceConfig member plus the install source (models.md §3.3). */
public record InstanceFactorySetting(String name, String target, InstanceType instanceType, TargetType targetType,
        UUID uuid, String mcVersion, String inputEncoding, String outputEncoding, String javaPath,
        @JsonAlias("java_args") List<String> arguments, Map<String, String> env, List<JsonNode> eventRules,
        String source, SourceType sourceType, InstanceFactoryMirror mirror, Boolean usePostProcess, Boolean autoStart,
        Integer autoStartDelaySeconds) {

    public InstanceFactorySetting {
        mirror = mirror == null ? InstanceFactoryMirror.NONE : mirror;
        usePostProcess = usePostProcess != null && usePostProcess;
    }

    public InstanceConfig toConfig() {
        return new InstanceConfig(name, target, instanceType, targetType, uuid, mcVersion, inputEncoding, outputEncoding,
                javaPath, arguments, env, eventRules, autoStart, autoStartDelaySeconds);
    }
}
