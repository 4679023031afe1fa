package org.fieldplan.geo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanExplainer;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.travel.TravelTimes;
import org.fieldplan.geo.problem.ProblemAssembler;
import org.fieldplan.geo.problem.ProblemAssembler.Assembly;
import org.fieldplan.geo.problem.ProblemError;
import org.fieldplan.geo.problem.ProblemFormatException;
import org.fieldplan.geo.problem.ProblemReader;
import org.fieldplan.geo.problem.ProblemSpec;
import org.fieldplan.geo.problem.ProblemSpec.TravelSpec;
import org.fieldplan.geo.problem.SolutionWriter;
import org.fieldplan.geo.problem.StopProblems;
import org.fieldplan.geo.problem.WarmStart;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkSettings;
import org.fieldplan.geo.road.RoadTravelTimes;

/**
 * {@code ./fieldplan solve FILE [--seconds N] [--out FILE] [--osm EXTRACT] [--seed S] [--from SOLUTION]
 * [--unimproved N]}: reads a JSON problem ({@code docs/problem-format.md}), solves it while showing progress, prints
 * a summary and writes the solution JSON.
 *
 * <p>Exit codes: 0 solved and written (even with unassigned visits or an infeasible plan: the summary and the file
 * say so); 2 a usage mistake or a bad problem file (every error printed, nothing written); 1 anything else (the
 * solution file could not be written, an internal failure).
 */
