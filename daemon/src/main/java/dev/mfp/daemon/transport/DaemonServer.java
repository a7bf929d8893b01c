package dev.mfp.daemon.transport;

import dev.mfp.daemon.auth.Grant;
import dev.mfp.daemon.auth.TokenService;
import dev.mfp.daemon.util.DescriptorLimit;
import dev.mfp.protocol.ProtocolInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty server on one port: the WebSocket upgrades of the {@link Endpoint}s ({@code /api/v1}, {@code /api/v2};
 * token checked before the 101) in front of the HTTP endpoints.
 */
public final class DaemonServer {
    /**
     * Largest accepted text message. A 1 MiB upload chunk packed as UTF-16BE and escaped as {@code \\uXXXX}
     * is about 3 MiB of JSON; a bigger message closes only that connection with 1009 (Message Too Big).
     */
    public static final long MAX_TEXT_MESSAGE = 4L * 1024 * 1024;
    /** Largest accepted binary message: a 1 MiB upload chunk plus its 44-byte header, with headroom. */
    public static final long MAX_BINARY_MESSAGE = 2L * 1024 * 1024;
    /** The v1 connection settings (v1 transport.md and the hardening bounds). */
    public static ConnectionSettings v1Settings(int maxInflight) {
        return new ConnectionSettings(maxInflight, MAX_TEXT_MESSAGE, MAX_BINARY_MESSAGE, Connection.OUTBOUND_LIMITS,
                1008, "outbound queue overflow", ProtocolInfo.TOKEN_EXPIRED_CLOSE_CODE,
                ProtocolInfo.TOKEN_EXPIRED_CLOSE_REASON, 0);
    }
    private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final PendingConnections pending;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> sweep;

    public DaemonServer(String bind, int port, TokenService tokens, String version, List<Endpoint> endpoints,
            ScheduledExecutorService scheduler, TransportLimits limits) {
        this(bind, port, tokens, version, endpoints, scheduler, limits, MetricsPage.off());
    }

    /** With {@code GET /metrics} served as {@code metrics} says. */
    public DaemonServer(String bind, int port, TokenService tokens, String version, List<Endpoint> endpoints,
            ScheduledExecutorService scheduler, TransportLimits limits, MetricsPage metrics) {
        this.scheduler = scheduler;
        OutboundBudget outboundBudget = new OutboundBudget(limits.maxOutboundBytes());
        MessageBudget messageBudget = new MessageBudget(limits.maxUnfinishedMessageBytes());
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("http");
        pool.setReservedThreads(0);
        pool.setDaemon(true);
        server = new Server(pool);
        server.setStopTimeout(3000);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        pending = new PendingConnections(pendingCap(limits.maxPendingConnections()), limits.maxPendingPerAddress(),
                limits.httpRequestTimeoutMs());
        connector.addEventListener(pending);

        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            long maxText = 0;
            long maxBinary = 0;
            for (Endpoint e : endpoints) {
                maxText = Math.max(maxText, e.settings().maxText());
                maxBinary = Math.max(maxBinary, e.settings().maxBinary());
            }
            // each connection enforces its own protocol's bounds; Jetty's must let the largest through
            container.setMaxTextMessageSize(maxText);
            container.setMaxBinaryMessageSize(maxBinary);
            container.setIdleTimeout(Duration.ZERO);
            for (Endpoint endpoint : endpoints) {
                org.eclipse.jetty.websocket.server.WebSocketCreator creator = (rq, rs, cb) -> {
                    Grant grant;
                    try {
                        grant = endpoint.verifier().apply(Request.extractQueryParameters(rq).getValue("token"));
                    } catch (RuntimeException e) {
                        LOG.warn("token verification failed", e);
                        Response.writeError(rq, rs, cb, 500);
                        return null;
                    }
                    if (grant == null) {
                        Response.writeError(rq, rs, cb, 401);
                        return null;
                    }
                    return new Connection(grant, endpoint.settings(), endpoint.frontEnd(), scheduler, connections,
                            outboundBudget, messageBudget, endpoint.api());
                };
                for (String path : endpoint.paths()) {
                    container.addMapping(path, creator);
                }
            }
        });
        ws.setHandler(new HttpEndpoints(tokens, version, metrics));
        pending.setHandler(ws);
        server.setHandler(pending);
    }

    /**
     * Connections not yet authenticated may take at most a quarter of the descriptors, so that they cannot starve
     * WebSockets, instances and files.
     */
    private static int pendingCap(int configured) {
        long fds = DescriptorLimit.current();
        if (fds > 0 && configured > fds / 4) {
            int cap = (int) Math.max(1, fds / 4);
            LOG.warn("descriptor limit is {}: at most {} connections not yet authenticated (max_pending_connections"
                    + " is {})", fds, cap, configured);
            return cap;
        }
        return configured;
    }

    public void start() throws Exception {
        server.start();
        long period = pending.sweepPeriodMs();
        sweep = scheduler.scheduleWithFixedDelay(pending::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    /** Closes every WebSocket with 1001 (going away), then stops the server. */
    public void stop() {
        for (Connection c : connections.snapshot()) {
            c.close(1001, "daemon shutting down");
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (connections.size() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (sweep != null) {
            sweep.cancel(false);
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly", e);
        }
    }
}
