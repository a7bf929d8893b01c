package dev.mfp.daemon.instance.factory;

import dev.mfp.protocol.ActionError;
import dev.mfp.protocol.RetCode;
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
 * is an Installation Error (60001); the partial file is deleted.
 */
public final class Downloader {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long maxBytes;
    private final Duration timeout;
    private HttpClient http;

    public Downloader(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** Created on first use: an HTTP client loads the whole TLS stack, which an idle daemon should not carry. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
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
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                        .header("User-Agent", "mfp-daemon").build();
                HttpResponse<InputStream> resp = http().send(req, HttpResponse.BodyHandlers.ofInputStream());
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
                URLConnection c = uri.toURL().openConnection();
                c.setConnectTimeout(15_000);
                c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                try (InputStream in = c.getInputStream()) {
                    copy(in, target, deadline, uri);
                }
            } else {
                throw fail("unsupported URL scheme '" + scheme + "'");
            }
        } catch (ActionError e) {
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

    private static ActionError fail(String detail) {
        return new ActionError(RetCode.INSTALLATION_ERROR, detail);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
