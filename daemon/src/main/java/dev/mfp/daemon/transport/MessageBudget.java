package dev.mfp.daemon.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes held by the {@link MessageAssembler}s of all connections together: arrays of messages still being
 * received and the small arrays kept for a connection's next message. Each assembler reserves through its
 * {@link Holder} before it grows its array. When a reservation would pass the limit, the connection whose
 * unfinished message began most recently (the newest offender; possibly the one asking) is evicted: its
 * reservation is forgotten at once, its {@code onEvicted} drops the array and closes it. Older messages, closer to
 * their end, go on.
 */
final class MessageBudget {
    private final long limit;
    private long used;
    private long nextSeq;
    /** Holders with an unfinished message, by the order their message began. */
    private final TreeMap<Long, Holder> unfinished = new TreeMap<>();

    MessageBudget(long limit) {
        this.limit = limit;
    }

    static MessageBudget unlimited() {
        return new MessageBudget(Long.MAX_VALUE);
    }

    /** A reservation for one connection; {@code onEvicted} runs (outside any lock) when another evicts it. */
    Holder holder(Runnable onEvicted) {
        return new Holder(onEvicted);
    }

    synchronized long used() {
        return used;
    }

    final class Holder {
        private final Runnable onEvicted;
        private long bytes;
        private long seq = -1;
        private boolean evicted;

        private Holder(Runnable onEvicted) {
            this.onEvicted = onEvicted;
        }

        /** A message begins: from now on this holder may be evicted. */
        void start() {
            synchronized (MessageBudget.this) {
                if (seq < 0 && !evicted) {
                    seq = nextSeq++;
                    unfinished.put(seq, this);
                }
            }
        }

        /** The message ended (or was dropped); {@code keptBytes} stay reserved for the array kept. */
        void finish(long keptBytes) {
            synchronized (MessageBudget.this) {
                leaveUnfinished();
                used += keptBytes - bytes;
                bytes = keptBytes;
            }
        }

        /** Whether an array of a finished message may be kept: not while the budget is more than half used. */
        boolean mayKeep() {
            synchronized (MessageBudget.this) {
                return !evicted && used <= limit / 2;
            }
        }

        /**
         * Reserves {@code capacity} bytes in all for this holder. Growing past the limit evicts the newest unfinished
         * messages until it fits; false when this holder is itself the newest (or was evicted before): it then
         * holds nothing and must drop its array.
         */
        boolean resize(long capacity) {
            List<Holder> victims = new ArrayList<>();
            boolean granted;
            synchronized (MessageBudget.this) {
                long delta = capacity - bytes;
                if (delta <= 0) {
                    used += delta;
                    bytes = capacity;
                    return true;
                }
                granted = !evicted;
                while (granted && used + delta > limit) {
                    Map.Entry<Long, Holder> newest = unfinished.lastEntry();
                    if (newest == null || newest.getValue() == this) {
                        granted = false;
                    } else {
                        Holder victim = newest.getValue();
                        victim.evictLocked();
                        victims.add(victim);
                    }
                }
                if (granted) {
                    used += delta;
                    bytes = capacity;
                } else {
                    evictLocked();
                }
            }
            for (Holder v : victims) {
                v.onEvicted.run();
            }
            return granted;
        }

        private void evictLocked() {
            evicted = true;
            leaveUnfinished();
            used -= bytes;
            bytes = 0;
        }

        private void leaveUnfinished() {
            if (seq >= 0) {
                unfinished.remove(seq);
                seq = -1;
            }
        }
    }
}
