package dev.mfp.protocol.json;

import java.util.Locale;

/**
 * Lenient enum parsing as the C# JSON libraries did it: the snake_case wire value, any letter case,
 * and the PascalCase C# name all resolve to the same constant. Unknown values give {@code null}.
 */
public final class WireEnums {
    private WireEnums() {
    }

    /** The canonical snake_case wire value of a Java constant name. */
    public static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        String key = normalize(value);
        for (E e : type.getEnumConstants()) {
            if (normalize(e.name()).equals(key)) {
                return e;
            }
        }
        return null;
    }

    private static String normalize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
