package dev.mfp.protocol.v2.model;

/**
 * Result of {@code mcsl.instance.settings.get} (instances.md §4.3). {@code working_directory} is the absolute OS
 * path of the instance directory; {@code edit_blocked_reason} is null exactly when {@code can_edit}.
 */
public record InstanceSettings(InstanceConfiguration config, String workingDirectory, boolean currentTargetExists,
        boolean canEdit, String editBlockedReason, InstallMetadata installMetadata) {
}
