package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.TargetType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The v2 instance configuration (models.md §3.1): all 13 members on output. On input (the {@code configuration}
 * of {@code mcsl.instance.create}) {@code console_mode} may be absent, which means {@link ConsoleMode#PIPE};
 * {@code event_rules} is opaque JSON that must be an array of EventRule (decisions.md 10). No member is defaulted
 * here: presence and non-null checks belong to the strict request binding (rpc.md §5).
 */
public record InstanceConfiguration(UUID instanceId, String name, String target, InstanceType instanceType,
        TargetType targetType, String version, String inputEncoding, String outputEncoding, String javaPath,
        List<String> arguments, Map<String, String> environmentVariables, JsonNode eventRules,
        ConsoleMode consoleMode) {

    /** {@code console_mode}, or its default {@code pipe} when it was absent. */
    public ConsoleMode consoleModeOrDefault() {
        return consoleMode == null ? ConsoleMode.PIPE : consoleMode;
    }
}
