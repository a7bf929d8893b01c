package dev.mfp.testkit;

import java.util.Optional;

/**
 * Ends the fake program when the process that started it is gone (or the process {@code testkit.watchPid}, for a
 * server meant to outlive the daemon that started it), so a crashed test run leaves no child behind.
 */
final class ParentWatchdog {
    private ParentWatchdog() {
    }

    static void start() {
        Long watch = Long.getLong("testkit.watchPid");
        Optional<ProcessHandle> parent = watch != null ? ProcessHandle.of(watch) : ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle p = parent.get();
        Thread t = new Thread(() -> {
            while (true) {
                if (!p.isAlive()) {
                    Runtime.getRuntime().halt(137);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "parent-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
