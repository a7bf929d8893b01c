package dev.mfp.daemon.automation;

import java.util.UUID;

/** One outcome of {@code mcsl.automation.test} (automation.md §3.5); {@code target} null when there is none. */
public record AutomationTestOutcome(UUID policyId, boolean wouldFire, String reason, UUID target) {
}
