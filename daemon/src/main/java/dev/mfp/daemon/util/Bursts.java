package dev.mfp.daemon.util;

import java.util.ArrayList;
import org.slf4j.LoggerFactory;

/**
 * A burst of work on one thread whose flushes wait for its end: a console reader delivers the lines of one read
 * inside a burst, and each connection that would write its first queued line at once instead writes all of them
 * together when the burst ends — still on the reader's thread, so a reader is held back by slow writes as before.
 */
public final class Bursts {
    private static final ThreadLocal<ArrayList<Runnable>> OPEN = new ThreadLocal<>();
    /** While a burst's flushes run: whether one of them reported a backlog. */
    private static final ThreadLocal<boolean[]> FLUSHING = new ThreadLocal<>();

    private Bursts() {
    }

    /**
     * Runs {@code body} as a burst (or as part of the one already open on this thread), then the flushes it kept.
     * Returns true when a flush reported a {@link #backlog()}: a reader that can wait (one reading a file, which
     * the server never blocks on) should slow down before its next read.
     */
    public static boolean run(Runnable body) {
        if (OPEN.get() != null) {
            body.run();
            return false;
        }
        ArrayList<Runnable> flushes = new ArrayList<>();
        OPEN.set(flushes);
        boolean[] backlog = new boolean[1];
        try {
            body.run();
        } finally {
            OPEN.remove();
            FLUSHING.set(backlog);
            try {
                for (Runnable flush : flushes) {
                    try {
                        flush.run();
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(Bursts.class).warn("a deferred flush failed", e);
                    }
                }
            } finally {
                FLUSHING.remove();
            }
        }
        return backlog[0];
    }

    /** Called by a deferred flush that left much unsent (its peer reads slower than the burst came). */
    public static void backlog() {
        boolean[] b = FLUSHING.get();
        if (b != null) {
            b[0] = true;
        }
    }

    /** Inside a burst: keeps {@code flush} for its end and answers true. Outside one: false (flush now yourself). */
    public static boolean defer(Runnable flush) {
        ArrayList<Runnable> flushes = OPEN.get();
        if (flushes == null) {
            return false;
        }
        flushes.add(flush);
        return true;
    }
}
