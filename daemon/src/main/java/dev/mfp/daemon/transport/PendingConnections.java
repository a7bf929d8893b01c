package dev.mfp.daemon.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections that are not (yet) an authenticated WebSocket: plain HTTP requests and upgrades in progress
 * (the token is checked before the 101, so every WebSocket is authenticated). As a listener of the connector it
 * sees each one open and close; as the outermost handler it sees each HTTP exchange end.
 *
 * <ul>
 *   <li>A new one beyond {@code maxPerAddress} from its remote address, or beyond {@code maxTotal} in all, is
 *       closed at once, before anything is read.</li>
 *   <li>Each has {@code timeout} for its next exchange, counted from its opening or from the end of its previous
 *       exchange: the request headers, body and answer (or the upgrade) must be done by then, and an idle keep-alive
 *       connection is closed then too. {@link #sweep()} closes the late ones; dribbling bytes does not help.</li>
 * </ul>
 * Once upgraded, the connection leaves this set (Jetty closes the HTTP connection and opens a WebSocket one).
 */
final class PendingConnections extends Handler.Wrapper implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PendingConnections.class);
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int maxTotal;
    private final int maxPerAddress;
    private final long timeoutNanos;
    /** Deadline (System.nanoTime) of each pending connection. */
    private final Map<Connection, Long> deadlines = new ConcurrentHashMap<>();
    private final Map<Connection, InetAddress> addresses = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;
    private long refused;
    private long lastRefusalLog = System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS;

    PendingConnections(int maxTotal, int maxPerAddress, long timeoutMs) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    @Override
    public void onOpened(Connection c) {
        if (c instanceof WebSocketConnection) {
            return;
        }
        InetAddress address = remoteAddress(c.getEndPoint());
        boolean admitted;
        long refusedSoFar = 0;
        boolean log = false;
        synchronized (this) {
            int fromAddress = perAddress.getOrDefault(address, 0);
            admitted = total < maxTotal && fromAddress < maxPerAddress;
            if (admitted) {
                total++;
                perAddress.put(address, fromAddress + 1);
                addresses.put(c, address);
                deadlines.put(c, System.nanoTime() + timeoutNanos);
            } else {
                refusedSoFar = ++refused;
                long now = System.nanoTime();
                if (now - lastRefusalLog >= REFUSAL_LOG_INTERVAL_NANOS) {
                    lastRefusalLog = now;
                    log = true;
                }
            }
        }
        if (!admitted) {
            if (log) {
                LOG.warn("refusing connections not yet authenticated: more than {} from {} or {} in all ({} refused"
                        + " since start)", maxPerAddress, address, maxTotal, refusedSoFar);
            }
            c.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection c) {
        InetAddress address = addresses.remove(c);
        if (address == null) {
            return;
        }
        deadlines.remove(c);
        synchronized (this) {
            total--;
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /**
     * Answers every plain HTTP request with {@code Connection: close} (a successful upgrade replaces it with
     * {@code Upgrade}): the endpoints are cheap, and idle keep-alive sockets would otherwise fill a client's share.
     * Gives the connection a fresh deadline for its next exchange once this one has ended.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        Connection c = request.getConnectionMetaData().getConnection();
        Request.addCompletionListener(request, failure -> deadlines.computeIfPresent(c,
                (k, old) -> System.nanoTime() + timeoutNanos));
        return super.handle(request, response, callback);
    }

    /** Closes the pending connections past their deadline. */
    void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Long> e : deadlines.entrySet()) {
            if (now - e.getValue() > 0) {
                LOG.debug("closing {}: no complete HTTP exchange in time", e.getKey().getEndPoint()
                        .getRemoteSocketAddress());
                e.getKey().getEndPoint().close();
            }
        }
    }

    /** How often {@link #sweep()} should run. */
    long sweepPeriodMs() {
        return Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
    }

    synchronized int size() {
        return total;
    }

    private static InetAddress remoteAddress(EndPoint endPoint) {
        SocketAddress a = endPoint.getRemoteSocketAddress();
        return a instanceof InetSocketAddress i ? i.getAddress() : null;
    }
}
