package dev.mfp.daemon.instance.factory;

import dev.mfp.protocol.model.InstanceConfig;
import dev.mfp.protocol.model.InstanceInstallMetadata;

/** The final config (target, target type) and what the installer produced. */
public record InstallResult(InstanceConfig config, InstanceInstallMetadata metadata) {
}
