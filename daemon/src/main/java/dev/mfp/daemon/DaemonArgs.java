package dev.mfp.daemon;

import java.nio.file.Path;

/**
 * The daemon's command line: {@code [--port N] [--bind ADDR] [--dir W] [--detach]} (each value also as
 * {@code --name=value}), {@code -h}/{@code --help}, {@code -V}/{@code --version}. Read by hand, not with picocli like
 * the client's CLI: picocli's class files are Java 5's, which class data sharing cannot archive, so its ~130 classes
 * were parsed and verified on every start (~70 ms of a 0.7 s start on a 2-core VM) for four options.
 *
 * @param port null: config.json's
 * @param bind null: config.json's
 * @param dir null: the current directory
 */
public record DaemonArgs(Integer port, String bind, Path dir, boolean detach, boolean help, boolean version) {
    static final String USAGE = """
            Usage: mfp-daemon [-hV] [--detach] [--bind=ADDR] [--dir=W] [--port=N]
            MCSL Future Protocol daemon: runs Minecraft servers and lets MCSL Future clients drive them.
                  --bind=ADDR   Listening address (overrides config.json; default 0.0.0.0).
                  --detach      This run's graceful shutdown leaves running servers running for the next daemon to
                                  re-adopt (shutdown_policy "detach" for one run, e.g. for an upgrade).
                  --dir=W       Working directory holding config.json and daemon/ (default: current directory).
              -h, --help        Show this help message and exit.
                  --port=N      Listening port (overrides config.json; 0 = any free port).
              -V, --version     Print version information and exit.
            """;

    /** @throws IllegalArgumentException an unknown option, a missing or invalid value, an option given twice */
    public static DaemonArgs parse(String... args) {
        Integer port = null;
        String bind = null;
        Path dir = null;
        boolean detach = false;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--port", "--bind", "--dir" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("Missing required parameter for option '" + name
                                    + "'");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--port" -> port = once(port, name, port(value));
                        case "--bind" -> bind = once(bind, name, value);
                        default -> dir = once(dir, name, Path.of(value));
                    }
                }
                case "--detach" -> detach = flag(value, name);
                case "-h", "--help" -> help = flag(value, name);
                case "-V", "--version" -> version = flag(value, name);
                default -> throw new IllegalArgumentException("Unknown option: '" + a + "'");
            }
        }
        return new DaemonArgs(port, bind, dir, detach, help, version);
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("Invalid value for option '--port': '" + value
                + "' is not a port number (0-65535)");
    }

    private static <T> T once(T previous, String name, T value) {
        if (previous != null) {
            throw new IllegalArgumentException("option '" + name + "' should be specified only once");
        }
        return value;
    }

    private static boolean flag(String value, String name) {
        if (value != null) {
            throw new IllegalArgumentException("option '" + name + "' takes no value");
        }
        return true;
    }
}
