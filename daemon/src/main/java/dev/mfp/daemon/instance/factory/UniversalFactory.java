package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.protocol.model.TargetType;
import java.nio.file.Path;
import java.util.Set;

/**
 * The Universal factory (and the generic launcher for non-Minecraft types): the source becomes {@code target};
 * Minecraft types get {@code target_type = jar} and an accepted EULA.
 */
public final class UniversalFactory implements InstanceFactory {
    private final SourceFetcher fetcher;

    public UniversalFactory(SourceFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public InstallResult install(InstallRequest r) throws Exception {
        InstanceSpec c = r.config();
        Path dir = r.dir();
        Set<String> before = Installs.topLevel(dir);
        SourceFetcher.Fetched f = fetcher.fetch(r.setting().source());
        try {
            fetcher.place(f, InstanceLayout.targetPath(dir, c.target()));
        } finally {
            f.discard();
        }
        boolean mc = c.instanceType().minecraft();
        if (mc) {
            c = c.withTarget(c.target(), TargetType.JAR);
            Eula.accept(dir);
        } else if (c.targetType() != TargetType.JAR) {
            InstanceLayout.targetPath(dir, c.target()).toFile().setExecutable(true);
        }
        String instancePath = InstanceLayout.clientPath(c.uuid());
        return new InstallResult(c, Installs.metadata(mc ? "universal" : "passthrough", r.setting().source(),
                Installs.generated(dir, before, instancePath), c.target()));
    }
}
