package org.fieldplan.api.booking;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Window queries computed by a few platform threads of their own, in the order they arrive (issue 18: fair, bounded
 * waiting; {@code fieldplan.booking.window-query-workers}, default one per core). The request's virtual thread
 * puts its query into a first-in first-out queue and parks until a worker has the answer; it then writes the answer
 * itself. Against turns handed from one virtual thread to the next: a worker that finishes a query takes the next one
 * at once, without waiting for a carrier to wake up and run the next query's thread, so no turn stands idle between
 * two queries while the machine is busy; the wake-up of the request's thread overlaps the next query. Measured side by
 * side (benchmarks/results/windows.md, "Round 5"): the turns' short tail with the throughput of no gate at all.
 */
final class QueryWorkers implements AutoCloseable {

    private record Task(Supplier<?> query, CompletableFuture<Object> answer) {}

    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread[] workers;
    private volatile boolean closed;

    QueryWorkers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one worker, got " + count);
        }
        workers = new Thread[count];
        for (int i = 0; i < count; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("window-query-" + i).start(this::work);
        }
    }

    private void work() {
        while (!closed) {
            Task t;
            try {
                t = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                t.answer().complete(t.query().get());
            } catch (Throwable e) {
                t.answer().completeExceptionally(e);
            }
        }
    }

    /** Runs {@code query} on a worker, in arrival order, and waits (uninterruptibly) for its answer. */
    @SuppressWarnings("unchecked")
    <T> T run(Supplier<T> query) {
        if (closed) {
            throw new IllegalStateException("the window-query workers are stopped");
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        queue.add(new Task(query, answer));
        try {
            return (T) answer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** How many queries wait for a worker now. */
    int waiting() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            w.interrupt();
        }
    }
}
