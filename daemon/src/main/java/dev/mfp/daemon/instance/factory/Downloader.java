package dev.mfp.daemon.instance.factory;

import dev.mfp.daemon.error.DaemonError;
import dev.mfp.daemon.error.Failure;
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
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches an {@code http(s)}/{@code ftp} URL into a file with a size limit and a total time limit. Any failure
 * is an Installation Error (60001); the partial file is deleted. Every host contacted — the URL's and that of each
 * redirect, which are followed here one by one (at most {@link #MAX_REDIRECTS}, http/https only) — is checked by
 * the {@link SourceAddressPolicy} before it is connected to.
 */
public final class Downloader {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-watchdog");
        t.setDaemon(true);
        return t;
    });

    static final int MAX_REDIRECTS = 10;

    private final long maxBytes;
    private final Duration timeout;
    private final SourceAddressPolicy policy;
    private HttpClient http;

    public Downloader(long maxBytes, Duration timeout, SourceAddressPolicy policy) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.policy = policy;
    }

    /** Created on first use: an HTTP client loads the whole TLS stack, which an idle daemon should not carry. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(15)).build();
        }
        return http;
    }

    public static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("ftp://") || s.startsWith("ftps://");
    }

    public void download(URI uri, Path target) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("http") || scheme.equals("https")) {
                HttpResponse<InputStream> resp = fetch(uri, deadline);
                try (InputStream in = resp.body()) {
                    if (resp.statusCode() / 100 != 2) {
                        throw fail(uri + " answered HTTP " + resp.statusCode());
                    }
                    long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (declared > maxBytes) {
                        throw fail(uri + " is larger than the limit of " + maxBytes + " bytes");
                    }
                    copy(in, target, deadline, uri);
                }
            } else if (scheme.equals("ftp")) {
                policy.check(uri);
                URLConnection c = uri.toURL().openConnection();
                c.setConnectTimeout(15_000);
                c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                try (InputStream in = c.getInputStream()) {
                    copy(in, target, deadline, uri);
                }
            } else {
                throw fail("unsupported URL scheme '" + scheme + "'");
            }
        } catch (DaemonError e) {
            deleteQuietly(target);
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            deleteQuietly(target);
            throw fail("download of " + uri + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(target);
            throw fail("download of " + uri + " interrupted");
        }
    }

    /** GET with redirects followed by hand, each hop checked by the policy first; the final response. */
    private HttpResponse<InputStream> fetch(URI start, long deadline) throws IOException, InterruptedException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            policy.check(uri);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw fail("download of " + start + " exceeded the time limit of " + timeout.toMillis() + " ms");
            }
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET()
                    .header("User-Agent", "mfp-daemon").build();
            HttpResponse<InputStream> resp = http().send(req, HttpResponse.BodyHandlers.ofInputStream());
            int code = resp.statusCode();
            boolean redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
            if (!redirect) {
                return resp;
            }
            resp.body().close();
            String location = resp.headers().firstValue("Location")
                    .orElseThrow(() -> fail(start + ": HTTP " + code + " without a Location"));
            if (hop >= MAX_REDIRECTS) {
                throw fail(start + ": more than " + MAX_REDIRECTS + " redirects");
            }
            URI next;
            try {
                next = uri.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw fail(start + ": invalid redirect location '" + location + "'");
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw fail(start + ": redirect to a non-http(s) location '" + location + "'");
            }
            uri = next;
        }
    }

    private void copy(InputStream in, Path target, long deadline, URI uri) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        long left = Math.max(1, deadline - System.nanoTime());
        ScheduledFuture<?> guard = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how we abort
            }
        }, left, TimeUnit.NANOSECONDS);
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw fail(uri + " is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                throw fail("download of " + uri + " exceeded the time limit of " + timeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
        if (timedOut.get()) {
            throw fail("download of " + uri + " exceeded the time limit of " + timeout.toMillis() + " ms");
        }
    }

    private static DaemonError fail(String detail) {
        return new DaemonError(Failure.INSTALLATION_ERROR, detail);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
