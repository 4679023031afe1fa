package org.fieldplan.bench.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolveResult;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.solver.search.SearchPhases;

/**
 * Side-by-side probe for model changes (issue 12): the same work on every run, so two builds can be compared
 * on a shared machine by thread CPU time. The 1,000-visit problem of {@code bench engine} (seed 1) is built by
 * the quick construction, then Timefold's stock list local search runs a fixed number of steps from it (seeded,
 * so the moves and the final score are the same for every build that scores alike), repeated.
 * <p>
 * {@code benchmarks ... StockMoveProbe [--steps 300] [--repeat 4] [--seed 1]}; prints moves per CPU second of
 * each repetition and the score (which must match between the builds compared).
 */
public final class StockMoveProbe {

    private StockMoveProbe() {
    }

    public static void main(String[] args) {
        int steps = 300;
        int repeat = 4;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FieldPlan problem = new SyntheticProblem(1000, 25, 2, 10.0, 10, 25, seed).generate();
        SolverSettings settings = new SolverSettings(Duration.ofSeconds(60), null, seed, false);
        PlanSolver solver = new PlanSolver();
        SolverConfig construct = SolverConfigs.solverConfig(settings)
                .withPhaseList(List.of(SearchPhases.quickConstruction(), SolverConfigs.constructionHeuristic()));
        FieldPlan start = solver.solveWithStatistics(problem, construct, p -> { }).plan();
        System.out.println("start: " + start.getScore());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 1; r <= repeat; r++) {
            SolverConfig stock = SolverConfigs.solverConfig(settings)
                    .withTerminationConfig(new TerminationConfig().withStepCountLimit(steps))
                    .withPhases(new LocalSearchPhaseConfig());
            long cpu = threads.getCurrentThreadCpuTime();
            SolveResult result = solver.solveWithStatistics(start, stock, p -> { });
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            long moves = result.statistics().moveEvaluationCount();
            System.out.printf(Locale.ROOT, "run %d: %,d moves, %.2f CPU s, %,d per CPU s, score %s, load %s%n", r,
                    moves, cpu / 1e9, Math.round(moves * 1e9 / cpu), result.plan().getScore(), load());
        }
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
