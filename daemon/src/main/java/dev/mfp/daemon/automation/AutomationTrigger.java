package dev.mfp.daemon.automation;

import dev.mfp.protocol.model.InstanceStatus;
import java.util.UUID;

/** A trigger of automation.md §1.3 and extensions.md §2: one record per {@code type}, defaults already applied. */
public sealed interface AutomationTrigger {
    String type();

    /** The instance the trigger names, or null (every instance, or none). */
    UUID instanceId();

    record CrashLoop(UUID instanceId, int maxCrashes, int windowSeconds) implements AutomationTrigger {
        public static final String TYPE = "instance.crash_loop";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record UnexpectedExit(UUID instanceId) implements AutomationTrigger {
        public static final String TYPE = "instance.unexpected_exit";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Unresponsive(UUID instanceId, double silentSeconds) implements AutomationTrigger {
        public static final String TYPE = "instance.unresponsive";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record StatusDuration(UUID instanceId, InstanceStatus status, int durationSeconds) implements AutomationTrigger {
        public static final String TYPE = "instance.status_duration";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record MetricSustained(String metric, UUID instanceId, double threshold, int sustainedSeconds)
            implements AutomationTrigger {
        public static final String TYPE = "metric.sustained";

        @Override
        public String type() {
            return TYPE;
        }

        /** The two per-instance metrics; the others are the host's. */
        public boolean perInstance() {
            return metric.startsWith("instance_");
        }
    }

    record ScheduleWindow(int startHourUtc, int startMinuteUtc, int durationMinutes) implements AutomationTrigger {
        public static final String TYPE = "schedule.window";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public UUID instanceId() {
            return null;
        }
    }

    /** extensions.md §2; {@code expression} as written (validated by the diagnostics, not the binding). */
    record ScheduleCron(String expression, UUID instanceId) implements AutomationTrigger {
        public static final String TYPE = "schedule.cron";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
