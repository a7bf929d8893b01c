package dev.mfp.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.ProtocolInfo;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Loads {@code config.json}, keeps every value (and unknown key) already there, fills what is missing and
 * writes the file back atomically, readable by the owner only.
 */
public final class ConfigStore {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConfigStore() {
    }

    /** The typed settings and the whole file as read (features read their own optional keys from it). */
    public record Loaded(DaemonConfig config, JsonNode tree) {
    }

    public static DaemonConfig loadOrCreate(Path file) throws IOException {
        return load(file).config();
    }

    public static Loaded load(Path file) throws IOException {
        ObjectMapper mapper = Json.mapper();
        ObjectNode node;
        if (Files.exists(file)) {
            JsonNode read = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (read == null || !read.isObject()) {
                throw new IOException(file + " is not a JSON object");
            }
            node = (ObjectNode) read;
        } else {
            node = mapper.createObjectNode();
        }
        boolean changed = false;
        changed |= fill(node, "port", () -> node.put("port", ProtocolInfo.DEFAULT_PORT));
        changed |= fill(node, "secret", () -> node.put("secret", randomToken()));
        changed |= fill(node, "main_token", () -> node.put("main_token", randomToken()));
        changed |= fill(node, "file_download_sessions", () -> node.put("file_download_sessions", 3));
        changed |= fill(node, "verbose", () -> node.put("verbose", false));
        changed |= fill(node, "upload_chunk_encoding", () -> node.put("upload_chunk_encoding", "utf16be"));
        changed |= fill(node, "bind", () -> node.put("bind", "0.0.0.0"));
        changed |= fill(node, "max_inflight_requests", () -> node.put("max_inflight_requests", 256));
        DaemonConfig config = mapper.treeToValue(node, DaemonConfig.class);
        validate(config);
        if (changed || !Files.exists(file)) {
            AtomicFiles.writeOwnerOnly(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        }
        return new Loaded(config, node.deepCopy());
    }

    private static boolean fill(ObjectNode node, String key, Runnable put) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            put.run();
            return true;
        }
        return false;
    }

    private static void validate(DaemonConfig c) throws IOException {
        if (c.port() < 0 || c.port() > 65535) {
            throw new IOException("config.json: port must be 0..65535");
        }
        if (c.mainToken().isEmpty() || c.secret().isEmpty()) {
            throw new IOException("config.json: main_token and secret must not be empty");
        }
        if (!c.uploadChunkEncoding().equals("utf16be") && !c.uploadChunkEncoding().equals("base64")) {
            throw new IOException("config.json: upload_chunk_encoding must be \"utf16be\" or \"base64\"");
        }
        if (c.fileDownloadSessions() < 0) {
            throw new IOException("config.json: file_download_sessions must be >= 0 (0 = unlimited)");
        }
        if (c.maxInflightRequests() < 1) {
            throw new IOException("config.json: max_inflight_requests must be >= 1");
        }
    }

    /** 32 characters of [A-Za-z0-9] from a cryptographic generator. */
    public static String randomToken() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length()));
        }
        return new String(c);
    }
}
