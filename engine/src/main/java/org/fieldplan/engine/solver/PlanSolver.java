package org.fieldplan.engine.solver;

import java.time.Duration;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.impl.solver.DefaultSolver;
import org.fieldplan.engine.domain.FieldPlan;

/**
 * Solves a {@link FieldPlan}: one solver thread, a time limit, an optional unimproved-time limit, a seed.
 * <p>
 * Warm start: visits already in routes stay there as the starting point (the construction heuristic only
 * places the unassigned ones; local search may then move them). Pinned visits (a prefix of each route,
 * see {@link org.fieldplan.engine.domain.Shift#pinVisits(int)}) never move.
 */
public final class PlanSolver {

    /** Solves and returns the best plan found; the problem object is not changed. */
    public FieldPlan solve(FieldPlan problem, SolverSettings settings, ProgressListener listener) {
        return solveWithStatistics(problem, settings, listener).plan();
    }

    /** Solves and also returns the solver's counters (move evaluation speed and the like). */
    public SolveResult solveWithStatistics(FieldPlan problem, SolverSettings settings, ProgressListener listener) {
        return solveWithStatistics(problem, SolverConfigs.solverConfig(settings), listener);
    }

    /**
     * Solves with a hand-made configuration (benchmarks comparing phases); start from
     * {@link SolverConfigs#solverConfig(SolverSettings)} and change what you measure.
     */
    public SolveResult solveWithStatistics(FieldPlan problem, SolverConfig config, ProgressListener listener) {
        SolverFactory<FieldPlan> factory = SolverFactory.create(config);
        Solver<FieldPlan> solver = factory.buildSolver();
        solver.addEventListener(event -> {
            FieldPlan best = event.getNewBestSolution();
            listener.onNewBest(progressOf(best, Duration.ofMillis(event.getTimeMillisSpent())));
        });
        long startNanos = System.nanoTime();
        FieldPlan best = solver.solve(problem);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        SolveStatistics statistics;
        if (solver instanceof DefaultSolver<FieldPlan> defaultSolver) {
            statistics = new SolveStatistics(defaultSolver.getMoveEvaluationCount(),
                    defaultSolver.getMoveEvaluationSpeed(), defaultSolver.getScoreCalculationCount(), elapsed);
        } else {
            statistics = new SolveStatistics(-1, -1, -1, elapsed);
        }
        return new SolveResult(best, statistics);
    }

    /**
     * Scores a plan from scratch as it stands (routes as given), updating its shadow variables (times) and
     * its score in place. Use it to explain or print a plan that did not come out of {@link #solve}.
     */
    public static HardMediumSoftScore score(FieldPlan plan) {
        return ScoringHolder.MANAGER.update(plan);
    }

    /** Built once, on first use: building the solution descriptor is the slow part. */
    private static final class ScoringHolder {
        static final SolutionManager<FieldPlan, HardMediumSoftScore> MANAGER = SolutionManager.create(
                SolverFactory.<FieldPlan>create(SolverConfigs.base()));
    }

    /** A progress summary of a plan (its score must be set). */
    public static Progress progressOf(FieldPlan plan, Duration elapsed) {
        HardMediumSoftScore score = plan.getScore();
        return new Progress(score == null ? HardMediumSoftScore.ZERO : score, plan.assignedCount(),
                plan.unassignedCount(), plan.travelSeconds(), plan.travelMetres(), elapsed);
    }
}
