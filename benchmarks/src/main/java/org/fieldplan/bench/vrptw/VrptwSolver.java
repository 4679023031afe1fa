package org.fieldplan.bench.vrptw;

import java.time.Duration;

/** One solver under benchmark: solves an instance with one thread within a wall-clock limit. */
public interface VrptwSolver {

    /** Short name used on the command line and in the table ({@code fieldplan}, {@code jsprit}, {@code ortools}). */
    String name();

    /** The solver's version and settings, written next to the results. */
    String settings();

    /**
     * Solves with one thread. Returns within about {@code limit} (plus model building); the answer is
     * checked by {@link SolutionChecker}, not trusted.
     */
    VrptwSolution solve(SolomonInstance instance, Duration limit, long seed);

    /** Something worth printing about the last solve (e.g. move evaluation speed), or empty. */
    default String lastNote() {
        return "";
    }
}
