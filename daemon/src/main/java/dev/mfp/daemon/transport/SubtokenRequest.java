package dev.mfp.daemon.transport;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URLDecoder;

/**
 * The fields of a {@code POST /subtoken} body: form-urlencoded (normative) or multipart/form-data. Pure
 * parsing, no I/O, so it is unit tested on its own.
 */
final class SubtokenRequest {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private SubtokenRequest() {
    }

    static Map<String, String> parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            Matcher m = BOUNDARY.matcher(contentType);
            return m.find() ? multipart(m.group(1) != null ? m.group(1) : m.group(2), body) : Map.of();
        }
        return urlEncoded(new String(body, StandardCharsets.UTF_8));
    }

    /** Fields read from one form; the endpoint needs three, the rest are ignored. */
    static final int MAX_FIELDS = 32;

    static Map<String, String> urlEncoded(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&", MAX_FIELDS + 1)) {
            if (out.size() >= MAX_FIELDS) {
                break;
            }
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: the field is ignored, which then fails validation as missing
            }
        }
        return out;
    }

    static Map<String, String> multipart(String boundary, byte[] body) {
        Map<String, String> out = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        String delimiter = "--" + boundary;
        for (String part : text.split(Pattern.quote(delimiter))) {
            if (part.startsWith("--")) {
                break;
            }
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            Matcher name = PART_NAME.matcher(part.substring(0, headerEnd));
            if (!name.find()) {
                continue;
            }
            String value = part.substring(headerEnd + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            out.putIfAbsent(name.group(1), value);
        }
        return out;
    }
}
