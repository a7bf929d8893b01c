package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.daemon.instance.InstanceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The archive factory: extracts the zip safely into the instance directory; Minecraft types get the EULA. */
public final class ArchiveFactory implements InstanceFactory {
    private final SourceFetcher fetcher;
    private final ZipExtractor extractor;

    public ArchiveFactory(SourceFetcher fetcher, ZipExtractor extractor) {
        this.fetcher = fetcher;
        this.extractor = extractor;
    }

    @Override
    public InstallResult install(InstallRequest r) throws Exception {
        InstanceSpec c = r.config();
        Path dir = r.dir();
        Set<String> before = Installs.topLevel(dir);
        SourceFetcher.Fetched f = fetcher.fetch(r.setting().source());
        try {
            r.console().accept("Extracting " + f.originalName());
            extractor.extract(f.file(), dir);
        } finally {
            f.discard();
        }
        Path target = InstanceLayout.targetPath(dir, c.target());
        if (target == null || !Files.isRegularFile(target)) {
            throw new DaemonError(Failure.INSTALLATION_ERROR, "the archive has no file '" + c.target() + "'");
        }
        if (c.instanceType().minecraft()) {
            Eula.accept(dir);
        } else {
            target.toFile().setExecutable(true);
        }
        return new InstallResult(c, Installs.metadata("archive", r.setting().source(),
                Installs.generated(dir, before, InstanceLayout.clientPath(c.uuid())), c.target()));
    }
}
