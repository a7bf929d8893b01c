package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.instance.InstanceLayout;
import dev.mfp.daemon.instance.McVersion;
import dev.mfp.daemon.instance.process.ConsoleLineReader;
import dev.mfp.daemon.instance.process.ProcessTree;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.daemon.instance.InstanceSpec;
import dev.mfp.protocol.model.InstanceFactoryMirror;
import dev.mfp.protocol.model.TargetType;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Forge / NeoForge / Cleanroom from an installer jar: the installer is placed as {@code target} and run headless
 * ({@code java -jar <installer> --installServer}) in the instance directory with the instance's Java; then the
 * launch target is chosen: Minecraft ≥ 1.17 → the bundled server launcher (copied from {@code contained/});
 * older → the server jar named by the install profile.
 */
public final class ForgeFactory implements InstanceFactory {
    static final String BMCL_MAVEN = "https://bmclapi2.bangbang93.com/maven/";

    private final SourceFetcher fetcher;
    private final Path contained;
    private final Duration timeout;
    private final dev.mfp.daemon.instance.process.RunAs runAs;

    public ForgeFactory(SourceFetcher fetcher, Path contained, Duration timeout, dev.mfp.daemon.instance.process.RunAs runAs) {
        this.fetcher = fetcher;
        this.contained = contained;
        this.timeout = timeout;
        this.runAs = runAs;
    }

    @Override
    public InstallResult install(InstallRequest r) throws Exception {
        InstanceSpec c = r.config();
        Path dir = r.dir();
        Set<String> before = Installs.topLevel(dir);
        Path installer = InstanceLayout.targetPath(dir, c.target());
        SourceFetcher.Fetched f = fetcher.fetch(r.setting().source());
        try {
            fetcher.place(f, installer);
        } finally {
            f.discard();
        }
        ForgeProfile profile = ForgeProfile.read(installer);
        runInstaller(c, dir, installer, r.setting().mirror(), r);

        McVersion v = McVersion.of(c.mcVersion());
        String target;
        if (v.atLeast("1.17")) {
            Files.copy(ServerLauncherJar.ensure(contained), dir.resolve(ServerLauncherJar.NAME),
                    StandardCopyOption.REPLACE_EXISTING);
            target = ServerLauncherJar.NAME;
        } else {
            target = serverJar(dir, profile, installer.getFileName().toString());
        }
        Eula.accept(dir);
        InstanceSpec done = c.withTarget(target, TargetType.JAR);
        String instancePath = InstanceLayout.clientPath(c.uuid());
        List<String> generated = new ArrayList<>(Installs.generated(dir, before, instancePath));
        String installerPath = instancePath + "/" + dir.relativize(installer).toString().replace('\\', '/');
        generated.remove(installerPath);
        return new InstallResult(done, Installs.metadata(profile.legacy() ? "forge_v1" : "forge_v2", installerPath,
                generated, target));
    }

    private void runInstaller(InstanceSpec c, Path dir, Path installer, InstanceFactoryMirror mirror, InstallRequest r)
            throws IOException, InterruptedException {
        String java;
        try {
            java = dev.mfp.daemon.instance.process.LaunchCommand.javaExecutable(c.javaPath());
        } catch (DaemonError e) {
            throw new DaemonError(Failure.INSTALLATION_ERROR, e.detail());
        }
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", dir.relativize(installer).toString(), "--installServer"));
        if (mirror == InstanceFactoryMirror.BMCL_API) {
            cmd.add("--mirror");
            cmd.add(BMCL_MAVEN);
        }
        r.console().accept("[MFP] running the installer: " + String.join(" ", cmd));
        Process p;
        try {
            // the installer is downloaded code: it runs as the game servers do
            runAs.own(dir);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            runAs.apply(pb);
            p = pb.start();
        } catch (IOException e) {
            throw new DaemonError(Failure.INSTALLATION_ERROR, "cannot run the installer: " + e.getMessage());
        }
        p.getOutputStream().close();
        Charset cs = Charset.defaultCharset();
        Thread out = ConsoleLineReader.start("installer-stdout", p.getInputStream(), cs, r.console());
        Thread err = ConsoleLineReader.start("installer-stderr", p.getErrorStream(), cs,
                line -> r.console().accept("[STDERR] " + line));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            ProcessTree.kill(p.toHandle());
            p.waitFor(10, TimeUnit.SECONDS);
            throw new DaemonError(Failure.INSTALLATION_ERROR, "the installer did not finish within "
                    + timeout.toSeconds() + " s");
        }
        out.join(5000);
        err.join(5000);
        if (p.exitValue() != 0) {
            throw new DaemonError(Failure.INSTALLATION_ERROR, "the installer exited with code " + p.exitValue());
        }
    }

    private static String serverJar(Path dir, ForgeProfile profile, String installerName) throws IOException {
        if (profile.serverJarName() != null && Files.isRegularFile(dir.resolve(profile.serverJarName()))) {
            return profile.serverJarName();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!n.equals(installerName) && !n.startsWith("minecraft_server") && (n.startsWith("forge-")
                        || n.startsWith("neoforge-") || n.startsWith("cleanroom-") || n.contains("universal"))) {
                    return n;
                }
            }
        }
        throw new DaemonError(Failure.INSTALLATION_ERROR, "the installer produced no server jar");
    }
}
