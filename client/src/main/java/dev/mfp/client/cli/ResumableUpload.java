package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.MfpException;
import dev.mfp.protocol.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code mfp upload --resume}: a v1 resumable upload session (v2 extensions.md §6) whose {@code file_id} is kept in
 * {@code LOCAL.mfp-upload}; run again after an interruption, it asks {@code file_upload_status} and sends only the
 * missing ranges. The file is verified by the daemon (SHA-1 at completion) and the state file removed.
 */
final class ResumableUpload {
    private static final int CHUNK = 1 << 20;
    private static final int WINDOW = 4;
    /** Idle time the daemon keeps the session (it is not ended by a closed connection). */
    private static final long SESSION_TIMEOUT_MS = 24L * 3600 * 1000;

    private ResumableUpload() {
    }

    static Path stateFile(Path local) {
        return local.resolveSibling(local.getFileName() + ".mfp-upload");
    }

    static int run(MfpCli cli, Path local, String remote) {
        try (MfpClient c = cli.connect()) {
            long size = Files.size(local);
            String sha1 = sha1(local);
            Path state = stateFile(local);
            String fileId = previousSession(c, state, cli.url.toString(), remote, size, sha1);
            List<long[]> missing;
            if (fileId == null) {
                Map<String, Object> req = new LinkedHashMap<>();
                req.put("path", remote);
                req.put("size", size);
                req.put("sha1", sha1);
                req.put("encoding", "base64");
                req.put("resumable", true);
                req.put("timeout", SESSION_TIMEOUT_MS);
                fileId = c.call("file_upload_request", req).get("file_id").asText();
                ObjectNode s = Json.mapper().createObjectNode().put("url", cli.url.toString()).put("remote", remote)
                        .put("file_id", fileId).put("size", size).put("sha1", sha1);
                Files.writeString(state, s.toString());
                missing = List.of(new long[] {0, size});
            } else {
                missing = missing(c.call("file_upload_status", Map.of("file_id", fileId)).get("received"), size);
            }
            TransferCommands.Progress progress = new TransferCommands.Progress(size);
            long have = size - missing.stream().mapToLong(r -> r[1] - r[0]).sum();
            UUID id = UUID.fromString(fileId);
            Deque<CompletableFuture<JsonNode>> inflight = new ArrayDeque<>();
            boolean done = size == 0;
            try (RandomAccessFile f = new RandomAccessFile(local.toFile(), "r")) {
                byte[] buf = new byte[CHUNK];
                for (long[] range : missing) {
                    for (long off = range[0]; off < range[1]; off += CHUNK) {
                        int len = (int) Math.min(CHUNK, range[1] - off);
                        f.seek(off);
                        f.readFully(buf, 0, len);
                        if (inflight.size() >= WINDOW) {
                            done |= answered(inflight.poll());
                        }
                        inflight.add(c.uploadChunk(id, off, buf.clone(), 0, len, "base64"));
                        have += len;
                        progress.at(have);
                    }
                }
            }
            while (!inflight.isEmpty()) {
                done |= answered(inflight.poll());
            }
            if (!done) {
                System.err.println("error the daemon did not complete the upload");
                return 2;
            }
            Files.deleteIfExists(state);
            System.out.println(remote + " " + size + " bytes sha1 " + sha1);
            return 0;
        } catch (MfpException e) {
            System.err.println("error " + e.code() + " " + e.getMessage());
            return 2;
        } catch (dev.mfp.client.MfpConnectException e) {
            System.err.println("error cannot connect to " + cli.url + ": " + e.getMessage()
                    + " (run the same command again to resume)");
            return 3;
        } catch (Exception e) {
            System.err.println("error " + e.getMessage() + " (run the same command again to resume)");
            return 2;
        }
    }

    private static boolean answered(CompletableFuture<JsonNode> f) throws Exception {
        JsonNode r = f.get(5, TimeUnit.MINUTES);
        if (r.path("retcode").asInt() != 0) {
            throw new MfpException(r.path("retcode").asInt(), r.path("message").asText());
        }
        return r.path("data").path("done").asBoolean();
    }

    /** The recorded session, if it is for this upload and the daemon still has it; null to start a new one. */
    private static String previousSession(MfpClient c, Path state, String url, String remote, long size, String sha1)
            throws IOException {
        if (!Files.isRegularFile(state)) {
            return null;
        }
        JsonNode s = Json.mapper().readTree(state.toFile());
        if (!url.equals(s.path("url").asText()) || !remote.equals(s.path("remote").asText())
                || size != s.path("size").asLong() || !sha1.equals(s.path("sha1").asText())) {
            return null;
        }
        try {
            c.call("file_upload_status", Map.of("file_id", s.path("file_id").asText()));
            return s.path("file_id").asText();
        } catch (MfpException gone) {
            return null; // expired or completed meanwhile: start again
        }
    }

    /** The complement of the received half-open ranges {@code "a..b"} within {@code [0, size)}. */
    static List<long[]> missing(JsonNode received, long size) {
        List<long[]> out = new ArrayList<>();
        long at = 0;
        for (JsonNode r : received) {
            String[] ab = r.asText().split("\\.\\.");
            long a = Long.parseLong(ab[0]);
            long b = Long.parseLong(ab[1]);
            if (a > at) {
                out.add(new long[] {at, a});
            }
            at = Math.max(at, b);
        }
        if (at < size) {
            out.add(new long[] {at, size});
        }
        return out;
    }

    static String sha1(Path p) throws IOException {
        return TransferCommands.digest(p, "SHA-1");
    }
}
