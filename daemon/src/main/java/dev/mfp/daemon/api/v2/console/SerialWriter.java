package dev.mfp.daemon.api.v2.console;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs one session's input writes one after another, in frame order, on the workers: a process that does not read
 * its input blocks only this queue, never the connection that received the frames.
 */
final class SerialWriter {
    private final Executor workers;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialWriter(Executor workers) {
        this.workers = workers;
    }

    void submit(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        workers.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SerialWriter.class).debug("console input not written: {}",
                        e.toString());
            }
        }
    }
}
