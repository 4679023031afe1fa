package org.fieldplan.bench.vrptw;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./fieldplan bench vrptw}: solves Solomon instances with FieldPlan, jsprit and OR-Tools in
 * one run, same wall-clock limit, one solver thread each; checks every answer independently; prints
 * a table and the average gaps; writes CSV and markdown under {@code benchmarks/results/}.
 */
public final class VrptwBenchmark {

    /** One (instance, solver) outcome. */
    record Outcome(String instance, String solver, SolutionChecker.Result check, double seconds,
                   @org.jspecify.annotations.Nullable String error, String note) {

        boolean feasible() {
            return error == null && check.feasible();
        }
    }

    private final BenchmarkOptions options;
    private final PrintStream out;

    VrptwBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        String dataEnv = System.getProperty("fieldplan.data.dir", System.getenv("FIELDPLAN_DATA_DIR"));
        Path dataDir = dataEnv == null || dataEnv.isBlank() ? root.resolve("../shared/data").normalize() : Path.of(dataEnv);
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args, dataDir, root);
        } catch (BenchmarkOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("bench vrptw: " + e.getMessage().replace("\n", "\nbench vrptw: "));
            }
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        try {
            new VrptwBenchmark(options, System.out).run(String.join(" ", args));
        } catch (IOException e) {
            System.err.println("bench vrptw: cannot write results: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    public static VrptwSolver solverNamed(String name) {
        return switch (name) {
            case "fieldplan" -> new FieldPlanVrptwSolver();
            case "jsprit" -> new JspritVrptwSolver();
            case "ortools" -> new OrToolsVrptwSolver();
            case "timefold" -> new org.fieldplan.bench.vrptw.stock.StockVrptwSolver();
            default -> throw new IllegalArgumentException("unknown solver '" + name + "'");
        };
    }

    void run(String commandArgs) throws IOException {
        Path bksFile = options.bks();
        Map<String, BestKnown> bks = bksFile == null ? Map.of() : BestKnown.read(bksFile);
        if (bksFile == null) {
            out.printf("no best-known table in %s: each instance is compared with the best answer of this run%n",
                    options.dir());
        }
        Map<String, SolomonInstance> instances = new LinkedHashMap<>();
        for (String name : options.instances()) {
            Path file = BenchmarkOptions.instanceFile(options.dir(), name);
            instances.put(name, SolomonParser.read(java.util.Objects.requireNonNull(file)));
            if (bksFile != null && !bks.containsKey(name)) {
                out.printf("warning: %s has no row in %s; it is compared with the best answer of this run%n", name,
                        bksFile);
            }
        }
        Duration limit = Duration.ofSeconds(options.seconds());
        out.printf("VRPTW benchmark: %d instances x %s, %d s each, %d job(s) at once, seed %d%n",
                instances.size(), options.solvers(), options.seconds(), options.parallel(), options.seed());

        if (options.warmupSeconds() > 0) {
            SolomonInstance first = instances.values().iterator().next();
            for (String s : options.solvers()) {
                long t0 = System.nanoTime();
                try {
                    solverNamed(s).solve(first, Duration.ofSeconds(options.warmupSeconds()), options.seed());
                } catch (RuntimeException e) {
                    out.printf("warm-up of %s failed: %s%n", s, e);
                }
                out.printf("warm-up %s on %s: %.1f s%n", s, first.name(), (System.nanoTime() - t0) / 1e9);
            }
        }

        record Job(SolomonInstance instance, String solver) {
        }
        List<Job> jobs = new ArrayList<>();
        for (SolomonInstance instance : instances.values()) {
            for (String s : options.solvers()) {
                jobs.add(new Job(instance, s));
            }
        }
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel());
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Job job : jobs) {
            futures.add(pool.submit(() -> {
                String name = job.instance().name();
                synchronized (out) {
                    out.printf("[%s] %-6s %-9s started%n", elapsed(start), name, job.solver());
                }
                long t0 = System.nanoTime();
                Outcome outcome;
                try {
                    VrptwSolver solver = solverNamed(job.solver());
                    VrptwSolution solution = solver.solve(job.instance(), limit, options.seed());
                    outcome = new Outcome(name, job.solver(), SolutionChecker.check(job.instance(), solution),
                            (System.nanoTime() - t0) / 1e9, null, solver.lastNote());
                } catch (RuntimeException | LinkageError e) {
                    outcome = new Outcome(name, job.solver(), new SolutionChecker.Result(0, 0, List.of()),
                            (System.nanoTime() - t0) / 1e9, e.toString(), "");
                }
                BestKnown best = bks.get(name);
                synchronized (out) {
                    out.printf("[%s] %-6s %-9s done %d/%d in %.1f s: %s%n", elapsed(start), name, job.solver(),
                            done.incrementAndGet(), jobs.size(), outcome.seconds(), summary(outcome, best));
                }
                return outcome;
            }));
        }
        pool.shutdown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the benchmark jobs", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a benchmark job failed unexpectedly", e.getCause());
            }
        }
        Report report = new Report(options, bks, outcomes);
        Files.createDirectories(options.outDir());
        String stem = "vrptw-" + LocalDate.now(ZoneOffset.UTC) + "-" + options.seconds() + "s";
        Path csv = uniquePath(options.outDir(), stem, ".csv");
        Path md = csv.resolveSibling(csv.getFileName().toString().replaceFirst("\\.csv$", ".md"));
        String header = report.provenance("./fieldplan bench vrptw " + commandArgs);
        Files.writeString(csv, report.csv(header), StandardCharsets.UTF_8);
        Files.writeString(md, report.markdown(header), StandardCharsets.UTF_8);
        out.println();
        out.print(report.table());
        out.println("results: " + csv + " and " + md.getFileName());
        for (String failures : report.failureLines()) {
            out.println(failures);
        }
        out.println(report.vehiclesLine());
        out.println(report.averageLine());
    }

    private static Path uniquePath(Path dir, String stem, String ext) {
        Path p = dir.resolve(stem + ext);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(stem + "-" + i + ext);
        }
        return p;
    }

    private static String summary(Outcome o, @org.jspecify.annotations.Nullable BestKnown best) {
        if (o.error() != null) {
            return "FAILED: " + o.error();
        }
        if (!o.check().feasible()) {
            return String.format(Locale.ROOT, "INFEASIBLE (%.2f, %d vehicles): %s", o.check().distance(),
                    o.check().vehicles(), o.check().violations().stream().limit(3)
                            .map(v -> v.length() > 100 ? v.substring(0, 100) + "..." : v)
                            .collect(java.util.stream.Collectors.joining("; ")));
        }
        String gap = best == null ? "" : ", gap " + Report.formatGap(Report.gap(o.check().distance(), best.reference())) + "%";
        return String.format(Locale.ROOT, "%.2f, %d vehicles%s%s", o.check().distance(), o.check().vehicles(), gap,
                o.note().isEmpty() ? "" : " (" + o.note() + ")");
    }

    private static String elapsed(long start) {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
