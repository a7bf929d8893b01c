package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.McVersion;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.SourceType;

/** Picks the factory for (instance type, source type, version) — files-and-instances.md §5.2; none → 30004. */
public final class FactorySelector {
    private final InstanceFactory universal;
    private final InstanceFactory archive;
    private final InstanceFactory forge;

    public FactorySelector(InstanceFactory universal, InstanceFactory archive, InstanceFactory forge) {
        this.universal = universal;
        this.archive = archive;
        this.forge = forge;
    }

    public InstanceFactory select(InstanceType type, SourceType source, String mcVersion) {
        if (source == SourceType.SCRIPT) {
            throw new DaemonError(Failure.BAD_INSTANCE_TYPE, "no factory installs from a script source");
        }
        if (source == SourceType.NONE) {
            throw DaemonError.badFormat("source_type 'none' is not valid");
        }
        if (type.forgeFamily()) {
            requireForgeVersion(type, mcVersion);
            return source == SourceType.CORE ? forge : archive;
        }
        return source == SourceType.CORE ? universal : archive;
    }

    /** Forge ≥ 1.5.2, NeoForge ≥ 1.20.2, Cleanroom = 1.12.2. */
    static void requireForgeVersion(InstanceType type, String mcVersion) {
        McVersion v = McVersion.parse(mcVersion);
        boolean ok = v != null && switch (type) {
            case MC_FORGE -> v.atLeast("1.5.2");
            case MC_NEO_FORGE -> v.atLeast("1.20.2");
            case MC_CLEANROOM -> v.equals(McVersion.of("1.12.2"));
            default -> true;
        };
        if (!ok) {
            throw new DaemonError(Failure.BAD_INSTANCE_TYPE, "no " + type.wire() + " factory for Minecraft " + mcVersion);
        }
    }
}
