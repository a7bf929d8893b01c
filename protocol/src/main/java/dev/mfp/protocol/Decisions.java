package dev.mfp.protocol;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The answers of an immutable permission set, kept for the few names it is asked about again and again (the action
 * nodes, the method names): a check then costs one map lookup instead of a match. Bounded: past {@link #MAX} names
 * an answer is worked out each time.
 */
public final class Decisions {
    static final int MAX = 512;

    private final ConcurrentHashMap<String, Boolean> known = new ConcurrentHashMap<>();
    private final Predicate<String> rule;

    public Decisions(Predicate<String> rule) {
        this.rule = rule;
    }

    public boolean test(String name) {
        Boolean answer = known.get(name);
        if (answer != null) {
            return answer;
        }
        boolean worked = rule.test(name);
        if (known.size() < MAX) {
            known.put(name, worked);
        }
        return worked;
    }
}
