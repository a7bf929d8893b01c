package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.InstallRecord;

/** The final config (target, target type) and what the installer produced. */
public record InstallResult(InstanceSpec config, InstallRecord metadata) {
}
