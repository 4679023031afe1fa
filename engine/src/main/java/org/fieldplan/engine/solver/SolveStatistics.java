package org.fieldplan.engine.solver;

import java.time.Duration;

/**
 * Counters of one solve, as reported by the solver.
 *
 * @param moveEvaluationCount  moves evaluated (construction and local search)
 * @param moveEvaluationSpeed  moves evaluated per second of solving
 * @param scoreCalculationCount score calculations
 * @param elapsed              solving time
 */
public record SolveStatistics(long moveEvaluationCount, long moveEvaluationSpeed, long scoreCalculationCount,
        Duration elapsed) {
}
