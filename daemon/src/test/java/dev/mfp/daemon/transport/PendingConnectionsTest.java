package dev.mfp.daemon.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfp.client.MfpClient;
import dev.mfp.daemon.support.TestDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hardening item 10: connections that have not become an authenticated WebSocket (half-sent requests, slow
 * upgrades, idle sockets) get a deadline per HTTP exchange and are capped per remote address and in all, so that
 * they can neither take every descriptor nor lock {@code GET /info} out. The caps are lowered through config.json;
 * the test clients use other loopback source addresses (127.0.0.x) to stand for other hosts.
 */
class PendingConnectionsTest {
    private static final int PER_ADDRESS = 10;
    private static final int TOTAL = 40;
    private static final long TIMEOUT_MS = 2000;

    private static Path dir;
    private static TestDaemon daemon;
    private final List<SocketChannel> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("mfp-pending");
        Files.writeString(dir.resolve("config.json"), "{\"max_pending_connections\": " + TOTAL
                + ", \"max_pending_connections_per_address\": " + PER_ADDRESS
                + ", \"http_request_timeout_ms\": " + TIMEOUT_MS + "}");
        daemon = TestDaemon.startIn(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
        TestDaemon.deleteTree(dir);
    }

    @AfterEach
    void closeSockets() throws Exception {
        for (SocketChannel s : sockets) {
            s.close();
        }
        sockets.clear();
        await().atMost(Duration.ofSeconds(30)).until(() -> info("127.0.0.1") == 200);
    }

    /** A connection from {@code local} that sent the start of a request and nothing more. */
    private SocketChannel halfSent(String local) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.bind(new InetSocketAddress(local, 0));
        ch.connect(new InetSocketAddress("127.0.0.1", daemon.port()));
        ch.write(ByteBuffer.wrap("GET /info HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII)));
        ch.configureBlocking(false);
        sockets.add(ch);
        return ch;
    }

    /** Whether the daemon closed the socket (end of stream or reset), without waiting. */
    private static boolean closedByDaemon(SocketChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(4096);
            int n;
            while ((n = ch.read(b)) > 0) {
                b.clear();
            }
            return n < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static int countClosedWithin(List<SocketChannel> all, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        boolean[] closed = new boolean[all.size()];
        while (System.nanoTime() < end) {
            for (int i = 0; i < all.size(); i++) {
                closed[i] |= closedByDaemon(all.get(i));
            }
            Thread.sleep(20);
        }
        int n = 0;
        for (boolean c : closed) {
            n += c ? 1 : 0;
        }
        return n;
    }

    /** {@code GET /info} from {@code local}: the status, or -1 if the daemon closed the connection instead. */
    private static int info(String local) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress("127.0.0.1", daemon.port()), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = s.getInputStream().readNBytes(12);
            if (head.length < 12) {
                return -1;
            }
            return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Blocks until the daemon closes {@code s}; returns the time that took. */
    private static Duration timeUntilClosed(Socket s, long since) throws IOException {
        s.setSoTimeout(20_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // a 408 or anything else the daemon may say first
            }
        } catch (java.net.SocketTimeoutException e) {
            return Duration.ofDays(1);
        } catch (IOException e) {
            // reset: closed too
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }

    @Test
    void halfSentRequestsSlowUpgradesAndSilentSocketsAreClosedAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        Socket halfSent = new Socket("127.0.0.1", daemon.port());
        halfSent.getOutputStream().write("GET /info HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        Socket silent = new Socket("127.0.0.1", daemon.port());
        Socket slowloris = new Socket("127.0.0.1", daemon.port());
        AtomicBoolean stop = new AtomicBoolean();
        Thread dribble = new Thread(() -> {
            byte[] upgrade = ("GET /api/v1?token=" + URLEncoder.encode(daemon.mainToken(), StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] more = "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; !stop.get(); i++) {
                    byte b = i < upgrade.length ? upgrade[i] : more[(i - upgrade.length) % more.length];
                    slowloris.getOutputStream().write(b);
                    Thread.sleep(100); // far more often than any idle timeout, but the headers never end
                }
            } catch (IOException | InterruptedException e) {
                // closed by the daemon
            }
        });
        dribble.start();
        try {
            for (Socket s : List.of(halfSent, silent, slowloris)) {
                Duration took = timeUntilClosed(s, start);
                assertThat(took).as("closed after").isBetween(Duration.ofMillis(TIMEOUT_MS / 2), Duration.ofSeconds(15));
            }
        } finally {
            stop.set(true);
            dribble.join(5000);
            halfSent.close();
            silent.close();
            slowloris.close();
        }
        assertThat(info("127.0.0.1")).isEqualTo(200);
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareAndOthersAreServed() throws Exception {
        List<SocketChannel> flood = new ArrayList<>();
        for (int i = 0; i < 3 * PER_ADDRESS; i++) {
            flood.add(halfSent("127.0.0.3"));
        }
        int refused = countClosedWithin(flood, Duration.ofMillis(TIMEOUT_MS / 4));
        assertThat(refused).as("refused at once").isEqualTo(2 * PER_ADDRESS);
        assertThat(info("127.0.0.4")).as("another address").isEqualTo(200);
        assertThat(info("127.0.0.3")).as("the same address, while its share is held").isEqualTo(-1);
        await().atMost(Duration.ofSeconds(30)).until(() -> info("127.0.0.3") == 200);
    }

    @Test
    void allAddressesTogetherCannotHoldMoreThanTheTotal() throws Exception {
        List<SocketChannel> flood = new ArrayList<>();
        for (int a = 5; a < 10; a++) {
            for (int i = 0; i < PER_ADDRESS; i++) {
                flood.add(halfSent("127.0.0." + a));
            }
        }
        int refused = countClosedWithin(flood, Duration.ofMillis(TIMEOUT_MS / 4));
        assertThat(flood.size() - refused).as("held").isEqualTo(TOTAL);
        await().atMost(Duration.ofSeconds(30)).until(() -> info("127.0.0.10") == 200);
    }

    @Test
    void authenticatedWebSocketsDoNotCountAndHaveNoDeadline() throws Exception {
        List<MfpClient> clients = new ArrayList<>();
        for (int i = 0; i < PER_ADDRESS + 5; i++) {
            clients.add(daemon.client());
        }
        assertThat(info("127.0.0.1")).isEqualTo(200);
        Thread.sleep(TIMEOUT_MS + 1000);
        for (MfpClient c : clients) {
            assertThat(c.call("ping", null).has("time")).isTrue();
            c.close();
        }
    }
}
