package org.fieldplan.api.booking;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Window queries compute in turns, in the order they arrive (issue 18: fair, bounded waiting). At most {@code permits}
 * queries compute at once (by default one per core); every other query waits, parked, in a first-come first-served
 * queue (a fair {@link Semaphore}) and holds no carrier thread while it waits. Without it, 32 concurrent queries on
 * four virtual-thread carriers all compute at once: the kernel time-slices the carriers, a query whose carrier is taken
 * off its core waits a slice or more while later ones finish, and that spread was the tail that an external load tool
 * measured (benchmarks/results/windows.md, "Round 5"). The wait for a turn is bounded by the queries ahead, each a
 * fraction of a millisecond of CPU. Everything else of the request (reading it, the per-client limit, writing the
 * answer) runs outside the turn.
 */
final class QueryTurns {

    private final Semaphore turns;

    QueryTurns(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one turn at a time, got " + permits);
        }
        this.turns = new Semaphore(permits, true);
    }

    /** Runs {@code query} in its turn: waits (uninterruptibly, in arrival order) while all turns are taken. */
    <T> T run(Supplier<T> query) {
        turns.acquireUninterruptibly();
        try {
            return query.get();
        } finally {
            turns.release();
        }
    }

    /** How many queries are waiting for a turn now (an estimate, for the metric). */
    int waiting() {
        return turns.getQueueLength();
    }
}
