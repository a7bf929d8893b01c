package dev.mfp.daemon.instance.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills a process and all its descendants (collected before anything dies, so none is re-parented away). */
public final class ProcessTree {
    private ProcessTree() {
    }

    /** Forcibly kills the tree; does not wait. */
    public static void kill(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        root.descendants().forEach(all::add);
        all.add(0, root);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        // children started while we were collecting
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits until every process of the snapshot has exited. */
    public static boolean awaitAll(List<ProcessHandle> handles, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !h.isAlive();
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (h.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    public static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all;
    }
}
