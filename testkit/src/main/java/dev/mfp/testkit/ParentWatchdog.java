package dev.mfp.testkit;

import java.util.Optional;

/** Ends the fake program when the process that started it is gone, so a crashed test run leaves no child behind. */
final class ParentWatchdog {
    private ParentWatchdog() {
    }

    static void start() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
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