public final class SolveCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public SolveCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        quietLogging();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new SolveCommand(out, err, isTerminal()).run(args));
    }

    /** Runs the command; returns the exit code. */
    public int run(String... args) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.println(SolveOptions.USAGE);
            out.println("Solves a JSON problem (docs/problem-format.md), prints the plan and writes FILE.solution.json"
                    + " (or --out).");
            out.println("  --seconds N     solving time limit (default " + SolveOptions.DEFAULT_SECONDS + ")");
            out.println("  --unimproved N  stop early after N seconds without a better plan");
            out.println("  --out FILE      where to write the solution JSON");
            out.println("  --osm EXTRACT   travel times on the roads of this OpenStreetMap extract (.osm.pbf)");
            out.println("  --seed S        random seed (default " + SolverSettings.DEFAULT_SEED + "): the same seed takes"
                    + " the same search steps");
            out.println("  --from SOLUTION start from the routes of an earlier solution file (warm start)");
            return OK;
        }
        SolveOptions options;
        try {
            options = SolveOptions.parse(arguments, SolverSettings.DEFAULT_SEED);
        } catch (SolveOptions.UsageException e) {
            return usage(e.getMessage());
        }
        if (!Files.isRegularFile(options.problem())) {
            return usage("no such file: " + options.problem());
        }
        if (options.from() != null && !Files.isRegularFile(options.from())) {
            return usage("no such file: " + options.from() + " (--from)");
        }
        if (options.osm() != null && !Files.isRegularFile(options.osm())) {
            return usage("no such file: " + options.osm() + " (--osm)");
        }
        Path solutionFile = options.solutionFile();
        if (sameFile(solutionFile, options.problem())) {
            return usage("--out " + solutionFile + " is the problem file itself; choose another name");
        }
        try {
            return solve(options, solutionFile);
        } catch (ProblemFormatException e) {
            err.println(e.getMessage());
            err.println("Nothing was solved or written. The format is described in docs/problem-format.md.");
            return BAD_INPUT;
        }
    }

    private int solve(SolveOptions options, Path solutionFile) throws ProblemFormatException {
        ProblemSpec spec;
        WarmStart warmStart = null;
        try {
            spec = new ProblemReader().read(options.problem());
            if (options.from() != null) {
                warmStart = WarmStart.read(options.from());
            }
        } catch (IOException e) {
            err.println("fieldplan solve: cannot read " + (e instanceof NoSuchFileException ? e.getMessage()
                    : options.problem() + ": " + e.getMessage()));
            return BAD_INPUT;
        }
        if (options.osm() != null && spec.travel() instanceof TravelSpec.Matrix) {
            return usage("--osm cannot be used with " + options.problem() + ": it has an explicit travel matrix");
        }
        printWarnings(options.problem().toString(), spec.warnings());

        Assembly assembly;
        String travel;
        long matrixStart = System.nanoTime();
        if (options.osm() != null) {
            RoadNetworkSettings settings = RoadNetworkSettings.of(options.osm());
            try (RoadNetwork network = RoadNetwork.open(settings, err::println)) {
                TravelTimes road = new RoadTravelTimes(network);
                travel = road.toString();
                assembly = new ProblemAssembler().assemble(spec, road, warmStart);
            } catch (IllegalArgumentException e) {
                err.println("fieldplan solve: " + e.getMessage());
                return BAD_INPUT;
            }
        } else {
            travel = switch (spec.travel()) {
                case TravelSpec.Matrix m -> "explicit matrix " + m.size() + "x" + m.size();
                case TravelSpec.StraightLine line -> String.format(Locale.ROOT, "straight line at %s km/h x %s detour",
                        number(line.speedKmh()), number(line.detourFactor()));
            };
            try {
                assembly = new ProblemAssembler().assemble(spec, warmStart);
            } catch (IllegalArgumentException e) {
                // the engine's own checks, should the reader have let something through
                err.println("fieldplan solve: " + options.problem() + ": " + e.getMessage());
                return BAD_INPUT;
            }
        }
        double matrixSeconds = (System.nanoTime() - matrixStart) / 1e9;
        printWarnings(options.from() != null ? options.from().toString() : "warm start", assembly.warnings());

        FieldPlan problem = assembly.plan();
        out.println("FieldPlan: " + spec.name() + " (" + options.problem() + ")");
        out.println("  " + count(problem.getVisits().size(), "visit") + ", " + count(problem.getShifts().size(), "shift")
                + ", " + count(problem.getTechnicians().size(), "technician") + ", "
                + count(problem.getZones().size(), "zone") + "; travel: "
                + travel + String.format(Locale.ROOT, " (%d places, %.1f s)", problem.getTravelMatrix().size(),
                        matrixSeconds));
        if (warmStart != null) {
            out.println("  warm start from " + options.from() + ": " + count(problem.assignedCount(), "visit")
                    + " in routes");
        }
        out.println("  solving for up to " + options.seconds() + " s (seed " + options.seed() + ")");
        out.flush();

        SolverSettings settings = SolverSettings.ofSeconds(options.seconds()).withRandomSeed(options.seed())
                .withUnimprovedTimeLimit(options.unimproved() == null ? null : Duration.ofSeconds(options.unimproved()));
        FieldPlan solved;
        try (ProgressLine progress = new ProgressLine(err, terminal, System::nanoTime)) {
            solved = new PlanSolver().solve(problem, settings, progress);
        }

        Map<String, List<String>> reasons = reasons(solved);
        Map<String, List<String>> stopProblems = new HashMap<>();
        for (Visit visit : solved.getVisits()) {
            List<String> problems = StopProblems.of(solved, visit);
            if (!problems.isEmpty()) {
                stopProblems.put(visit.getId(), problems);
            }
        }
        out.println();
        new PlanSummary(out).print(solved, reasons, stopProblems);

        SolutionWriter writer = new SolutionWriter();
        ObjectNode json = writer.toJson(spec, solved, reasons,
                new SolutionWriter.RunInfo(options.problem().toString(), travel, options.seconds(), options.seed()));
        try {
            writer.write(json, solutionFile);
        } catch (IOException e) {
            err.println("fieldplan solve: could not write the solution to " + solutionFile + ": " + e);
            return FAILED;
        }
        out.println();
        out.println("wrote " + solutionFile);
        return OK;
    }

    /** Plain-words reasons for each unassigned visit, by visit id, from the engine's explainer. */
    private static Map<String, List<String>> reasons(FieldPlan plan) {
        PlanExplainer explainer = new PlanExplainer(plan);
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (Visit visit : plan.getVisits()) {
            if (!visit.isAssigned()) {
                reasons.put(visit.getId(), explainer.whyUnassigned(visit));
            }
        }
        return reasons;
    }

    private void printWarnings(String source, List<ProblemError> warnings) {
        for (ProblemError warning : warnings) {
            err.println("warning: " + source + ": " + warning);
        }
    }

    private int usage(String message) {
        err.println("fieldplan solve: " + message);
        err.println(SolveOptions.USAGE);
        return BAD_INPUT;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** Whether stdout is an interactive terminal (so the progress line may redraw itself). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from JDK 22 on; on 21 a non-null console means a terminal
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Timefold and GraphHopper log through SLF4J; the command line shows only their warnings. */
    private static void quietLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
