package dev.mfp.daemon.instance;

import java.util.List;

/**
 * What an installer produced (models.md §3.12), kept in {@code daemon_install_metadata.json}: the installer's kind,
 * the source it ran from (client path), the top-level paths it generated (client paths) and the launch target it
 * resolved. {@code installedAt} is ISO-8601 with a numeric offset, as the file has it.
 */
public record InstallRecord(String installerKind, String installerSourcePath, List<String> generatedPaths,
        String resolvedLaunchTarget, String installedAt) {
    public InstallRecord {
        generatedPaths = generatedPaths == null ? List.of() : List.copyOf(generatedPaths);
    }

    public InstallRecord withInstalledAt(String at) {
        return new InstallRecord(installerKind, installerSourcePath, generatedPaths, resolvedLaunchTarget, at);
    }

    public InstallRecord withInstallerSourcePath(String source) {
        return new InstallRecord(installerKind, source, generatedPaths, resolvedLaunchTarget, installedAt);
    }
}
