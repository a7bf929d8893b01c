package dev.mfp.protocol.v2.model;

import java.util.List;

/** Result of {@code mcsl.instance.settings.update} (instances.md §4.4); paths are instance-relative. */
public record SettingsUpdateResult(InstanceConfiguration config, boolean requiresRestart, boolean reinstalled,
        List<String> deletedGeneratedPaths, List<String> preservedOriginalPaths) {
}
