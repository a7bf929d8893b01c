package dev.mfp.daemon.automation;

import java.util.UUID;

/** An action of automation.md §1.4 and extensions.md §2, defaults applied. */
public sealed interface AutomationAction {
    String type();

    record Restart(UUID instanceId, int backoffBaseSeconds, int backoffMaxSeconds) implements AutomationAction {
        public static final String TYPE = "instance.restart";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Stop(UUID instanceId) implements AutomationAction {
        public static final String TYPE = "instance.stop";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code instance.maintenance} (scope {@code all}) or {@code instance.restart_suppression} ({@code restarts}). */
    record Suppress(String type, UUID instanceId, int durationSeconds, String reason) implements AutomationAction {
        public static final String MAINTENANCE = "instance.maintenance";
        public static final String RESTART_SUPPRESSION = "instance.restart_suppression";

        public String scope() {
            return MAINTENANCE.equals(type) ? Suppressions.ALL : Suppressions.RESTARTS;
        }
    }

    record Notification(String title, String message, String severity) implements AutomationAction {
        public static final String TYPE = "notification";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record AuditEntry(String message, String severity) implements AutomationAction {
        public static final String TYPE = "audit.record";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code deferred} may be null (a diagnostic, not a binding error). */
    record PlanConfirmation(String summary, AutomationAction deferred) implements AutomationAction {
        public static final String TYPE = "plan.confirmation";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** extensions.md §2; {@code keepLast} null = no removal. */
    record BackupCreate(UUID instanceId, boolean live, Integer keepLast) implements AutomationAction {
        public static final String TYPE = "backup.create";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
