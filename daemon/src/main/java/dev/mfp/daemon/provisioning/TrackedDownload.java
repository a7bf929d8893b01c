package dev.mfp.daemon.provisioning;

import dev.mfp.daemon.instance.factory.SourceAddressPolicy;
import dev.mfp.daemon.operation.OperationCancelledException;
import dev.mfp.daemon.error.DaemonError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A download for an operation: every host (the URL's and each redirect's, followed one by one) is checked by the
 * {@link SourceAddressPolicy} before it is connected to; the body goes to {@code <target>.part}, which becomes
 * {@code target} only when complete and, if a hash is expected, verified. A body cut short is resumed with an HTTP
 * range request (guarded by {@code If-Range}) up to {@code attempts} times. A cancel request, a stall longer than the
 * connect timeout or the total time limit abort it at once (the stream is closed under the reading thread). Any
 * failure deletes the partial file; the failure is a {@link Failure}, a cancel an
 * {@link OperationCancelledException}.
 */
final class TrackedDownload {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "provisioning-download-watchdog");
        t.setDaemon(true);
        return t;
    });
    static final int MAX_REDIRECTS = 10;
    private static final Pattern FRAGMENT_HASH = Pattern.compile("(?i)^(sha1|sha256)=([0-9a-f]+)$");

    /** A download that did not produce a verified file (its message is for the operation's error_message). */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** Progress of one download: bytes so far, the total if known (else -1), bytes per second. */
    interface Listener {
        void progress(long transferred, long total, double rate);
    }

    /** An expected digest: {@code algorithm} {@code SHA-1} or {@code SHA-256}, lower-case hex. */
    record Digest(String algorithm, String hex) {
        /** The {@code #sha1=…} / {@code #sha256=…} fragment of a source URL, or null. */
        static Digest ofFragment(URI uri) throws Failure {
            String f = uri.getFragment();
            if (f == null || f.isEmpty()) {
                return null;
            }
            Matcher m = FRAGMENT_HASH.matcher(f);
            if (!m.matches()) {
                throw new Failure("the source URL fragment '#" + f + "' is not #sha1=<hex> or #sha256=<hex>");
            }
            String alg = m.group(1).equalsIgnoreCase("sha1") ? "SHA-1" : "SHA-256";
            String hex = m.group(2).toLowerCase(Locale.ROOT);
            if (hex.length() != (alg.equals("SHA-1") ? 40 : 64)) {
                throw new Failure("the source URL's " + m.group(1) + " has the wrong length");
            }
            return new Digest(alg, hex);
        }

        static Digest sha1(String hex) {
            return hex == null || !hex.matches("[0-9a-fA-F]{40}") ? null
                    : new Digest("SHA-1", hex.toLowerCase(Locale.ROOT));
        }
    }

    private final SourceAddressPolicy policy;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final long maxBytes;
    private final int attempts;
    private HttpClient http;

    TrackedDownload(SourceAddressPolicy policy, Duration connectTimeout, Duration timeout, long maxBytes, int attempts) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.attempts = attempts;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout)
                    .build();
        }
        return http;
    }

    /** A small document (metadata) into memory, at most {@code limit} bytes; same checks, no resume. */
    byte[] bytes(URI uri, int limit, BooleanSupplier cancelled) throws Failure {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            HttpResponse<InputStream> resp = send(uri, -1, null, deadline);
            try (InputStream in = resp.body()) {
                if (resp.statusCode() == 404) {
                    throw new Failure(uri + " answered HTTP 404 (not found)");
                }
                if (resp.statusCode() / 100 != 2) {
                    throw new Failure(uri + " answered HTTP " + resp.statusCode());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                pump(in, out, 0, -1, limit, deadline, cancelled, null, uri);
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw new Failure("download of " + uri + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("download of " + uri + " interrupted");
        }
    }

    /** Downloads {@code uri} (its fragment is never sent) into {@code target}, verified against {@code expected}. */
    void file(URI uri, Path target, Digest expected, BooleanSupplier cancelled, Listener listener) throws Failure {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        boolean done = false;
        try {
            URI request = withoutFragment(uri);
            String scheme = request.getScheme() == null ? "" : request.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("http") || scheme.equals("https")) {
                http(request, part, cancelled, listener);
            } else if (scheme.equals("ftp")) {
                ftp(request, part, cancelled, listener);
            } else {
                throw new Failure("unsupported URL scheme '" + scheme + "'");
            }
            if (expected != null) {
                String actual = digest(part, expected.algorithm());
                if (!actual.equals(expected.hex())) {
                    throw new Failure("the download of " + request + " does not match its " + expected.algorithm()
                            + " (expected " + expected.hex() + ", got " + actual + ")");
                }
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (IOException e) {
            throw new Failure("download of " + uri + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("download of " + uri + " interrupted");
        } finally {
            if (!done) {
                deleteQuietly(part);
                deleteQuietly(target);
            }
        }
    }

    private void http(URI uri, Path part, BooleanSupplier cancelled, Listener listener)
            throws Failure, IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long have = 0;
        long total = -1;
        String validator = null;
        Files.deleteIfExists(part);
        for (int attempt = 1; ; attempt++) {
            checkCancelled(cancelled);
            boolean resume = have > 0 && validator != null;
            HttpResponse<InputStream> resp = send(uri, resume ? have : -1, resume ? validator : null, deadline);
            try (InputStream in = resp.body()) {
                int code = resp.statusCode();
                if (code == 206 && resume) {
                    long start = rangeStart(resp.headers().firstValue("Content-Range").orElse(""));
                    if (start != have) {
                        throw new Failure(uri + " resumed at byte " + start + " instead of " + have);
                    }
                } else if (code == 200) {
                    have = 0;
                    long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (declared > maxBytes) {
                        throw new Failure(uri + " is larger than the limit of " + maxBytes + " bytes");
                    }
                    total = declared;
                    boolean ranges = resp.headers().firstValue("Accept-Ranges").map(v -> v.contains("bytes"))
                            .orElse(false);
                    validator = !ranges ? null : resp.headers().firstValue("ETag")
                            .or(() -> resp.headers().firstValue("Last-Modified")).orElse(null);
                } else {
                    throw new Failure(uri + " answered HTTP " + code);
                }
                try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                        have == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE)) {
                    have = pump(in, out, have, total, maxBytes, deadline, cancelled, listener, uri);
                } catch (Cut e) {
                    have = e.have;
                }
            }
            if (total < 0 || have == total) {
                return;
            }
            if (have > total) {
                throw new Failure(uri + " sent more than its declared " + total + " bytes");
            }
            if (attempt >= attempts || validator == null) {
                throw new Failure("the download of " + uri + " ended after " + have + " of " + total + " bytes"
                        + (validator == null ? " (the server does not support resuming)" : ""));
            }
        }
    }

    private void ftp(URI uri, Path part, BooleanSupplier cancelled, Listener listener)
            throws Failure, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        checkPolicy(uri);
        URLConnection c = uri.toURL().openConnection();
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setReadTimeout((int) connectTimeout.toMillis());
        try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
            pump(in, out, 0, c.getContentLengthLong(), maxBytes, deadline, cancelled, listener, uri);
        } catch (Cut e) {
            throw new Failure("the download of " + uri + " was cut short");
        }
    }

    /** A body that ended with an I/O error after {@code have} bytes (resumable). */
    private static final class Cut extends IOException {
        final long have;

        Cut(long have) {
            super(null, null);
            this.have = have;
        }
    }

    /**
     * Copies {@code in} to {@code out} (appending after {@code have} bytes); returns the new count. A watchdog closes
     * the stream on cancel, stall or deadline, and the reason is thrown instead of the read error.
     */
    private long pump(InputStream in, OutputStream out, long have, long total, long limit, long deadline,
            BooleanSupplier cancelled, Listener listener, URI uri) throws Failure, IOException {
        AtomicReference<String> abort = new AtomicReference<>();
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        long stallNanos = connectTimeout.toNanos();
        ScheduledFuture<?> guard = WATCHDOG.scheduleWithFixedDelay(() -> {
            String why = null;
            long now = System.nanoTime();
            if (cancelled.getAsBoolean()) {
                why = "cancelled";
            } else if (now - deadline > 0) {
                why = "the download of " + uri + " exceeded the time limit of " + timeout.toSeconds() + " s";
            } else if (now - lastByte.get() > stallNanos) {
                why = "the download of " + uri + " stalled for more than " + connectTimeout.toSeconds() + " s";
            }
            if (why != null && abort.compareAndSet(null, why)) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is how the read is aborted
                }
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long startHave = have;
        long lastReport = 0;
        try {
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    rethrowAbort(abort.get());
                    if (Thread.currentThread().isInterrupted()) {
                        throw new Failure("the download of " + uri + " was interrupted (daemon shutdown)");
                    }
                    throw new Cut(have);
                }
                if (n < 0) {
                    break;
                }
                lastByte.set(System.nanoTime());
                have += n;
                if (have > limit) {
                    throw new Failure(uri + " is larger than the limit of " + limit + " bytes");
                }
                out.write(buf, 0, n);
                long now = System.nanoTime();
                if (listener != null && now - lastReport > 100_000_000L) {
                    lastReport = now;
                    double secs = Math.max(1e-3, (now - start) / 1e9);
                    listener.progress(have, total, (have - startHave) / secs);
                }
            }
            rethrowAbort(abort.get());
            if (listener != null) {
                double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
                listener.progress(have, total, (have - startHave) / secs);
            }
            return have;
        } finally {
            guard.cancel(false);
        }
    }

    private static void rethrowAbort(String why) throws Failure {
        if ("cancelled".equals(why)) {
            throw new OperationCancelledException();
        }
        if (why != null) {
            throw new Failure(why);
        }
    }

    /** GET (with an optional range) and redirects followed by hand, each hop checked by the policy first. */
    private HttpResponse<InputStream> send(URI start, long from, String ifRange, long deadline)
            throws Failure, IOException, InterruptedException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            checkPolicy(uri);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new Failure("the download of " + start + " exceeded the time limit of " + timeout.toSeconds()
                        + " s");
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(Math.min(left, connectTimeout.toNanos()))).GET()
                    .header("User-Agent", "mfp-daemon");
            if (from > 0) {
                req.header("Range", "bytes=" + from + "-").header("If-Range", ifRange);
            }
            HttpResponse<InputStream> resp = http().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            int code = resp.statusCode();
            if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
                return resp;
            }
            resp.body().close();
            String location = resp.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw new Failure(start + ": HTTP " + code + " without a Location");
            }
            if (hop >= MAX_REDIRECTS) {
                throw new Failure(start + ": more than " + MAX_REDIRECTS + " redirects");
            }
            URI next;
            try {
                next = uri.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw new Failure(start + ": invalid redirect location '" + location + "'");
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new Failure(start + ": redirect to a non-http(s) location '" + location + "'");
            }
            uri = next;
        }
    }

    private void checkPolicy(URI uri) throws Failure {
        try {
            policy.check(uri);
        } catch (DaemonError e) {
            throw new Failure(e.detail());
        }
    }

    private static long rangeStart(String contentRange) {
        Matcher m = Pattern.compile("bytes\\s+(\\d+)-").matcher(contentRange);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new OperationCancelledException();
        }
    }

    static URI withoutFragment(URI uri) {
        if (uri.getRawFragment() == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(s.substring(0, s.indexOf('#')));
    }

    static String digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
