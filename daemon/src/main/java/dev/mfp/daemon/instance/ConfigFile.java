package dev.mfp.daemon.instance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's {@code daemon_instance.json} and the value the daemon runs with (files-and-instances.md §5.1): the
 * one owner of the configuration. Writes, reloads of a hand-edited file and the instance's removal run one after the
 * other under its lock; readers take the current value without it. The lock is not the lifecycle's: a write does file
 * I/O, and a start reads the value it spawns with without waiting for a write.
 */
public final class ConfigFile {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFile.class);

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile InstanceSpec current;
    /** When the file was last written or read by the daemon; a different one on disk means a hand edit. */
    private volatile InstanceStore.Stamp stamp;

    ConfigFile(Path dir, InstanceSpec initial) {
        this.dir = dir;
        this.current = initial;
    }

    public InstanceSpec current() {
        return current;
    }

    /** Work on the file done under its lock. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} under the lock (the removal: no write starts after it). */
    <T> T locked(Work<T> work) throws IOException {
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: maps the current value to the next one ({@code change} may throw to refuse), writes it
     * atomically, makes it current and tells {@code applied}; concurrent writes apply one after the other, none lost.
     */
    InstanceSpec write(InstanceStore store, UnaryOperator<InstanceSpec> change, Consumer<InstanceSpec> applied)
            throws IOException {
        return locked(() -> {
            InstanceSpec next = change.apply(current);
            store.save(dir, next);
            stamp = store.stamp(dir);
            current = next;
            applied.accept(next);
            return next;
        });
    }

    /** Remembers the file as it is on disk now (after it was loaded). */
    void stampLoaded(InstanceStore store) {
        stamp = store.stamp(dir);
    }

    /**
     * Reads the file again when it changed on disk since the daemon last wrote or read it; skipped while a write
     * holds the lock. A valid value that differs becomes current and is told to {@code applied}; an invalid edit is
     * logged and the previous value kept.
     */
    void reloadIfEdited(InstanceStore store, BooleanSupplier removed, Consumer<InstanceSpec> applied) {
        InstanceStore.Stamp now = store.stamp(dir);
        if (now == null || now.equals(stamp) || !lock.tryLock()) {
            return;
        }
        try {
            if (now.equals(stamp) || removed.getAsBoolean()) {
                return;
            }
            stamp = now;
            InstanceSpec read = store.load(dir);
            if (read == null) {
                LOG.warn("instance {}: the edited {} is invalid; keeping the previous config", dir.getFileName(),
                        InstanceLayout.CONFIG_FILE);
                return;
            }
            if (read.equals(current)) {
                return;
            }
            LOG.info("instance {}: {} changed on disk; reloaded", dir.getFileName(), InstanceLayout.CONFIG_FILE);
            current = read;
            applied.accept(read);
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code spec} as current without writing it (the file already holds it: a restored directory). */
    void adopt(InstanceStore store, InstanceSpec spec, Consumer<InstanceSpec> applied) throws IOException {
        locked(() -> {
            stamp = store.stamp(dir);
            current = spec;
            applied.accept(spec);
            return null;
        });
    }
}
