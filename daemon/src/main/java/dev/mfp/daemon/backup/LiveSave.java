package dev.mfp.daemon.backup;

import dev.mfp.daemon.event.DaemonEvent;
import dev.mfp.daemon.event.DaemonEventType;
import dev.mfp.daemon.event.EventBus;
import dev.mfp.daemon.event.EventSubscriber;
import dev.mfp.daemon.instance.Instance;
import dev.mfp.daemon.operation.OperationError;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console side of a live backup (extensions.md §1): {@code save-off}, {@code save-all flush}, the wait for the
 * server's save-complete line, and — always, whatever happened — {@code save-on}.
 */
final class LiveSave implements AutoCloseable {
    /** Vanilla and Paper print it when {@code save-all flush} has written everything. */
    static final Pattern SAVED = Pattern.compile("Saved the game");
    private static final Logger LOG = LoggerFactory.getLogger(LiveSave.class);

    private final Instance inst;
    private final EventBus bus;
    private final CountDownLatch saved = new CountDownLatch(1);
    private final EventSubscriber watcher;
    private boolean savingOff;

    private LiveSave(Instance inst, EventBus bus, Pattern savedLine) {
        this.inst = inst;
        this.bus = bus;
        this.watcher = new EventSubscriber() {
            @Override
            public boolean wants(DaemonEventType type) {
                return type == DaemonEventType.INSTANCE_LOG;
            }

            @Override
            public void onEvent(DaemonEvent e) {
                if (inst.id().equals(e.instanceId()) && savedLine.matcher((String) e.data()).find()) {
                    saved.countDown();
                }
            }
        };
    }

    /**
     * Turns automatic saving off and flushes; returns once the server said the world is saved.
     *
     * @throws OperationError {@code backup.save_timeout} (kind storage) when it did not within {@code timeout}
     */
    static LiveSave begin(Instance inst, EventBus bus, Pattern savedLine, Duration timeout)
            throws InterruptedException {
        LiveSave s = new LiveSave(inst, bus, savedLine);
        bus.register(s.watcher); // before the command, so the line cannot pass unseen
        try {
            s.savingOff = true;
            inst.send("save-off");
            inst.send("save-all flush");
            if (!s.saved.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new OperationError("backup.save_timeout", DaemonErrorKind.STORAGE, "The server did not report"
                        + " the save within " + timeout.toSeconds() + " s.");
            }
            return s;
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        } finally {
            bus.unregister(s.watcher);
        }
    }

    /** {@code save-on}: sent whenever {@code save-off} was, also after a failure or a cancellation. */
    @Override
    public void close() {
        if (!savingOff) {
            return;
        }
        savingOff = false;
        try {
            inst.send("save-on");
        } catch (RuntimeException e) {
            LOG.warn("instance {}: save-on after a live backup could not be sent: {}", inst.id(), e.toString());
        }
    }
}
