package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The window queries' turns (issue 18): in arrival order, never more at once than the permits, on virtual threads. */
class QueryTurnsTest {

    @Test
    void queriesWaitingForATurnComputeInTheOrderTheyArrived() throws Exception {
        QueryTurns turns = new QueryTurns(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        Thread first = Thread.ofVirtual().start(() -> {
            turns.run(() -> {
                holding.countDown();
                await(release);
                return null;
            });
            // arrives again the moment it gave its turn back: it must not overtake the queries already waiting
            turns.run(() -> order.add(99));
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            waiting.add(Thread.ofVirtual().start(() -> turns.run(() -> order.add(n))));
            // the next one arrives only once this one is queued
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (turns.waiting() < i + 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(turns.waiting()).as("query %d waits for its turn", n).isEqualTo(i + 1);
        }
        assertThat(order).as("nothing computes while the turn is taken").isEmpty();
        release.countDown();
        first.join(10_000);
        for (Thread t : waiting) {
            t.join(10_000);
        }
        List<Integer> expected = new ArrayList<>(java.util.stream.IntStream.range(0, 20).boxed().toList());
        expected.add(99);
        assertThat(order).containsExactlyElementsOf(expected);
        assertThat(turns.waiting()).isZero();
    }

    @Test
    void neverMoreComputeAtOnceThanThePermitsAndATurnIsGivenBackWhenTheQueryFails() throws Exception {
        QueryTurns turns = new QueryTurns(2);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    turns.run(() -> {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(2); // parks: without turns, every thread would be in here at once
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        now.decrementAndGet();
                        if (n % 3 == 0) {
                            throw new IllegalStateException("query " + n + " failed");
                        }
                        return n;
                    });
                } catch (IllegalStateException expected) {
                    // the controller answers such a query; its turn must be free again
                }
            }));
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(most.get()).isEqualTo(2);
        // every turn was given back: two can be taken at once again
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            Thread.ofVirtual().start(() -> turns.run(() -> {
                both.countDown();
                await(release);
                return null;
            }));
        }
        assertThat(both.await(10, TimeUnit.SECONDS)).as("both turns free after failed queries").isTrue();
        release.countDown();
    }

    @Test
    void atLeastOneTurn() {
        assertThatThrownBy(() -> new QueryTurns(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
