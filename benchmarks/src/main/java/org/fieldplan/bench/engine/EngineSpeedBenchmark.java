package org.fieldplan.bench.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolveResult;
import org.fieldplan.engine.solver.SolverSettings;

/**
 * Move evaluations per second of the engine on a seeded 1,000-visit, 50-shift city problem (straight-line
 * travel). Three runs of N seconds: a cold solve (construction heuristics + local search), a warm re-solve of
 * its result (local search only) and the same warm start with Timefold's stock list moves. Writes a markdown
 * result with the command, commit and JDK.
 * <p>
 * {@code ./fieldplan bench engine [--visits 1000] [--technicians 25] [--days 2] [--seconds 30] [--seed 1]
 * [--out benchmarks/results/engine-speed.md]}
 */
public final class EngineSpeedBenchmark {

    private EngineSpeedBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int visits = 1000;
        int technicians = 25;
        int days = 2;
        long seconds = 30;
        long seed = 1;
        Path out = Path.of("benchmarks/results/engine-speed.md");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("the option " + a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--visits" -> visits = Integer.parseInt(v);
                    case "--technicians" -> technicians = Integer.parseInt(v);
                    case "--days" -> days = Integer.parseInt(v);
                    case "--seconds" -> seconds = Long.parseLong(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--out" -> out = Path.of(v);
                    default -> usage("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                usage("the option " + a + " needs a whole number, got '" + v + "'");
            }
        }
        String command = "./fieldplan bench engine " + String.join(" ", args);

        // services 10..25 min so that ~20 visits fit a 9-hour shift, as in a busy meter-verification day
        SyntheticProblem spec = new SyntheticProblem(visits, technicians, days, 10.0, 10, 25, seed);
        FieldPlan problem = spec.generate();
        if (!ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()) {
            System.err.println("bench engine: this JVM cannot measure thread CPU time; the per-CPU-second column is -1");
        }
        System.out.printf(Locale.ROOT, "problem: %d visits, %d shifts (%d technicians x %d days), seed %d%n",
                problem.getVisits().size(), problem.getShifts().size(), technicians, days, seed);

        PlanSolver solver = new PlanSolver();
        SolverSettings settings = new SolverSettings(Duration.ofSeconds(seconds), null, seed, false);
        Run cold = run(() -> solver.solveWithStatistics(problem, settings, p -> { }));
        report("cold (construction + local search)", cold);
        Run warm = run(() -> solver.solveWithStatistics(cold.result().plan(), settings, p -> { }));
        report("warm (local search only)", warm);
        // the same warm start with Timefold's stock list moves (change, swap, 2-opt...): one small change per move,
        // so this isolates the cost of the model (shadow variables + constraints) from the search's move size
        SolverConfig stock = SolverConfigs.solverConfig(settings)
                .withPhases(new LocalSearchPhaseConfig());
        Run stockWarm = run(() -> solver.solveWithStatistics(cold.result().plan(), stock, p -> { }));
        report("warm, Timefold stock list moves", stockWarm);

        String load = loadAverage();
        List<String> md = new ArrayList<>();
        md.add("# Engine move evaluation speed");
        md.add("");
        md.add("- command: `" + command.trim() + "`");
        md.add("- commit: " + commit());
        md.add("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ")");
        md.add("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average at the end: " + load
                + " (other builds may share the cores: figures are noisy)");
        md.add("- date: " + Instant.now());
        md.add("- problem: SyntheticProblem(visits=" + visits + ", technicians=" + technicians + ", days=" + days
                + ", radiusKm=10, service 10..25 min, seed=" + seed + "): " + problem.getShifts().size()
                + " shifts, straight-line travel 30 km/h x 1.3, zones, skills, windows, deadlines, floating lunch");
        md.add("- solver: one thread, " + seconds + " s per run, seed " + seed);
        md.add("");
        md.add("| run | move evaluations/s (wall clock) | per CPU second of the solver thread | solver thread CPU share"
                + " | moves evaluated | score | assigned | unassigned | travel h | travel km |");
        md.add("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        md.add(row("cold (construction + local search)", cold));
        md.add(row("warm (local search only)", warm));
        md.add(row("warm, Timefold stock list moves", stockWarm));
        md.add("");
        md.add("cold = FieldPlan's configured phases from scratch (insertion construction, Timefold construction,"
                + " ruin-and-recreate local search); warm = the same phases re-solving the cold result (no"
                + " construction work left); stock = the warm start with Timefold's default list-variable local search,"
                + " whose moves change one or two visits, so its rate reflects the model's incremental scoring cost."
                + " The solver runs on the calling thread; 'per CPU second' divides the moves by that thread's CPU time"
                + " (ThreadMXBean), which is what the engine would do on an idle core, while the wall-clock rate is"
                + " what Timefold reports on this shared machine.");
        md.add("");
        md.add("## What made move evaluation faster (issue 12)");
        md.add("");
        md.add("Before (commit d909123, 2026-11-22): 37,660 stock list moves/s (37,868 per CPU second). Profile (JFR"
                + " execution samples of the stock phase): about 45 % in Timefold's declarative shadow variable session"
                + " recomputing `Visit.timing` down the route, 15 % undoing it, 15 % constraint streams, 12 % cloning"
                + " the plan at each new best. Changes, each measured side by side with the one before it"
                + " (benchmarks/results/tuning-2026-12-01/):");
        md.add("");
        md.add("1. `VisitTiming` no longer carries running route totals (so a change whose delay is absorbed by"
                + " waiting leaves later timings equal and the cascade stops there); `Shift` sums its route when a"
                + " constraint asks: about +3 % per CPU second (39,966 -> 40,998 side by side).");
        md.add("2. `Visit.timing` is a `@CascadingUpdateShadowVariable` (Timefold walks the list from the changed"
                + " position and stops at the first unchanged timing) instead of a declarative `@ShadowVariable`"
                + " supplier with its dependency graph: +43 % per CPU second (50,028 -> 71,500 side by side).");
        md.add("3. `FieldPlanCloner`, a hand-written planning cloner (entities copied field by field, facts shared)"
                + " instead of Timefold's reflective one, for the clone at every new best solution.");
        md.add("4. `RouteClock` computes a visit's service start once per ready time (a visit with a break still pending"
                + " computed it twice, with zone segments a loop over segments and windows each time); not measured"
                + " side by side.");
        md.add("5. The visit's own hard checks (window lateness, deadline, zone schedule, missing skills) are computed"
                + " once with its timing and read as `VisitTiming` fields by the constraints, and the visit constraints"
                + " share gate filters (each a constant predicate object, so Timefold shares the node): about +6 % per CPU"
                + " second side by side (medians 35,948 -> 38,004).");
        md.add("6. Every visit constraint starts from one `forEachIncludingUnassigned(Visit)` node and tests \"assigned\""
                + " in its gate, instead of a second `forEach(Visit)` node: a visit change costs one tuple look-up in"
                + " Timefold's session instead of two (the look-ups were 13 % of the profile): about +14 % per CPU second"
                + " side by side (medians 37,298 -> 42,592).");
        md.add("");
        md.add("Side by side for 5 and 6 (benchmarks/results/tuning-2026-12-06/): StockMoveProbe (quick construction, then"
                + " 1,000 seeded steps of stock local search from seed 1: 114,444 moves and the same score"
                + " 0hard/-4medium/-624814soft for every build), the two builds run at the same time so that both see the"
                + " same load, 6 to 8 repetitions each, median of thread CPU time per move.");
        md.add("");
        md.add("Still short of the target (twice 37,868 = 75,736 per CPU second) in the runs on the loaded machine. JFR"
                + " profile of the stock phase (2026-12-06, load average 21, per CPU second 31,040 with the recording"
                + " on): 19 % `RouteClock.timeVisitAfter` itself, 16 % `HashMap` look-ups inside Timefold's constraint"
                + " session (each forEach node finds an entity's tuple once per variable event: `shift`, `previousVisit`"
                + " and `timing` of every touched visit), 22 % the constraint filters, the rest Timefold's move and"
                + " shadow-variable machinery. Next steps: precompute the per-visit hard checks (window lateness,"
                + " deadline, zone schedule) into `VisitTiming` so the filters read fields, and fewer shadow variables"
                + " per visit (each one is an event).");
        md.add("");
        md.add("Tried, not kept: `Visit.previousVisit` as a plain field set by the timing update instead of a Timefold"
                + " shadow variable (one event less per touched visit). Side by side with the same work (quick construction,"
                + " then 300 steps of stock local search from seed 1: 53,401 moves, identical scores, thread CPU time,"
                + " third repetition after warm-up, 2026-12-06, load average 20-23): 44,127 and 36,970 per CPU second"
                + " without the change, 40,064 and 38,131 with it: no difference the noise lets through.");
        md.add("");
        md.add("Tried, not kept (2026-12-06, same probe, both builds at the same time): a per-visit memo of which zone"
                + " segments of a shift are of its zones (medians 41,396 and 40,708 per CPU second without and with it);"
                + " the travel matrix with the seconds and metres of a leg next to each other in one array (one cache line"
                + " per leg instead of two; medians 41,042 and 47,187 without, 44,610 and 44,522 with it): no difference"
                + " the noise lets through.");
        md.add("");
        md.add("7. Round 3 (2026-12-06, benchmarks/results/tuning-2026-12-06/probe-round3.md, three pairs of JVMs per"
                + " comparison, every pair agreeing): the travel matrix stores its rows and columns in a nearest-neighbour"
                + " order (a route's legs join near places, so the timing update down a route reads a few cache lines"
                + " instead of lines spread over 4 MB) and the visit keeps its matrix index as an int (about +10 %, one"
                + " pair); a map node after the two visit gates, so a visit failing a gate is retracted once instead of"
                + " once per constraint behind it (+4.4 %); the missing-skill count kept while the technician and the"
                + " timing are the ones last computed (+2.4 %); the zone penalty taken from the zone-fitting start search"
                + " and one gate for the four route-rule constraints (no difference alone). All of round 3 against main"
                + " 43a0423: medians 41,852 -> 46,760 per CPU second (+11.7 %) at load average 28-41.");
        md.add("");
        // hand-written sections (same-time comparisons, quiet runs, what was tried) follow this marker and are kept
        List<String> kept = keptSection(out);
        if (kept.isEmpty()) {
            md.add(KEPT_MARKER);
        } else {
            md.addAll(kept);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, md, StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
        System.out.printf(Locale.ROOT, "move evaluation speed (wall clock / per CPU second): configured local search"
                + " %d / %d, stock list moves %d / %d, cold %d / %d%n",
                warm.result().statistics().moveEvaluationSpeed(), warm.movesPerCpuSecond(),
                stockWarm.result().statistics().moveEvaluationSpeed(), stockWarm.movesPerCpuSecond(),
                cold.result().statistics().moveEvaluationSpeed(), cold.movesPerCpuSecond());
    }

    /** A solve with the CPU time its (calling) thread used. */
    private record Run(SolveResult result, long cpuNanos) {

        long movesPerCpuSecond() {
            return cpuNanos <= 0 ? -1 : Math.round(result.statistics().moveEvaluationCount() * 1e9 / cpuNanos);
        }

        double cpuShare() {
            long wall = result.statistics().elapsed().toNanos();
            return wall <= 0 ? 0 : (double) cpuNanos / wall;
        }
    }

    private static Run run(java.util.function.Supplier<SolveResult> solve) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        SolveResult result = solve.get();
        return new Run(result, threads.getCurrentThreadCpuTime() - before);
    }

    private static void report(String label, Run run) {
        SolveResult r = run.result();
        FieldPlan p = r.plan();
        System.out.printf(Locale.ROOT,
                "%-34s %,9d moves/s (%,9d per CPU s, CPU share %.2f) %,11d moves  score %s  assigned %d%n",
                label, r.statistics().moveEvaluationSpeed(), run.movesPerCpuSecond(), run.cpuShare(),
                r.statistics().moveEvaluationCount(), p.getScore(), p.assignedCount());
    }

    private static String row(String label, Run run) {
        SolveResult r = run.result();
        FieldPlan p = r.plan();
        return String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %d | %s | %d | %d | %.1f | %.1f |", label,
                r.statistics().moveEvaluationSpeed(), run.movesPerCpuSecond(), run.cpuShare(),
                r.statistics().moveEvaluationCount(), p.getScore(), p.assignedCount(), p.unassignedCount(),
                p.travelSeconds() / 3600.0, p.travelMetres() / 1000.0);
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String hash = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process dirty = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            String changes = new String(dirty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? hash + (changes.isEmpty() ? "" : " (with uncommitted changes)") : "unknown";
        } catch (IOException e) {
            return "unknown (git not runnable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void usage(String problem) {
        System.err.println("bench engine: " + problem);
        System.err.println("usage: ./fieldplan bench engine [--visits N] [--technicians N] [--days N] [--seconds N]"
                + " [--seed N] [--out FILE]");
        System.exit(2);
    }

    /** The line after which engine-speed.md holds hand-written notes that a new run keeps. */
    static final String KEPT_MARKER = "<!-- notes below this line are written by hand and kept by ./fieldplan bench engine -->";

    /** The marker line and everything after it in the existing results file, or nothing. */
    private static List<String> keptSection(Path out) throws java.io.IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        int at = lines.indexOf(KEPT_MARKER);
        return at < 0 ? List.of() : List.copyOf(lines.subList(at, lines.size()));
    }
}
