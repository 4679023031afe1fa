package org.fieldplan.bench.vrptw;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.impl.solver.DefaultSolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * {@code ./fieldplan bench search [--visits N] [--seconds S] [--seed X]}: move evaluations per second
 * and the plan reached on a generated field-service problem (default 1,000 visits, two days, 40
 * technicians with skills, two-hour-to-all-day windows, capacities), once with FieldPlan's search
 * (insertion construction + ruin-and-recreate) and once with Timefold's default construction and
 * local search (first fit, list change/swap/2-opt moves, late acceptance) on the same problem and
 * constraints. One solver thread each.
 */
public final class SearchSpeedBenchmark {

    private SearchSpeedBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int visits = 1000;
        int seconds = 30;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--visits" -> visits = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("bench search: unknown option '" + args[i]
                            + "'; usage: ./fieldplan bench search [--visits N] [--seconds S] [--seed X]");
                    System.exit(2);
                }
            }
        }
        SolverSettings settings = new SolverSettings(Duration.ofSeconds(seconds), null, seed, false);
        List<String> lines = new ArrayList<>();
        lines.add("# Search speed: " + visits + " visits, " + seconds + " s, seed " + seed);
        lines.add("");
        lines.add("- command: ./fieldplan bench search " + String.join(" ", args));
        lines.add("- JDK: " + System.getProperty("java.runtime.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        lines.add("- problem: " + describe(visits));
        lines.add("");
        lines.add("| search | move evaluations | per second | score | unassigned | travel h |");
        lines.add("|---|---|---|---|---|---|");
        for (String variant : List.of("fieldplan", "timefold-default")) {
            FieldPlan problem = generate(visits, seed);
            SolverConfig config = SolverConfigs.solverConfig(settings);
            if (variant.equals("timefold-default")) {
                config.setPhaseConfigList(List.of(new ConstructionHeuristicPhaseConfig(), new LocalSearchPhaseConfig()));
            }
            Solver<FieldPlan> solver = SolverFactory.<FieldPlan>create(config).buildSolver();
            System.out.printf("solving with %s for %d s...%n", variant, seconds);
            FieldPlan best = solver.solve(problem);
            DefaultSolver<FieldPlan> ds = (DefaultSolver<FieldPlan>) solver;
            HardMediumSoftScore score = best.getScore();
            String row = String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %.1f |", variant,
                    ds.getMoveEvaluationCount(), ds.getMoveEvaluationSpeed(), score, best.unassignedCount(),
                    best.travelSeconds() / 3600.0);
            System.out.println(row);
            lines.add(row);
        }
        String commit = gitHead();
        lines.add("");
        lines.add("commit: " + commit);
        Path out = Path.of("benchmarks", "results", "search-speed-" + LocalDate.now(ZoneOffset.UTC) + "-" + visits
                + "v-" + seconds + "s.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", lines) + "\n");
        System.out.println("results: " + out);
        System.exit(0);
    }

    private static String describe(int visits) {
        return visits + " visits on a 60 x 60 km square (straight line at 30 km/h, integer seconds and metres),"
                + " 2 days, " + technicians(visits) + " technicians (a third with skill 'gas', needed by every"
                + " 6th visit), shifts 08:00-17:00 (latest end 18:00), capacity 40, demand 1-3, windows of 2 h,"
                + " 4 h or the whole day, 15-45 min of service";
    }

    private static int technicians(int visits) {
        return Math.max(2, visits / 25);
    }

    /** A reproducible field-service problem. */
    static FieldPlan generate(int visitCount, long seed) {
        Random random = new Random(seed);
        int size = visitCount + 1;
        double[] x = new double[size];
        double[] y = new double[size];
        x[0] = 30;
        y[0] = 30;
        for (int i = 1; i < size; i++) {
            x[i] = random.nextDouble() * 60;
            y[i] = random.nextDouble() * 60;
        }
        int[] secondsArr = new int[size * size];
        int[] metres = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double km = Math.hypot(x[i] - x[j], y[i] - y[j]);
                metres[i * size + j] = (int) Math.round(km * 1000);
                secondsArr[i * size + j] = (int) Math.round(km / 30.0 * 3600);
            }
        }
        TravelMatrix matrix = TravelMatrix.of(size, secondsArr, metres);
        Skill gas = new Skill("gas");
        Location depot = new Location(0, y[0], x[0]);
        LocalDate day = LocalDate.of(2026, 12, 1);
        List<Technician> technicians = new ArrayList<>();
        List<Shift> shifts = new ArrayList<>();
        int techCount = technicians(visitCount);
        for (int t = 0; t < techCount; t++) {
            Technician tech = new Technician("t" + t, "technician " + t, t % 3 == 0 ? Set.of(gas) : Set.of(), depot);
            technicians.add(tech);
            for (int d = 0; d < 2; d++) {
                long start = d * 86_400L + 8 * 3600;
                shifts.add(new Shift("t" + t + "-d" + d, tech, day.plusDays(d), depot, depot, start, start + 9 * 3600,
                        start + 10 * 3600, List.of(), List.of(), 40));
            }
        }
        List<Visit> visits = new ArrayList<>();
        for (int v = 1; v <= visitCount; v++) {
            int d = random.nextInt(2);
            long dayStart = d * 86_400L;
            int kind = random.nextInt(3);
            TimeWindow window = switch (kind) {
                case 0 -> {
                    long open = dayStart + (8 + random.nextInt(7)) * 3600L;
                    yield new TimeWindow(open, open + 2 * 3600);
                }
                case 1 -> {
                    long open = dayStart + (8 + random.nextInt(5)) * 3600L;
                    yield new TimeWindow(open, open + 4 * 3600);
                }
                default -> new TimeWindow(dayStart + 8 * 3600, dayStart + 17 * 3600);
            };
            visits.add(new Visit("v" + v, "visit " + v, new Location(v, y[v], x[v]), (15 + random.nextInt(31)) * 60L,
                    List.of(window), v % 6 == 0 ? Set.of(gas) : Set.of(), Set.of(), Visit.DEFAULT_PRIORITY,
                    Visit.NO_DEADLINE, null, 1 + random.nextInt(3)));
        }
        return new FieldPlan(day.atStartOfDay(), technicians, List.of(), shifts, visits, matrix);
    }

    private static String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
