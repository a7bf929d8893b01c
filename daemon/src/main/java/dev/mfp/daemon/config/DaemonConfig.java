package dev.mfp.daemon.config;

/**
 * The daemon settings of {@code config.json} (transport.md §2). {@code bind} and
 * {@code max_inflight_requests} are additions of this daemon.
 */
public record DaemonConfig(int port, String secret, String mainToken, int fileDownloadSessions, boolean verbose,
        String uploadChunkEncoding, String bind, int maxInflightRequests) {

    public DaemonConfig withPort(int newPort) {
        return new DaemonConfig(newPort, secret, mainToken, fileDownloadSessions, verbose, uploadChunkEncoding, bind,
                maxInflightRequests);
    }

    public DaemonConfig withBind(String newBind) {
        return new DaemonConfig(port, secret, mainToken, fileDownloadSessions, verbose, uploadChunkEncoding, newBind,
                maxInflightRequests);
    }
}
