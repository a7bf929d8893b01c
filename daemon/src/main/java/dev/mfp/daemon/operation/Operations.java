package dev.mfp.daemon.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mfp.daemon.util.AtomicFiles;
import dev.mfp.protocol.json.Json;
import dev.mfp.protocol.v2.rpc.DaemonErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation coordinator (operations.md): accepts operations, runs their executors, publishes every change as a
 * new snapshot with {@code version + 1} (decisions.md #18), persists {@code operations/index.json} atomically with
 * retention (§6) and turns records left {@code queued}/{@code running} by an earlier run into {@code interrupted}.
 * All state changes happen under one lock; a change and its write are one step.
 */
public final class Operations implements AutoCloseable {
    public static final String EVERYONE = "*";
    public static final String INDEX = "index.json";
    static final String RESTARTED_MESSAGE = "The daemon restarted before the operation finished.";
    /** Progress-only changes are written at most this often (§3 step 2). */
    static final long PROGRESS_PERSIST_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final Path dir;
    private final OperationSettings settings;
    private final Clock clock;
    private final Executor executor;
    private final Map<UUID, Entry> entries = new LinkedHashMap<>();
    private boolean closed;
    private long lastWriteMillis = Long.MIN_VALUE / 2;
    /** Test hook: a write that fails (persist-failure paths). */
    private volatile boolean failWrites;

    private Operations(Path dir, OperationSettings settings, Clock clock, Executor executor) {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * Loads {@code dir/index.json} (if any), marks every non-terminal record {@code interrupted} (§6) and writes the
     * index back. {@code executor} runs the executors; an {@link ExecutorService} is shut down by {@link #close()}.
     */
    public static Operations open(Path dir, OperationSettings settings, Clock clock, Executor executor)
            throws IOException {
        Operations ops = new Operations(dir, settings, clock, executor);
        Files.createDirectories(dir);
        Path index = dir.resolve(INDEX);
        if (Files.exists(index)) {
            JsonNode arr;
            try {
                arr = Json.mapper().readTree(Files.readAllBytes(index));
            } catch (IOException e) {
                LOG.warn("operations/index.json is unreadable, starting with no operations: {}", e.toString());
                arr = JsonNodeFactory.instance.arrayNode();
            }
            Instant now = clock.instant();
            for (JsonNode n : arr) {
                OperationSnapshot s;
                try {
                    s = OperationSnapshot.fromJson(n);
                } catch (RuntimeException e) {
                    LOG.warn("operations/index.json: skipping an unreadable record: {}", e.toString());
                    continue;
                }
                if (!s.terminal()) {
                    s = new OperationSnapshot(s.operationId(), s.kind(), s.target(), s.ownerPrincipal(),
                            OperationStatus.INTERRUPTED, OperationStage.INTERRUPTED, s.progress(), s.version() + 1,
                            s.createdAt(), now, now, false, OperationSnapshot.INTERRUPTED_CODE, RESTARTED_MESSAGE,
                            null);
                }
                ops.entries.put(s.operationId(), new Entry(s));
            }
            synchronized (ops) {
                ops.write();
            }
        }
        return ops;
    }

    /**
     * Accepts an operation (§3 step 1): persisted as {@code queued} v1 before this returns, then handed to the
     * executor.
     *
     * @throws OperationError {@code operation.coordinator_stopped} (C) after {@link #close()},
     *                        {@code operation.persist_failed} (I) if the record could not be written
     */
    public OperationSnapshot submit(String kind, String target, String owner, OperationExecutor work) {
        return submit(kind, target, owner, work, null);
    }

    /** Linked state committed with the operation's terminal state (§3 step 4), e.g. a plan becoming consumed. */
    @FunctionalInterface
    public interface TerminalCommit {
        /** Runs holding the coordinator's lock just before the terminal write; a failure makes it interrupted. */
        void commit(OperationStatus terminal) throws Exception;
    }

    /** {@link #submit(String, String, String, OperationExecutor)} with linked state committed at the end. */
    public OperationSnapshot submit(String kind, String target, String owner, OperationExecutor work,
            TerminalCommit linked) {
        Entry e;
        synchronized (this) {
            if (closed) {
                throw stopped();
            }
            Instant now = clock.instant();
            OperationSnapshot s = new OperationSnapshot(UUID.randomUUID(), kind, target, owner,
                    OperationStatus.QUEUED, OperationStage.QUEUED, OperationProgress.INDETERMINATE, 1, now, now, null,
                    true, null, null, null).checked();
            e = new Entry(s);
            e.linked = linked;
            entries.put(s.operationId(), e);
            try {
                write();
            } catch (IOException ex) {
                entries.remove(s.operationId());
                throw persistFailed(ex);
            }
        }
        try {
            executor.execute(() -> run(e, work));
        } catch (RejectedExecutionException ex) {
            synchronized (this) {
                entries.remove(e.snapshot.operationId());
                tryWrite();
            }
            throw stopped();
        }
        return e.snapshot;
    }

    /** Every retained operation {@code owner} may see ({@link #EVERYONE}: all), newest {@code created_at} first. */
    public synchronized List<OperationSnapshot> list(String owner) {
        List<OperationSnapshot> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (EVERYONE.equals(owner) || e.snapshot.ownerPrincipal().equals(owner)) {
                out.add(e.snapshot);
            }
        }
        out.sort(Comparator.comparing(OperationSnapshot::createdAt).reversed()
                .thenComparing(s -> s.operationId().toString()));
        return out;
    }

    public synchronized Optional<OperationSnapshot> get(UUID id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.snapshot);
    }

    /**
     * Requests cancellation (§5.3): true if this call requested it — the snapshot is then persisted with
     * {@code cancellable: false} and a new version, and the executor sees {@link OperationContext#cancelRequested()}.
     *
     * @throws OperationError {@code operation.not_found} (N) or {@code operation.persist_failed} (I)
     */
    public synchronized boolean cancel(UUID id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new OperationError("operation.not_found", DaemonErrorKind.NOT_FOUND, "no operation " + id);
        }
        OperationSnapshot s = e.snapshot;
        if (s.terminal() || !s.cancellable() || e.cancelRequested) {
            return false;
        }
        OperationSnapshot prev = s;
        e.snapshot = with(s, s.status(), s.stage(), s.progress(), false, null, null, null);
        try {
            write();
        } catch (IOException ex) {
            e.snapshot = prev;
            throw persistFailed(ex);
        }
        e.cancelRequested = true;
        return true;
    }

    /** Stops accepting; running executors are interrupted and their outcome is no longer recorded (§6 restart). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (executor instanceof ExecutorService es) {
            es.shutdownNow();
        }
    }

    void failWritesForTest(boolean fail) {
        failWrites = fail;
    }

    private void run(Entry e, OperationExecutor work) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (e.cancelRequested) {
                finish(e, OperationStatus.CANCELLED, null, null, null);
                return;
            }
            OperationSnapshot s = e.snapshot;
            e.snapshot = with(s, OperationStatus.RUNNING, OperationStage.RESOLVING, s.progress(), s.cancellable(),
                    null, null, null);
            tryWrite();
        }
        OperationStatus status;
        String code = null;
        String message = null;
        String ref = null;
        try {
            ref = work.run(new Context(e));
            if (ref == null || ref.isEmpty()) {
                throw new IllegalStateException("executor returned no result reference");
            }
            status = OperationStatus.SUCCEEDED;
        } catch (OperationCancelledException ex) {
            status = OperationStatus.CANCELLED;
        } catch (OperationError ex) {
            status = OperationStatus.FAILED;
            code = ex.code();
            message = ex.getMessage() == null || ex.getMessage().isEmpty() ? OperationSnapshot.FAILED_MESSAGE
                    : ex.getMessage();
        } catch (Throwable ex) {
            LOG.warn("operation {} ({}) failed: {}", e.snapshot.operationId(), e.snapshot.kind(), ex.toString(), ex);
            status = OperationStatus.FAILED;
            code = OperationSnapshot.FAILED_CODE;
            message = OperationSnapshot.FAILED_MESSAGE;
        }
        synchronized (this) {
            if (closed) {
                return; // shutdown: the record stays non-terminal on disk and is interrupted at the next start
            }
            finish(e, status, code, message, ref);
        }
    }

    /** Called holding the lock. */
    private void finish(Entry e, OperationStatus status, String code, String message, String ref) {
        OperationSnapshot s = e.snapshot;
        OperationStage stage = switch (status) {
            case SUCCEEDED -> OperationStage.SUCCEEDED;
            case CANCELLED -> OperationStage.CANCELLED;
            default -> OperationStage.FAILED;
        };
        if (status == OperationStatus.CANCELLED) {
            code = OperationSnapshot.CANCELLED_CODE;
            message = OperationSnapshot.CANCELLED_MESSAGE;
        }
        if (e.linked != null) {
            try {
                e.linked.commit(status);
            } catch (Exception ex) {
                LOG.warn("operation {}: linked state not committed: {}", s.operationId(), ex.toString());
                status = OperationStatus.INTERRUPTED;
                stage = OperationStage.INTERRUPTED;
                code = OperationSnapshot.INTERRUPTED_CODE;
                message = "The operation's linked state could not be persisted.";
            }
        }
        e.snapshot = with(s, status, stage, s.progress(), false, code, message,
                status == OperationStatus.SUCCEEDED ? ref : null);
        tryWrite();
    }

    /** The next version of {@code s}; terminal statuses get {@code completed_at}. */
    private OperationSnapshot with(OperationSnapshot s, OperationStatus status, OperationStage stage,
            OperationProgress progress, boolean cancellable, String code, String message, String ref) {
        Instant now = clock.instant();
        if (now.isBefore(s.updatedAt())) {
            now = s.updatedAt();
        }
        return new OperationSnapshot(s.operationId(), s.kind(), s.target(), s.ownerPrincipal(), status, stage,
                progress, s.version() + 1, s.createdAt(), now, status.terminal() ? now : null, cancellable, code,
                message, ref).checked();
    }

    private void tryWrite() {
        try {
            write();
        } catch (IOException ex) {
            LOG.warn("operations/index.json not written: {}", ex.toString());
        }
    }

    /**
     * Writes the index with retention (§6): terminal records older than the retention age are dropped, then the
     * oldest terminal ones while the encoding is over the byte cap. Dropped records leave memory too. Called
     * holding the lock (or before the coordinator is shared).
     */
    private void write() throws IOException {
        if (failWrites) {
            throw new IOException("writes disabled (test)");
        }
        Instant now = clock.instant();
        Instant horizon = now.minus(Duration.ofDays(settings.retentionDays()));
        List<OperationSnapshot> kept = new ArrayList<>();
        for (Entry e : entries.values()) {
            OperationSnapshot s = e.snapshot;
            Instant at = s.completedAt() != null ? s.completedAt() : s.updatedAt();
            if (s.terminal() && at.isBefore(horizon)) {
                continue;
            }
            kept.add(s);
        }
        kept.sort(Comparator.comparing(OperationSnapshot::createdAt));
        byte[] bytes = encode(kept);
        while (bytes.length > settings.maximumBytes()) {
            int oldest = -1;
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i).terminal()) {
                    oldest = i;
                    break;
                }
            }
            if (oldest < 0) {
                throw new IOException("the non-terminal operations alone exceed operations.maximum_bytes");
            }
            kept.remove(oldest);
            bytes = encode(kept);
        }
        AtomicFiles.write(dir.resolve(INDEX), bytes);
        lastWriteMillis = clock.millis();
        Set<UUID> keep = new HashSet<>();
        kept.forEach(s -> keep.add(s.operationId()));
        entries.keySet().retainAll(keep);
    }

    private static byte[] encode(List<OperationSnapshot> list) throws IOException {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        list.forEach(s -> arr.add(s.toJson(false)));
        return Json.mapper().writeValueAsBytes(arr);
    }

    private static OperationError persistFailed(IOException e) {
        return new OperationError("operation.persist_failed", DaemonErrorKind.INTERNAL,
                "The operation record could not be persisted.", e);
    }

    private static OperationError stopped() {
        return new OperationError("operation.coordinator_stopped", DaemonErrorKind.CONFLICT,
                "The daemon is shutting down.");
    }

    private static final class Entry {
        OperationSnapshot snapshot;
        boolean cancelRequested;
        boolean committed;
        TerminalCommit linked;

        Entry(OperationSnapshot s) {
            this.snapshot = s;
        }
    }

    private final class Context implements OperationContext {
        private final Entry e;

        Context(Entry e) {
            this.e = e;
        }

        @Override
        public UUID operationId() {
            return e.snapshot.operationId();
        }

        @Override
        public void stage(OperationStage stage) {
            if (!stage.runningStage()) {
                throw new IllegalArgumentException("not a running stage: " + stage);
            }
            synchronized (Operations.this) {
                OperationSnapshot s = e.snapshot;
                if (closed || s.terminal() || s.stage() == stage) {
                    return;
                }
                e.snapshot = with(s, s.status(), stage, s.progress(), s.cancellable(), null, null, null);
                tryWrite();
            }
        }

        @Override
        public void progress(OperationProgress progress) {
            synchronized (Operations.this) {
                OperationSnapshot s = e.snapshot;
                if (closed || s.terminal() || s.progress().equals(progress)) {
                    return;
                }
                e.snapshot = with(s, s.status(), s.stage(), progress, s.cancellable(), null, null, null);
                if (clock.millis() - lastWriteMillis >= PROGRESS_PERSIST_MILLIS) {
                    tryWrite();
                }
            }
        }

        @Override
        public boolean cancelRequested() {
            synchronized (Operations.this) {
                return e.cancelRequested && !e.committed;
            }
        }

        @Override
        public void commitPoint() {
            synchronized (Operations.this) {
                if (e.cancelRequested && !e.committed) {
                    throw new OperationCancelledException();
                }
                e.committed = true;
            }
        }
    }
}
