package dev.mfp.daemon.instance;

import dev.mfp.daemon.instance.factory.InstallRequest;
import dev.mfp.daemon.instance.factory.InstallResult;
import dev.mfp.daemon.instance.factory.InstanceFactory;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
import dev.mfp.protocol.model.InstanceFactoryMirror;
import dev.mfp.protocol.model.InstanceType;
import dev.mfp.protocol.model.SourceType;
import dev.mfp.protocol.v2.model.ConsoleMode;
import dev.mfp.daemon.files.RootFs;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code update_instance_settings} (actions.md #34): only while the instance has no process. Replaces name, type,
 * Java, arguments, version; optionally a new core (the old target is kept as {@code <target>.<time>.bak}); optionally
 * re-runs the installer after deleting what the previous install generated. Persisted before it answers.
 */
public final class SettingsUpdater {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** What changed. */
    public record Outcome(InstanceSpec config, boolean reinstalled, List<String> deleted, List<String> preserved) {
    }

    /** The requested change; null {@code javaPath}/{@code version}/{@code replacementSource} keep the current value. */
    /** {@code autoStart}/{@code autoStartDelaySeconds} null: unchanged (extensions.md §5). */
    /** {@code consoleMode} null: unchanged (v2 instances.md §4.4, console.md §1: it applies at the next start). */
    /**
     * {@code deferInstaller}: an installer run the change needs is only recorded and runs at the next start (v2
     * client-compat.md §2: the answer comes once the configuration is saved).
     */
    public record Change(String name, InstanceType type, String javaPath, List<String> arguments, String version,
            String replacementSource, String preferredTargetName, boolean rerunInstaller, Boolean autoStart,
            Integer autoStartDelaySeconds, ConsoleMode consoleMode, boolean deferInstaller) {
        /** A change that keeps the console mode and runs an installer at once (v1). */
        public Change(String name, InstanceType type, String javaPath, List<String> arguments, String version,
                String replacementSource, String preferredTargetName, boolean rerunInstaller, Boolean autoStart,
                Integer autoStartDelaySeconds) {
            this(name, type, javaPath, arguments, version, replacementSource, preferredTargetName, rerunInstaller,
                    autoStart, autoStartDelaySeconds, null, false);
        }
    }

    private final InstanceManager manager;
    private final RootFs fs;

    /** @param fs the daemon root: the client's source paths are resolved and the instance's files changed there */
    public SettingsUpdater(InstanceManager manager, RootFs fs) {
        this.manager = manager;
        this.fs = fs;
    }

    public Outcome update(Instance inst, Change ch) throws Exception {
        ConfigValidator.validateName(ch.name());
        for (String a : ch.arguments()) {
            if (a == null) {
                throw DaemonError.badParam("arguments must not contain null");
            }
        }
        if (ch.preferredTargetName() != null) {
            ConfigValidator.validateTarget(ch.preferredTargetName());
        }
        ConfigValidator.validateAutoStartDelay(ch.autoStartDelaySeconds());
        return inst.whileStopped(() -> apply(inst, ch));
    }

    private Outcome apply(Instance inst, Change ch) throws Exception {
        InstanceSpec old = inst.config();
        String version = ch.version() == null ? old.mcVersion() : ch.version();
        ConfigValidator.validateVersion(ch.type(), version);
        InstanceSpec c = old.withSettings(ch.name(), ch.type(), ch.javaPath() == null ? old.javaPath() : ch.javaPath(),
                ch.arguments(), version);
        Path dir = inst.dir();
        List<String> deleted = new ArrayList<>();
        List<String> preserved = new ArrayList<>();
        Path replacement = null;
        if (ch.replacementSource() != null) {
            replacement = fs.resolve(ch.replacementSource());
            if (!fs.isRegularFile(replacement)) {
                throw new DaemonError(Failure.FILE_NOT_FOUND, "replacement core '" + ch.replacementSource()
                        + "' does not exist");
            }
        }
        InstanceFactory factory = ch.rerunInstaller() ? manager.factories().select(ch.type(), SourceType.CORE, version)
                : null;
        if (replacement != null && !ch.rerunInstaller()) {
            String name = ch.preferredTargetName() != null ? ch.preferredTargetName() : c.target();
            Path dest = InstanceLayout.targetPath(dir, name);
            requireNoLinkBetween(dir, dest);
            if (fs.stat(dest) != null) {
                Path backup = dest.resolveSibling(dest.getFileName() + "." + LocalDateTime.now().format(STAMP) + ".bak");
                fs.move(dest, backup);
                preserved.add(fs.toClientPath(backup));
            }
            fs.copyFile(replacement, dest);
            c = c.withTarget(name, c.targetType());
        }
        boolean reinstalled = false;
        if (factory != null) {
            InstallRecord meta = manager.metadata(inst);
            String source = ch.replacementSource() != null ? ch.replacementSource()
                    : meta != null ? meta.installerSourcePath() : null;
            if (source == null) {
                throw new DaemonError(Failure.FILE_NOT_FOUND, "no installer source: give replacement_core");
            }
            Path sourceFile = replacement != null ? replacement : fs.resolve(source);
            if (!fs.isRegularFile(sourceFile)) {
                throw new DaemonError(Failure.FILE_NOT_FOUND, "installer source '" + source + "' does not exist");
            }
            if (ch.deferInstaller()) {
                manager.store().savePendingInstall(dir, new InstanceStore.PendingInstall(source,
                        ch.preferredTargetName()));
            } else {
                c = reinstall(inst, factory, c, meta, source, sourceFile, ch.preferredTargetName(), deleted);
                reinstalled = true;
            }
        }
        c = c.withAutoStart(ch.autoStart() != null ? ch.autoStart() : old.autoStart(),
                ch.autoStartDelaySeconds() != null ? ch.autoStartDelaySeconds() : old.autoStartDelaySeconds());
        c = c.withConsoleMode(ch.consoleMode() != null ? ch.consoleMode() : old.consoleMode());
        InstanceSpec updated = c;
        // the settings replace the settings; rules saved meanwhile stay
        InstanceSpec saved = manager.updateConfig(inst, current -> updated.withRules(current.rules()));
        return new Outcome(saved, reinstalled, deleted, preserved);
    }

    /**
     * Deletes what the previous installation generated, runs the installer of {@code c}'s type on {@code source} and
     * stores its metadata; returns the configuration the installer produced.
     */
    private InstanceSpec reinstall(Instance inst, InstanceFactory factory, InstanceSpec c,
            InstallRecord meta, String source, Path sourceFile, String preferredTargetName,
            List<String> deleted) throws Exception {
        Path dir = inst.dir();
        if (meta != null) {
            for (String g : meta.generatedPaths()) {
                Path p = fs.resolve(g);
                if (p.startsWith(dir) && !p.equals(dir) && !p.equals(sourceFile) && fs.stat(p) != null) {
                    manager.deleteTree(p);
                    deleted.add(g);
                }
            }
        }
        String targetName = preferredTargetName != null ? preferredTargetName
                : c.instanceType().forgeFamily() ? sourceFile.getFileName().toString() : c.target();
        InstanceSpec t = c.withTarget(targetName, c.targetType());
        NewInstance setting = new NewInstance(t, source, SourceType.CORE, InstanceFactoryMirror.NONE, false);
        InstallResult r = factory.install(new InstallRequest(setting, t, dir, inst::installerOutput));
        manager.store().saveMetadata(dir, r.metadata());
        return r.config();
    }

    /** Whether an installer run is recorded for the next start of {@code inst}. */
    public boolean hasPendingInstall(Instance inst) {
        return manager.store().loadPendingInstall(inst.dir()) != null;
    }

    /**
     * Runs the installer recorded by a deferred change (at a start, while the instance is {@code starting}), saves
     * the configuration it produced and forgets the record. A failure leaves the record for the next start.
     */
    public void runPendingInstall(Instance inst) throws Exception {
        InstanceStore.PendingInstall pending = manager.store().loadPendingInstall(inst.dir());
        if (pending == null) {
            return;
        }
        InstanceSpec c = inst.config();
        InstanceFactory factory = manager.factories().select(c.instanceType(), SourceType.CORE, c.mcVersion());
        Path sourceFile = fs.resolve(pending.source());
        if (!fs.isRegularFile(sourceFile)) {
            throw new DaemonError(Failure.FILE_NOT_FOUND, "installer source '" + pending.source()
                    + "' does not exist");
        }
        InstanceSpec installed = reinstall(inst, factory, c, manager.metadata(inst), pending.source(), sourceFile,
                pending.preferredTargetName(), new ArrayList<>());
        InstanceSpec keep = installed.withAutoStart(c.autoStart(), c.autoStartDelaySeconds())
                .withConsoleMode(c.consoleMode());
        manager.updateConfig(inst, current -> keep.withRules(current.rules()));
        manager.store().clearPendingInstall(inst.dir());
    }

    /**
     * The daemon writes the new core as root while the directory may belong to the instance user: no component
     * of the target below the instance directory may be a link that user could have pointed anywhere.
     */
    private void requireNoLinkBetween(Path dir, Path dest) {
        if (dest == null) {
            throw new DaemonError(Failure.FILE_ACCESS_FAILED, "the target leaves the instance directory");
        }
        for (Path p = dest; p != null && !p.equals(dir); p = p.getParent()) {
            java.nio.file.attribute.BasicFileAttributes a = fs.stat(p);
            if (a != null && a.isSymbolicLink()) {
                throw new DaemonError(Failure.FILE_ACCESS_FAILED, "'" + dir.relativize(p)
                        + "' is a symbolic link; the core is not written through it");
            }
        }
    }
}
