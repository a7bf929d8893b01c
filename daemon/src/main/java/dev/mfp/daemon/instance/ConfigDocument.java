package dev.mfp.daemon.instance;

import dev.mfp.daemon.instance.rules.RuleDocument;
import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceInstallMetadata;

/**
 * The documents of an instance's directory as the specification writes them: {@code daemon_instance.json} is the
 * models.md §3.1 {@link InstanceConfig} (v1 sends the same document on the wire, v2 maps from it), the install
 * metadata the §3.12 {@link InstanceInstallMetadata}. The one place where the core's values meet those shapes.
 */
public final class ConfigDocument {
    private ConfigDocument() {
    }

    public static InstanceSpec spec(InstanceConfig c) {
        return new InstanceSpec(c.name(), c.target(), c.instanceType(), c.targetType(), c.uuid(), c.mcVersion(),
                c.inputEncoding(), c.outputEncoding(), c.javaPath(), c.arguments(), c.env(),
                RuleDocument.ofAll(c.eventRules()), c.autoStart(), c.autoStartDelaySeconds(), c.consoleModeOrDefault());
    }

    public static InstanceConfig document(InstanceSpec s) {
        return new InstanceConfig(s.name(), s.target(), s.instanceType(), s.targetType(), s.uuid(), s.mcVersion(),
                s.inputEncoding(), s.outputEncoding(), s.javaPath(), s.arguments(), s.env(),
                RuleDocument.trees(s.rules()), s.autoStart(), s.autoStartDelaySeconds(), s.consoleMode());
    }

    public static InstallRecord install(InstanceInstallMetadata m) {
        return m == null ? null : new InstallRecord(m.installerKind(), m.installerSourcePath(), m.generatedPaths(),
                m.resolvedLaunchTarget(), m.installedAt());
    }

    public static InstanceInstallMetadata document(InstallRecord r) {
        return r == null ? null : new InstanceInstallMetadata(r.installerKind(), r.installerSourcePath(),
                r.generatedPaths(), r.resolvedLaunchTarget(), r.installedAt());
    }
}
