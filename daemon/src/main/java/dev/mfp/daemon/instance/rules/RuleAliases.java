package dev.mfp.daemon.instance.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The real web client saves rules with camelCase members ({@code isEnabled}, {@code triggerCondition},
 * {@code actionExecutionMode}, {@code isRegex}, {@code cronExpression}, {@code targetStatus}, …). For validating and
 * running, a copy of the rule is read with every camelCase member of the rule and of its triggers, rulesets and
 * actions renamed to its snake_case form — unless that snake_case member is present too, which then wins. The
 * stored rule is never changed.
 */
final class RuleAliases {
    private static final List<String> PARTS = List.of("triggers", "rulesets", "actions");

    private RuleAliases() {
    }

    static JsonNode snakeCase(ObjectNode rule) {
        ObjectNode copy = rule.deepCopy();
        rename(copy);
        for (String part : PARTS) {
            JsonNode list = copy.get(part);
            if (list != null && list.isArray()) {
                list.forEach(n -> {
                    if (n instanceof ObjectNode o) {
                        rename(o);
                    }
                });
            }
        }
        return copy;
    }

    private static void rename(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String snake = snake(name);
            if (!snake.equals(name) && !o.has(snake)) {
                o.set(snake, o.remove(name));
            }
        }
    }

    /** {@code isRegex} → {@code is_regex}; names without upper-case letters are returned as they are. */
    static String snake(String name) {
        StringBuilder b = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) {
                    b = new StringBuilder(name.length() + 4).append(name, 0, i);
                }
                if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? name : b.toString();
    }
}
