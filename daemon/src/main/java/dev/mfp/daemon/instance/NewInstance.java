package dev.mfp.daemon.instance;

import dev.mfp.protocol.model.InstanceFactoryMirror;
import dev.mfp.protocol.model.SourceType;
import java.util.Objects;

/**
 * An instance to create: its configuration (uuid null or zero for a fresh one) and where its server comes from
 * ({@code source} is a client path or a URL, read as {@code sourceType}), the download mirror of an installer, and
 * whether the Minecraft post-processing (EULA, properties) runs after the install.
 */
public record NewInstance(InstanceSpec spec, String source, SourceType sourceType, InstanceFactoryMirror mirror,
        boolean usePostProcess) {
    public NewInstance {
        Objects.requireNonNull(spec, "spec");
        mirror = mirror == null ? InstanceFactoryMirror.NONE : mirror;
    }
}
