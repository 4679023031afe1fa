package org.fieldplan.api.planning.job;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a planning job's state in the job tests: polls a condition, fails with what it saw. */
final class Waits {

    private Waits() {
    }

    /**
     * Returns once {@code condition} holds; after {@code within} fails naming {@code what} and {@code state} (what the
     * test sees now, e.g. the job list; empty for nothing). An interrupt ends the wait at once.
     */
    static void eventually(String what, Duration within, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String seen = state.get();
        throw new AssertionError("waited " + within + " in vain for " + what + (seen.isEmpty() ? "" : "; " + seen));
    }
}
