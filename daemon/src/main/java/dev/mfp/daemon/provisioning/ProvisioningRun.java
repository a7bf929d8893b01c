package dev.mfp.daemon.provisioning;

import dev.mfp.daemon.files.RootFs;
import dev.mfp.daemon.instance.InstanceManager;
import dev.mfp.daemon.instance.McVersion;
import dev.mfp.daemon.operation.OperationContext;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.daemon.operation.OperationProgress;
import dev.mfp.daemon.operation.OperationStage;
import dev.mfp.daemon.plan.PlanSnapshot;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.daemon.instance.NewInstance;
import dev.mfp.protocol.model.InstanceFactoryMirror;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.SourceType;
import dev.mfp.protocol.model.TargetType;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One {@code provisioning.execute} operation (provisioning.md §5, §6): the create checks of instances.md §2 that need
 * no network, then the downloads (the source if it is a URL, verified against a {@code #sha1=}/{@code #sha256=}
 * fragment; for Forge/NeoForge also the vanilla server jar the installer needs, verified against its SHA-1), which a
 * cancel aborts, then — past the commit point — the instance creation. Everything is fetched into a private
 * directory under {@code caches/downloads} that is deleted however the operation ends; a failed creation deletes the
 * instance directory, so neither a partial file nor a half-created instance is left.
 */
final class ProvisioningRun {
    static final String TARGET = "server.jar";
    private static final UUID ZERO = new UUID(0L, 0L);

    /** What every run shares. */
    record Context(InstanceManager instances, TrackedDownload download, VanillaCore vanilla, URI bmclapi,
            Path downloads, RootFs fs) {
    }

    private final Context c;
    private final PlanSnapshot plan;
    private final InstanceType type;
    private final OperationContext op;

    ProvisioningRun(Context c, PlanSnapshot plan, InstanceType type, OperationContext op) {
        this.c = c;
        this.plan = plan;
        this.type = type;
        this.op = op;
    }

    String call() throws Exception {
        op.stage(OperationStage.RESOLVING);
        op.progress(OperationProgress.steps(0));
        String source = plan.source().trim();
        String javaPath = plan.javaPath() == null || plan.javaPath().isEmpty() ? "java" : plan.javaPath();
        URI url = checkSource(source);
        checkConfiguration(javaPath);
        Path work = c.downloads().resolve(Provisioning.WORK_PREFIX + op.operationId());
        try {
            Files.createDirectories(work);
            String localSource = source;
            if (url != null) {
                Path file = work.resolve("source.jar");
                fetch(url, file, digestOf(url), "instance.source.download_failed");
                localSource = c.fs().toClientPath(file);
            }
            InstanceManager.Seed seed = null;
            if (type.forgeFamily()) {
                seed = forgeSeed(work, localSource);
            }
            op.stage(OperationStage.INSTALLING);
            op.commitPoint();
            InstanceSpec created = create(localSource, javaPath, seed);
            if (url != null) {
                recordSource(created, localSource, source);
            }
            op.stage(OperationStage.FINALIZING);
            op.progress(OperationProgress.steps(1));
            return created.uuid().toString();
        } finally {
            deleteTree(work);
        }
    }

    /** instances.md §2 step 2: a URL (returned) or an existing file inside the root (null). */
    private URI checkSource(String source) {
        URI uri = null;
        try {
            uri = new URI(source);
        } catch (Exception e) {
            // not a URI: a daemon-root path
        }
        if (uri != null && uri.isAbsolute() && uri.getScheme().length() > 1 && !uri.getScheme().equalsIgnoreCase("file")) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!List.of("http", "https", "ftp", "ftps").contains(scheme)) {
                throw fail("instance.source.invalid", DaemonErrorKind.VALIDATION, "The source URL scheme '" + scheme
                        + "' is not http, https, ftp or ftps.");
            }
            if (scheme.equals("ftps")) {
                throw fail("instance.source.download_failed", DaemonErrorKind.STORAGE,
                        "ftps sources are not supported by this daemon.");
            }
            return uri;
        }
        Path local;
        try {
            String path = source.regionMatches(true, 0, "file:", 0, 5) ? Paths.get(URI.create(source)).toString()
                    : source;
            local = c.fs().resolve(path);
        } catch (DaemonError | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw fail("instance.source.invalid", DaemonErrorKind.VALIDATION, "The source path is not inside the"
                    + " daemon root.");
        }
        if (!c.fs().isRegularFile(local)) {
            throw fail("instance.source.not_found", DaemonErrorKind.NOT_FOUND, "The source file does not exist.");
        }
        return null;
    }

    /** instances.md §2 steps 3–4 for the configuration §5 builds. */
    private void checkConfiguration(String javaPath) {
        String version = plan.minecraftVersion();
        if (type.requiresNumericVersion() && McVersion.parse(version) == null) {
            throw fail("instance.version.invalid", DaemonErrorKind.VALIDATION, "'" + version
                    + "' is not a numeric Minecraft version.");
        }
        if (!javaPath.equalsIgnoreCase("java") && !Files.isRegularFile(Path.of(javaPath))) {
            throw fail("instance.java_path.not_found", DaemonErrorKind.VALIDATION, "The Java executable '" + javaPath
                    + "' does not exist.");
        }
        if (type == InstanceType.MC_QUILT) {
            throw fail("instance.factory.unsupported", DaemonErrorKind.VALIDATION,
                    "There is no factory for mc_quilt.");
        }
        try {
            c.instances().factories().select(type, SourceType.CORE, version);
        } catch (DaemonError e) {
            throw fail("instance.factory.unsupported", DaemonErrorKind.VALIDATION, e.detail());
        }
    }

    private static TrackedDownload.Digest digestOf(URI url) {
        try {
            return TrackedDownload.Digest.ofFragment(url);
        } catch (TrackedDownload.Failure e) {
            throw fail("instance.source.invalid", DaemonErrorKind.VALIDATION, e.getMessage());
        }
    }

    private void fetch(URI url, Path file, TrackedDownload.Digest digest, String code) {
        op.stage(OperationStage.DOWNLOADING);
        op.progress(new OperationProgress(true, null, null, "bytes", 0L, null, null));
        try {
            c.download().file(url, file, digest, op::cancelRequested, (done, total, rate) -> op.progress(
                    new OperationProgress(total < 0, null, null, "bytes", done, total < 0 ? null : total, rate)));
        } catch (TrackedDownload.Failure e) {
            throw fail(code, DaemonErrorKind.STORAGE, e.getMessage());
        }
        if (digest != null) {
            op.stage(OperationStage.VERIFYING);
        }
        op.checkCancelled();
    }

    /**
     * Forge/NeoForge: what their installer would download — the vanilla server jar (from the manifest or BMCLAPI,
     * verified against its SHA-1) and the profile's libraries (verified against theirs when given) — fetched into
     * {@code work/seed/} at their instance-relative places, so that the installer finds them; the seed moves them
     * into the fresh instance directory.
     */
    private InstanceManager.Seed forgeSeed(Path work, String installerSource) throws IOException {
        boolean bmcl = "bmcl_api".equals(plan.mirror());
        ForgeLibraries.Needs needs;
        try {
            needs = ForgeLibraries.read(c.fs().resolve(installerSource), plan.minecraftVersion(), c.bmclapi(), bmcl);
        } catch (TrackedDownload.Failure e) {
            throw fail("instance.factory.failed", DaemonErrorKind.INTERNAL, e.getMessage());
        }
        Path seed = work.resolve("seed");
        VanillaCore.Jar jar;
        op.stage(OperationStage.DOWNLOADING);
        try {
            jar = c.vanilla().find(plan.minecraftVersion(), bmcl, op::cancelRequested);
        } catch (TrackedDownload.Failure e) {
            throw fail("instance.vanilla_core.download_failed", DaemonErrorKind.STORAGE, e.getMessage());
        }
        Path vanilla = seed.resolve(needs.serverJarPath());
        Files.createDirectories(vanilla.getParent());
        fetch(jar.url(), vanilla, new TrackedDownload.Digest("SHA-1", jar.sha1()),
                "instance.vanilla_core.download_failed");
        for (ForgeLibraries.Library l : needs.libraries()) {
            Path to = seed.resolve("libraries").resolve(l.path());
            if (Files.exists(to)) {
                continue;
            }
            Files.createDirectories(to.getParent());
            fetch(l.url(), to, TrackedDownload.Digest.sha1(l.sha1()), "instance.installer.resolve_failed");
        }
        return dir -> {
            try (var files = Files.walk(seed)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path to = dir.resolve(seed.relativize(f).toString()).normalize();
                    if (!to.startsWith(dir)) {
                        throw new IOException(f + " would leave the instance directory");
                    }
                    Files.createDirectories(to.getParent());
                    Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        };
    }

    /** The create logic with the configuration of §5. */
    private InstanceSpec create(String source, String javaPath, InstanceManager.Seed seed) {
        UUID id = UUID.randomUUID();
        while (id.equals(ZERO) || c.instances().exists(id)) {
            id = UUID.randomUUID();
        }
        // §5 says use_post_process true; like the C# daemon it is not run (instances.md §2: results must not depend
        // on it, and §6 expects a dummy jar to provision without a JVM)
        NewInstance s = new NewInstance(new InstanceSpec(plan.instanceName(), TARGET, type, TargetType.JAR, id,
                plan.minecraftVersion(), "utf-8", "utf-8", javaPath, List.of(), Map.of(), List.of(), false, 0, null),
                source, SourceType.CORE, InstanceFactoryMirror.valueOf(plan.mirror().toUpperCase(Locale.ROOT)), false);
        try {
            return c.instances().add(s, seed);
        } catch (DaemonError e) {
            throw switch (e.kind()) {
                case FILE_NOT_FOUND -> fail("instance.source.not_found", DaemonErrorKind.NOT_FOUND, e.detail());
                case FILE_ACCESS_FAILED, ITS_A_DIRECTORY -> fail("instance.source.invalid",
                        DaemonErrorKind.VALIDATION, e.detail());
                case BAD_INSTANCE_TYPE -> fail("instance.factory.unsupported", DaemonErrorKind.VALIDATION,
                        e.detail());
                case INSTALLATION_ERROR -> fail("instance.factory.failed", DaemonErrorKind.INTERNAL, e.detail());
                default -> fail("instance.create_failed", DaemonErrorKind.INTERNAL, e.detail());
            };
        } catch (IOException e) {
            throw fail("instance.create_failed", DaemonErrorKind.INTERNAL, e.toString());
        } catch (Exception e) {
            throw fail("instance.create_failed", DaemonErrorKind.INTERNAL, "The instance could not be created.");
        }
    }

    /** The install metadata names the URL the jar came from, not the download directory deleted right after. */
    private void recordSource(InstanceSpec created, String localSource, String source) {
        try {
            var inst = c.instances().get(created.uuid());
            var m = c.instances().metadata(inst);
            if (m != null && localSource.equals(m.installerSourcePath())) {
                c.instances().store().saveMetadata(inst.dir(), m.withInstallerSourcePath(source));
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ProvisioningRun.class).warn("instance {}: install metadata source"
                    + " not updated: {}", created.uuid(), e.toString());
        }
    }

    private static OperationError fail(String code, DaemonErrorKind kind, String message) {
        return new OperationError(code, kind, message == null || message.isBlank() ? code : message);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ProvisioningRun.class).warn("{} not deleted: {}", dir, e.toString());
        }
    }
}
