package dev.mfp.daemon.instance.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process that is not the daemon's child still runs. {@link ProcessHandle#isAlive} already compares
 * the start time (a reused pid is another process); on Linux a zombie — exited, not yet reaped by a parent that
 * may never do it, e.g. a container's init — counts as gone too.
 */
public final class Liveness {
    /** How often an adopted server's liveness is polled. */
    public static final long POLL_MS = 200;

    private Liveness() {
    }

    public static boolean alive(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        String[] stat = stat(h.pid());
        return stat == null || !stat[0].equals("Z");
    }

    /** Whether {@code pid} leads its own process group (it was started through setsid); false where unknown. */
    public static boolean leadsOwnGroup(long pid) {
        String[] stat = stat(pid);
        return stat != null && stat.length > 2 && stat[2].equals(Long.toString(pid));
    }

    /** The fields of {@code /proc/<pid>/stat} after the command (state, ppid, pgrp, …); null where unreadable. */
    private static String[] stat(long pid) {
        try {
            String s = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")),
                    StandardCharsets.UTF_8);
            int close = s.lastIndexOf(')');
            return close < 0 ? null : s.substring(close + 1).trim().split(" ");
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
