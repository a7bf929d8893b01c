package dev.mfp.daemon.automation;

import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied policy document (automation.md §3.3, §3.4, §4): the owner of {@code automation/policies.json}, written
 * atomically before a new version becomes current; every change is a compare-and-swap on {@code version}. A document
 * that cannot be read or is invalid at start is ignored (empty at version 0, an error logged).
 */
public final class PolicyStore {
    public static final String DIR = "automation";
    public static final String FILE = "policies.json";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final Path file;
    private volatile AutomationPolicySet current = AutomationPolicySet.EMPTY;
    /** Test hook: writes fail (the persist-failure path). */
    private volatile boolean failWrites;

    private PolicyStore(Path file) {
        this.file = file;
    }

    /** {@code dir} is {@code <root>/automation}. */
    public static PolicyStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        PolicyStore s = new PolicyStore(dir.resolve(FILE));
        if (Files.exists(s.file)) {
            try {
                AutomationPolicySet set = PolicyCodec.readSet(Json.mapper().readTree(Files.readAllBytes(s.file)));
                List<AutomationDiagnostic> d = PolicyValidator.validate(set);
                if (!d.isEmpty()) {
                    LOG.error("{} is invalid ({}); automation starts empty at version 0", s.file, d.get(0).code());
                } else {
                    s.current = set;
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("{} is unreadable ({}); automation starts empty at version 0", s.file, e.toString());
            }
        }
        return s;
    }

    public AutomationPolicySet current() {
        return current;
    }

    /** §3.3 steps 1–3: validated, compared, stored; returns the new version. */
    public synchronized long apply(AutomationPolicySet set) {
        if (!PolicyValidator.validate(set).isEmpty()) {
            throw new AutomationError("automation.policy_invalid", DaemonErrorKind.VALIDATION,
                    "the document has diagnostics");
        }
        compare(set.version());
        return store(set.withVersion(current.version() + 1));
    }

    /** §3.4. */
    public synchronized long enable(UUID policyId, boolean enabled, long expectedVersion) {
        compare(expectedVersion);
        List<AutomationPolicy> next = new ArrayList<>();
        boolean found = false;
        for (AutomationPolicy p : current.policies()) {
            if (p != null && p.id().equals(policyId)) {
                next.add(p.withEnabled(enabled));
                found = true;
            } else {
                next.add(p);
            }
        }
        if (!found) {
            throw new AutomationError("automation.policy_not_found", DaemonErrorKind.NOT_FOUND, "no policy " + policyId);
        }
        return store(new AutomationPolicySet(next, current.version() + 1));
    }

    private void compare(long expected) {
        if (expected != current.version()) {
            throw new AutomationError("automation.version_conflict", DaemonErrorKind.CONFLICT,
                    "version " + expected + " is not the current " + current.version());
        }
    }

    private long store(AutomationPolicySet next) {
        try {
            if (failWrites) {
                throw new IOException("writes disabled (test)");
            }
            AtomicFiles.write(file, Json.mapper().writeValueAsBytes(PolicyCodec.write(next)));
        } catch (IOException e) {
            throw new AutomationError("automation.persist_failed", DaemonErrorKind.STORAGE, e.toString());
        }
        current = next;
        return next.version();
    }

    void failWritesForTest(boolean fail) {
        failWrites = fail;
    }
}
