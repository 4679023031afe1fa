package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The window queries' workers (issue 18): arrival order, the caller gets the answer or the query's own exception. */
class QueryWorkersTest {

    @Test
    void queriesAreComputedInTheOrderTheyArrivedAndEachCallerGetsItsOwnAnswer() throws Exception {
        try (QueryWorkers workers = new QueryWorkers(1)) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread first = Thread.ofVirtual().start(() -> workers.run(() -> {
                busy.countDown();
                await(release);
                return -1;
            }));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            Integer[] answers = new Integer[20];
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                callers.add(Thread.ofVirtual().start(() -> answers[n] = workers.run(() -> {
                    order.add(n);
                    return n * 10;
                })));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (workers.waiting() < i + 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(workers.waiting()).as("query %d is queued", n).isEqualTo(i + 1);
            }
            assertThat(order).isEmpty();
            release.countDown();
            first.join(10_000);
            for (Thread t : callers) {
                t.join(10_000);
            }
            assertThat(order).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
            assertThat(answers).containsExactly(IntStream.range(0, 20).map(n -> n * 10).boxed().toArray(Integer[]::new));
        }
    }

    @Test
    void aFailingQueryThrowsItsOwnExceptionToItsCallerAndTheWorkerGoesOn() {
        try (QueryWorkers workers = new QueryWorkers(1)) {
            assertThatThrownBy(() -> workers.run(() -> {
                throw new IllegalArgumentException("lat 91 is not a latitude");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("lat 91 is not a latitude");
            assertThat(workers.run(() -> "next")).isEqualTo("next");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
