package dev.mfp.daemon.instance;

import java.util.regex.Pattern;

/**
 * Reads a Minecraft server's console for the lines that move its state (files-and-instances.md §5.4): the
 * "Done" line, "Stopping the server" and "Minecraft has crashed". It only classifies; the lifecycle applies.
 */
final class MinecraftConsoleWatcher {
    /**
     * The "Done" line, applied to the line without trailing whitespace (v2 instances.md §7.3: also with the
     * {@code or "?"} suffix that the v1 regex lacked; the canonical text must be the complete suffix).
     */
    static final Pattern DONE = Pattern.compile(
            "Done \\(\\d+\\.\\d{1,3}s\\)! For help, type [\"']help[\"'](?:\\s+or\\s+[\"']\\?[\"'])?\\z");
    static final String STOPPING_MARKER = "Stopping the server";
    static final String CRASH_MARKER = "Minecraft has crashed";

    enum Signal { NONE, DONE, STOPPING, CRASH }

    private MinecraftConsoleWatcher() {
    }

    /** What a line says; a crash wins over stopping, stopping over done. */
    static Signal classify(String line) {
        if (line.contains(CRASH_MARKER)) {
            return Signal.CRASH;
        }
        if (line.contains(STOPPING_MARKER)) {
            return Signal.STOPPING;
        }
        return DONE.matcher(line.stripTrailing()).find() ? Signal.DONE : Signal.NONE;
    }
}
