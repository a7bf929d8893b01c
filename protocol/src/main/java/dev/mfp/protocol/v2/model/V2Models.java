package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The v1 → v2 DTO reshaping of README.md §5 and models.md §3 for the instance configuration the daemon stores as
 * a v1 record. Facts v1 records do not carry (console mode, absolute working directory) are parameters.
 */
public final class V2Models {
    private V2Models() {
    }

    /**
     * models.md §3.1: {@code uuid} → {@code instance_id}, {@code mc_version} → {@code version}, {@code env} →
     * {@code environment_variables}; {@code console_mode} is given (normally {@link InstanceConfig#consoleModeOrDefault()}).
     */
    public static InstanceConfiguration configuration(InstanceConfig v1, ConsoleMode consoleMode) {
        return new InstanceConfiguration(v1.uuid(), v1.name(), v1.target(), v1.instanceType(), v1.targetType(),
                v1.mcVersion(), v1.inputEncoding(), v1.outputEncoding(), v1.javaPath(), v1.arguments(), v1.env(),
                JsonNodeFactory.instance.arrayNode().addAll(v1.eventRules()), consoleMode);
    }

    /**
     * instances.md §4.3. {@code can_edit} and {@code edit_blocked_reason} follow from {@code status};
     * {@code workingDirectory} must be absolute (v1 sent it root-relative).
     */
    public static InstanceSettings settings(InstanceConfig config, ConsoleMode consoleMode, InstanceStatus status,
            Path workingDirectory, boolean currentTargetExists,
            dev.mfp.protocol.model.InstanceInstallMetadata installMetadata) {
        if (!workingDirectory.isAbsolute()) {
            throw new IllegalArgumentException("working_directory must be absolute: " + workingDirectory);
        }
        String reason = editBlockedReason(status);
        return new InstanceSettings(configuration(config, consoleMode), workingDirectory.toString(),
                currentTargetExists, reason == null, reason, installMetadata(installMetadata));
    }

    /** instances.md §4.3: null for {@code stopped}/{@code crashed}, else {@code "Instance is <PascalCase status>"}. */
    public static String editBlockedReason(InstanceStatus status) {
        if (status == InstanceStatus.STOPPED || status == InstanceStatus.CRASHED) {
            return null;
        }
        String w = status.wire();
        return "Instance is " + Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /**
     * models.md §3.4; null stays null. The v1 {@code installed_at} (ISO-8601 with offset) is re-written as a
     * UTC {@code date-time}; an unparsable one is an IllegalArgumentException (the caller answers
     * {@code instance.install_metadata.read_failed}).
     */
    public static InstallMetadata installMetadata(dev.mfp.protocol.model.InstanceInstallMetadata v1) {
        if (v1 == null) {
            return null;
        }
        Instant at;
        try {
            at = v1.installedAt() == null ? null : OffsetDateTime.parse(v1.installedAt()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("installed_at '" + v1.installedAt() + "' is not a date-time", e);
        }
        return new InstallMetadata(v1.installerKind(), v1.installerSourcePath(), v1.generatedPaths(),
                v1.resolvedLaunchTarget(), at);
    }

    /** instances.md §5.1: the rules as stored, with the instance id. */
    public static EventRulesResult eventRules(InstanceConfig v1) {
        return new EventRulesResult(v1.uuid(), v1.eventRules());
    }
}
