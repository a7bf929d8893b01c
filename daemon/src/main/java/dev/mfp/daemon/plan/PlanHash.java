package dev.mfp.daemon.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan hash of provisioning.md §2.3: SHA-256 over the intent written as compact JSON in a fixed member order,
 * enums as PascalCase names, sorted permissions and unresolved facts, a canonical payload, and the string escaping
 * of .NET's {@code Utf8JsonWriter} default encoder (non-ASCII and {@code " < > & ' + `} as upper-case
 * {@code \\uXXXX}).
 */
public final class PlanHash {
    private PlanHash() {
    }

    public static String of(PlanSnapshot p) {
        StringBuilder b = new StringBuilder(256).append('{');
        member(b, "kind").append(str(p.kind())).append(',');
        member(b, "risk_class").append(str(pascal(p.riskClass()))).append(',');
        member(b, "required_permissions").append('[');
        List<String> perms = new ArrayList<>(p.requiredPermissions());
        perms.sort(Comparator.naturalOrder());
        for (int i = 0; i < perms.size(); i++) {
            b.append(i == 0 ? "" : ",").append(str(perms.get(i)));
        }
        b.append("],");
        member(b, "requires_confirmation").append(p.requiresConfirmation()).append(',');
        member(b, "unresolved").append('[');
        List<PlanSnapshot.Unresolved> un = new ArrayList<>(p.unresolved());
        un.sort(Comparator.comparing(PlanSnapshot.Unresolved::code)
                .thenComparing(u -> u.field() == null ? "" : u.field())
                .thenComparing(PlanSnapshot.Unresolved::message));
        for (int i = 0; i < un.size(); i++) {
            PlanSnapshot.Unresolved u = un.get(i);
            b.append(i == 0 ? "{" : ",{");
            member(b, "code").append(str(u.code())).append(',');
            member(b, "message").append(str(u.message())).append(',');
            member(b, "field").append(str(u.field())).append('}');
        }
        b.append("],");
        member(b, "provider").append(str(pascal(p.provider()))).append(',');
        member(b, "instance_name").append(str(p.instanceName())).append(',');
        member(b, "minecraft_version").append(str(p.minecraftVersion())).append(',');
        member(b, "source").append(str(p.source())).append(',');
        member(b, "mirror").append(str(pascal(p.mirror()))).append(',');
        member(b, "java_path").append(str(p.javaPath())).append(',');
        member(b, "payload");
        canonical(b, p.payload());
        b.append('}');
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code neo_forge} → {@code NeoForge}, {@code bmcl_api} → {@code BmclApi}. */
    static String pascal(String wire) {
        if (wire == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String part : wire.split("_")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }

    private static StringBuilder member(StringBuilder b, String name) {
        return b.append(str(name)).append(':');
    }

    private static void canonical(StringBuilder b, JsonNode n) {
        if (n == null || n.isNull()) {
            b.append("null");
        } else if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                member(b, e.getKey());
                canonical(b, e.getValue());
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                b.append(i == 0 ? "" : ",");
                canonical(b, n.get(i));
            }
            b.append(']');
        } else if (n.isTextual()) {
            b.append(str(n.textValue()));
        } else {
            b.append(n.toString()); // numbers and booleans as in the source
        }
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e || "\"<>&'+`".indexOf(c) >= 0) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
