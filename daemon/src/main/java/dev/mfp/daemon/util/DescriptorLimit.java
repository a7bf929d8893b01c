package dev.mfp.daemon.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's limit of open file descriptors (the soft {@code RLIMIT_NOFILE}). HotSpot raises it to the hard limit
 * at start ({@code -XX:+MaxFDLimit}, the default) and the launcher does the same before starting the JVM, so this
 * is already as high as the host allows; the daemon reads it only to size its connection caps.
 */
public final class DescriptorLimit {
    private DescriptorLimit() {
    }

    /** The soft limit, or -1 where it cannot be read (not Linux, or unlimited). */
    public static long current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
