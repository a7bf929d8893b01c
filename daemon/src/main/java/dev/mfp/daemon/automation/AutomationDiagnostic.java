package dev.mfp.daemon.automation;

import java.util.UUID;

/** An AutomationPolicyDiagnostic (automation.md §2); {@code policyId} null for document-level ones. */
public record AutomationDiagnostic(UUID policyId, String code, String message) {
}
