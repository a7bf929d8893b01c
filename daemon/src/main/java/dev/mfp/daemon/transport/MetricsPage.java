package dev.mfp.daemon.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /metrics} as the transport sees it (spec-v2 extensions.md §3): who may read it ({@link Access}, the
 * {@code metrics} key of {@code config.json}) and how its body is written. What the text says is the core's
 * ({@code dev.mfp.daemon.metrics}); the transport only checks the caller and sends the bytes.
 *
 * @param access who may scrape
 * @param contentType the exposition format's content type
 * @param renderer writes the current exposition; must not block on anything but the CPU
 */
public record MetricsPage(Access access, String contentType, Renderer renderer) {
    /** The permission a v2 token needs to scrape ({@code Authorization: Bearer}). */
    public static final String PERMISSION = "mcsl.monitoring.current.get";

    /** {@code "token"} (default): main token or a v2 token granting {@link #PERMISSION}; {@code "public"}; {@code "off"}: 404. */
    public enum Access {
        TOKEN, PUBLIC, OFF;

        /** The optional {@code metrics} key; any other value than the three names refuses the start. */
        public static Access fromConfig(JsonNode tree) throws IOException {
            JsonNode v = tree == null ? null : tree.get("metrics");
            if (v == null || v.isNull()) {
                return TOKEN;
            }
            if (v.isTextual()) {
                switch (v.textValue()) {
                    case "token":
                        return TOKEN;
                    case "public":
                        return PUBLIC;
                    case "off":
                        return OFF;
                    default:
                        break;
                }
            }
            throw new IOException("config.json: metrics must be \"token\", \"public\" or \"off\"");
        }
    }

    @FunctionalInterface
    public interface Renderer {
        void write(OutputStream out) throws IOException;
    }

    /** No {@code /metrics} (404). */
    public static MetricsPage off() {
        return new MetricsPage(Access.OFF, "text/plain", out -> { });
    }
}
