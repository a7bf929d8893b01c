package dev.mfp.daemon.instance.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.error.DaemonError;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.model.EventRule;
import dev.mfp.protocol.model.RuleAction;
import dev.mfp.protocol.model.RuleTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads stored rule JSON into typed rules and validates them: a missing/unknown {@code type} or a wrong member
 * type → 11001; an invalid regex, cron expression or status action → 11002. camelCase members are read as their
 * snake_case forms ({@link RuleAliases}).
 */
public final class RuleParser {
    private static final Set<String> STATUS_ACTIONS = Set.of("start", "stop", "restart", "kill");

    private RuleParser() {
    }

    public static List<EventRule> parse(List<RuleDocument> rules) {
        List<EventRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode n = rules.get(i).tree();
            if (n == null || !n.isObject()) {
                throw DaemonError.badParam("rules[" + i + "] is not an object");
            }
            EventRule r;
            try {
                r = Json.mapper().treeToValue(RuleAliases.snakeCase((ObjectNode) n), EventRule.class);
            } catch (JacksonException e) {
                DaemonError nested = nested(e);
                if (nested != null) {
                    throw nested;
                }
                throw DaemonError.badParam("rules[" + i + "]: " + firstLine(e.getOriginalMessage()));
            }
            validate(r, i);
            out.add(r);
        }
        return out;
    }

    private static void validate(EventRule r, int i) {
        for (RuleTrigger t : r.triggers()) {
            if (t instanceof RuleTrigger.ConsoleOutput c && c.isRegex()) {
                try {
                    Pattern.compile(c.pattern());
                } catch (PatternSyntaxException e) {
                    throw DaemonError.badFormat("rules[" + i + "]: invalid regex '" + c.pattern() + "'");
                }
            } else if (t instanceof RuleTrigger.Schedule s) {
                try {
                    CronExpression.parse(s.cronExpression());
                } catch (IllegalArgumentException e) {
                    throw DaemonError.badFormat("rules[" + i + "]: invalid cron expression '" + s.cronExpression()
                            + "': " + e.getMessage());
                }
            }
        }
        for (RuleAction a : r.actions()) {
            if (a instanceof RuleAction.ChangeInstanceStatus s
                    && !STATUS_ACTIONS.contains(s.action().toLowerCase(Locale.ROOT))) {
                throw DaemonError.badFormat("rules[" + i + "]: unknown ChangeInstanceStatus action '" + s.action() + "'");
            }
        }
    }

    private static DaemonError nested(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DaemonError ae) {
                return ae;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid rule";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
