package dev.mfp.daemon.automation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The policy document (automation.md §1.1); {@code policies} may hold null entries (a diagnostic). */
public record AutomationPolicySet(List<AutomationPolicy> policies, long version) {
    public static final AutomationPolicySet EMPTY = new AutomationPolicySet(List.of(), 0);

    public AutomationPolicySet {
        policies = Collections.unmodifiableList(new ArrayList<>(policies));
    }

    public AutomationPolicySet withVersion(long v) {
        return new AutomationPolicySet(policies, v);
    }
}
