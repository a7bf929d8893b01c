package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.protocol.v2.BinaryFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mfp upload LOCAL [REMOTE]} and {@code mfp download REMOTE [LOCAL]} over v2 binary frames (transfer.md §4–§5),
 * SHA-256 verified, with a progress line on a terminal; {@code download --resume} continues from the local file's
 * length.
 */
final class TransferCommands {
    private static final int CHUNK = 1 << 20;
    private static final int WINDOW = 4;

    private TransferCommands() {
    }

    /** bytes, rate and ETA on one rewritten line of stderr, only when stderr is a terminal. */
    static final class Progress {
        private final long total;
        private final long startNanos = System.nanoTime();
        private final boolean shown = System.console() != null;
        private long lastPrint;

        Progress(long total) {
            this.total = total;
        }

        void at(long done) {
            long now = System.nanoTime();
            if (!shown || (now - lastPrint < 200_000_000L && done < total)) {
                return;
            }
            lastPrint = now;
            double secs = Math.max(1e-3, (now - startNanos) / 1e9);
            double rate = done / secs;
            long eta = rate > 0 ? (long) ((total - done) / rate) : 0;
            int pct = total == 0 ? 100 : (int) (100 * done / total);
            System.err.printf(Locale.ROOT, "\r%3d%%  %s / %s  %s/s  ETA %ds   ", pct, Table.bytes(done),
                    Table.bytes(total), Table.bytes((long) rate), eta);
            if (done >= total) {
                System.err.println();
            }
        }
    }

    @Command(name = "upload", description = "Upload a local file (SHA-256 verified by the daemon).")
    static final class Upload implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Local file.")
        Path local;

        @Parameters(index = "1", arity = "0..1", description = "Remote path (default: its name in the root).")
        String remote;

        @Option(names = "--resume", description = "Use a resumable session (v1, extensions.md §6) recorded in"
                + " LOCAL.mfp-upload: after a broken connection or a restart of the CLI, the same command sends only"
                + " the bytes the daemon does not have yet.")
        boolean resume;

        @Override
        public Integer call() {
            if (resume) {
                return ResumableUpload.run(parent, local, remote != null ? remote : local.getFileName().toString());
            }
            return InstanceCommands.run(parent, c -> {
                String target = remote != null ? remote : local.getFileName().toString();
                long length = Files.size(local);
                String sha = sha256(local);
                JsonNode open = c.call("mcsl.file.upload.open", Map.of("path", target, "length", length,
                        "sha256", sha));
                UUID id = UUID.fromString(open.get("session_id").asText());
                Progress progress = new Progress(length);
                byte[] buf = new byte[CHUNK];
                long off = 0;
                long acked = 0;
                int pending = 0;
                try (InputStream in = Files.newInputStream(local)) {
                    int n;
                    while ((n = in.readNBytes(buf, 0, CHUNK)) > 0) {
                        while (pending >= WINDOW) {
                            acked += ack(c);
                            pending--;
                            progress.at(acked);
                        }
                        c.sendBinary(BinaryFrame.encode(BinaryFrame.Kind.UPLOAD_CHUNK, id, off, buf, 0, n));
                        off += n;
                        pending++;
                    }
                }
                while (pending > 0) {
                    acked += ack(c);
                    pending--;
                    progress.at(acked);
                }
                c.call("mcsl.file.upload.close", Map.of("session_id", id.toString()));
                progress.at(length);
                System.out.println(target + " " + length + " bytes sha256 " + sha);
                return 0;
            });
        }

        private static long ack(MfpV2Client c) throws InterruptedException {
            JsonNode a = c.nextNotification("mcsl.file.upload.ack", Duration.ofMinutes(5));
            if (a == null) {
                throw new IllegalStateException("no upload acknowledgement within 5 minutes");
            }
            JsonNode p = a.path("params");
            if (!p.path("status").asText().equals("accepted")) {
                throw new IllegalStateException("chunk rejected: "
                        + p.path("error").path("data").path("daemon_error_code").asText());
            }
            return p.path("length").asLong();
        }
    }

    @Command(name = "download", description = "Download a file (SHA-256 verified); --resume continues a partial one.")
    static final class Download implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Remote path.")
        String remote;

        @Parameters(index = "1", arity = "0..1", description = "Local file (default: the remote name here).")
        Path local;

        @Option(names = "--resume", description = "Keep the bytes already in the local file and fetch the rest.")
        boolean resume;

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                Path out = local != null ? local : Path.of(Path.of(remote).getFileName().toString());
                JsonNode open = c.call("mcsl.file.download.open", Map.of("path", remote));
                String id = open.get("session_id").asText();
                long length = open.get("length").asLong();
                long have = resume && Files.exists(out) ? Math.min(Files.size(out), length) : 0;
                Progress progress = new Progress(length);
                try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
                    f.setLength(have);
                    f.seek(have);
                    long off = have;
                    do {
                        JsonNode r = c.call("mcsl.file.download.read", Map.of("session_id", id, "offset", off,
                                "maximum_length", CHUNK));
                        ByteBuffer frame = c.nextBinary(Duration.ofMinutes(5));
                        BinaryFrame.Decoded d = BinaryFrame.decode(frame);
                        if (d.frame() == null || d.frame().offset() != off) {
                            throw new IllegalStateException("unexpected download frame");
                        }
                        ByteBuffer payload = d.frame().payload();
                        f.getChannel().write(payload);
                        off += r.get("length").asLong();
                        progress.at(off);
                        if (r.get("is_final").asBoolean()) {
                            break;
                        }
                    } while (true);
                } finally {
                    c.call("mcsl.file.download.close", Map.of("session_id", id));
                }
                String sha = sha256(out);
                if (!sha.equals(open.get("sha256").asText())) {
                    System.err.println("error sha256 mismatch: got " + sha + ", the daemon has "
                            + open.get("sha256").asText());
                    return 2;
                }
                System.out.println(out + " " + length + " bytes sha256 " + sha);
                return 0;
            });
        }
    }

    static String sha256(Path p) throws IOException {
        return digest(p, "SHA-256");
    }

    /** The lower-case hex digest ({@code SHA-1}, {@code SHA-256}) of a local file. */
    static String digest(Path p, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
