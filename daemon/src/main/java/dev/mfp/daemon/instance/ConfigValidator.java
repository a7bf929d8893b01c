package dev.mfp.daemon.instance;

import dev.mfp.daemon.instance.rules.RuleParser;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.SourceType;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** The validation of actions.md #24 (and the shared parts of #34). */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    /** Required members → 11001; empty/invalid values → 11002. */
    /** {@code auto_start_delay_seconds}: an int32 ≥ 0 (extensions.md §5); null is the default. */
    public static void validateAutoStartDelay(Integer seconds) {
        if (seconds != null && seconds < 0) {
            throw DaemonError.badFormat("auto_start_delay_seconds must not be negative");
        }
    }

    public static void validate(NewInstance s) {
        InstanceSpec c = s.spec();
        require(c.name(), "setting.name");
        require(c.target(), "setting.target");
        require(c.instanceType(), "setting.instance_type");
        require(c.targetType(), "setting.target_type");
        require(s.source(), "setting.source");
        require(s.sourceType(), "setting.source_type");
        validateAutoStartDelay(c.autoStartDelaySeconds());
        if (s.sourceType() == SourceType.NONE) {
            throw DaemonError.badFormat("source_type 'none' is not valid");
        }
        if (s.source().isBlank()) {
            throw DaemonError.badFormat("source must not be empty");
        }
        validateConfig(c);
    }

    public static void validateConfig(InstanceSpec c) {
        validateName(c.name());
        validateTarget(c.target());
        validateVersion(c.instanceType(), c.mcVersion());
        Encodings.resolve(c.inputEncoding(), "input_encoding");
        Encodings.resolve(c.outputEncoding(), "output_encoding");
        for (String a : c.arguments()) {
            if (a == null) {
                throw DaemonError.badParam("arguments must not contain null");
            }
        }
        for (Map.Entry<String, String> e : c.env().entrySet()) {
            if (e.getValue() == null || e.getKey().isEmpty()) {
                throw DaemonError.badFormat("env entries need a name and a string value");
            }
        }
        RuleParser.parse(c.rules());
    }

    public static void validateName(String name) {
        if (name == null || name.isBlank()) {
            throw DaemonError.badFormat("name must not be empty");
        }
    }

    /** A file name or relative path that stays inside the instance directory. */
    public static void validateTarget(String target) {
        if (target == null || target.isBlank()) {
            throw DaemonError.badFormat("target must not be empty");
        }
        Path base = Paths.get("/instance-dir");
        if (target.contains("\0") || InstanceLayout.targetPath(base, target) == null
                || Paths.get(target.replace('\\', '/')).isAbsolute() || target.matches("^[A-Za-z]:.*")) {
            throw DaemonError.badFormat("target must be a file inside the instance directory");
        }
    }

    public static void validateVersion(InstanceType type, String mcVersion) {
        if (type.requiresNumericVersion() && McVersion.parse(mcVersion) == null) {
            throw DaemonError.badFormat("mc_version '" + mcVersion + "' is not a numeric 1.x[.y] version, required for "
                    + type.wire());
        }
    }

    /** A required member of the setting that is missing is a Bad Param (11001). */
    private static void require(Object value, String name) {
        if (value == null) {
            throw DaemonError.badParam("Missing param '" + name + "'");
        }
    }
}
