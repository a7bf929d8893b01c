package dev.mfp.daemon.automation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;

/**
 * The {@code automation} section of {@code config.json} (a nested object, decisions.md #1):
 * {@code evaluation_interval_seconds} — the evaluator's tick (automation.md §4: 15 s; int32 ≥ 1). A value outside
 * its range refuses the start.
 */
public record AutomationSettings(Duration evaluationInterval) {
    public static final int DEFAULT_INTERVAL_SECONDS = 15;

    public static AutomationSettings defaults() {
        return new AutomationSettings(Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS));
    }

    public static AutomationSettings fromConfig(JsonNode tree) throws IOException {
        JsonNode s = tree == null ? null : tree.get("automation");
        if (s == null || s.isNull()) {
            return defaults();
        }
        if (!s.isObject()) {
            throw new IOException("config.json: automation must be an object");
        }
        JsonNode v = s.get("evaluation_interval_seconds");
        if (v == null || v.isNull()) {
            return defaults();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new IOException("config.json: automation.evaluation_interval_seconds must be an int32 >= 1");
        }
        return new AutomationSettings(Duration.ofSeconds(v.intValue()));
    }
}
