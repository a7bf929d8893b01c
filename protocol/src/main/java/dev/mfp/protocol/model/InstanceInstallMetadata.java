package dev.mfp.protocol.model;

import java.util.List;

/** What an installer produced (models.md §3.12); {@code installed_at} is ISO-8601 with offset. */
public record InstanceInstallMetadata(String installerKind, String installerSourcePath, List<String> generatedPaths,
        String resolvedLaunchTarget, String installedAt) {

    public InstanceInstallMetadata {
        generatedPaths = generatedPaths == null ? List.of() : List.copyOf(generatedPaths);
    }
}
