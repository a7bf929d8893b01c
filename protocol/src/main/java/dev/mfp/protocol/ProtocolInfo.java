package dev.mfp.protocol;

/** Constants shared by the daemon and the client. */
public final class ProtocolInfo {
    public static final String API_VERSION = "v1";
    public static final String WEBSOCKET_PATH = "/api/v1";
    public static final int DEFAULT_PORT = 11452;
    public static final String JWT_ISSUER = "MCServerLauncher.Daemon";
    public static final String JWT_AUDIENCE = "MCServerLauncher.Daemon";
    public static final int TOKEN_EXPIRED_CLOSE_CODE = 4001;
    public static final String TOKEN_EXPIRED_CLOSE_REASON = "token expired";

    private ProtocolInfo() {
    }
}
