package dev.mfp.protocol.v2.model;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.List;

/** What an installer produced (models.md §3.4); {@code installed_at} is a v2 {@code date-time}. */
public record InstallMetadata(String installerKind, String installerSourcePath, List<String> generatedPaths,
        String resolvedLaunchTarget, @JsonSerialize(using = V2DateTimeSerializer.class) Instant installedAt) {
}
