package org.fieldplan.bench.vrptw;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The command line of {@code ./fieldplan bench vrptw}, parsed and validated. */
public record BenchmarkOptions(List<String> instances, Path dir, @org.jspecify.annotations.Nullable Path bks, int seconds, List<String> solvers,
                               int parallel, long seed, int warmupSeconds, Path outDir) {

    public static final List<String> KNOWN_PEERS = List.of("jsprit", "ortools", "timefold");

    public static final String USAGE = """
            Usage: ./fieldplan bench vrptw [--instances C101,R101,...] [--dir DIR] [--bks FILE] [--seconds N]
                                           [--peers jsprit,ortools,timefold|none] [--parallel K] [--seed S] [--warmup N] [--out DIR]
              --instances  comma-separated instance names (default: every *.txt in DIR)
              --dir        Solomon instances (default: $FIELDPLAN_DATA_DIR/solomon)
              --bks        best-known table (default: DIR/bks.csv when it exists); the gap is against its distance_only
                           column; instances without a row are compared with the best answer of this run instead
              --seconds    wall-clock limit per instance and solver (default 30)
              --peers      peers to run next to FieldPlan (default jsprit,ortools,timefold; 'none' for FieldPlan alone;
                           timefold = Timefold's stock list-variable model, none of FieldPlan's search)
              --parallel   independent (instance, solver) jobs run at once, one solver thread each (default 1)
              --seed       random seed for every solver (default 0)
              --warmup     seconds each JVM solver runs once before timing, to warm the JIT (default 3; 0 = off)
              --out        where the CSV and markdown go (default benchmarks/results)
            """;

    /** Thrown for a bad command line; the message names the option and the value. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    public static BenchmarkOptions parse(String[] args, Path dataDir, Path repoRoot) {
        Path dir = dataDir.resolve("solomon");
        Path bks = null;
        List<String> instances = null;
        int seconds = 30;
        List<String> peers = KNOWN_PEERS;
        int parallel = 1;
        long seed = 0;
        int warmup = 3;
        Path out = repoRoot.resolve("benchmarks").resolve("results");
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new UsageException("");
            }
            if (i + 1 >= args.length) {
                errors.add(flag + ": missing value");
                break;
            }
            String value = args[++i];
            switch (flag) {
                case "--instances" -> instances = Arrays.stream(value.split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
                case "--dir" -> dir = Path.of(value);
                case "--bks" -> bks = Path.of(value);
                case "--seconds" -> seconds = positiveInt(flag, value, errors);
                case "--parallel" -> parallel = positiveInt(flag, value, errors);
                case "--warmup" -> warmup = nonNegativeInt(flag, value, errors);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        errors.add("--seed: '" + value + "' is not an integer");
                    }
                }
                case "--peers" -> {
                    if (value.equalsIgnoreCase("none")) {
                        peers = List.of();
                    } else {
                        peers = Arrays.stream(value.split(",")).map(String::strip)
                                .map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
                        for (String p : peers) {
                            if (!KNOWN_PEERS.contains(p)) {
                                errors.add("--peers: unknown peer '" + p + "'; known: " + String.join(",", KNOWN_PEERS)
                                        + " or none");
                            }
                        }
                    }
                }
                case "--out" -> out = Path.of(value);
                default -> errors.add("unknown option '" + flag + "'");
            }
        }
        if (!Files.isDirectory(dir)) {
            errors.add("--dir: '" + dir + "' is not a directory; point it at the Solomon instances"
                    + " or set FIELDPLAN_DATA_DIR");
        }
        if (bks == null) {
            Path beside = dir.resolve("bks.csv");
            bks = Files.isRegularFile(beside) ? beside : null; // none: compare with the best of the run
        } else if (!Files.isRegularFile(bks)) {
            errors.add("--bks: '" + bks + "' does not exist");
        }
        if (Files.isDirectory(dir)) {
            if (instances == null) {
                try (var files = Files.list(dir)) {
                    instances = files.map(p -> p.getFileName().toString())
                            .filter(f -> f.toLowerCase(Locale.ROOT).endsWith(".txt"))
                            .map(f -> f.substring(0, f.length() - 4).toUpperCase(Locale.ROOT))
                            .sorted().toList();
                } catch (java.io.IOException e) {
                    errors.add("--dir: cannot list '" + dir + "': " + e.getMessage());
                }
            } else {
                for (String name : instances) {
                    if (instanceFile(dir, name) == null) {
                        errors.add("--instances: no file for '" + name + "' in " + dir + " (expected " + name + ".txt)");
                    }
                }
            }
        }
        if (instances != null && instances.isEmpty()) {
            errors.add("--instances: no instances selected");
        }
        if (!errors.isEmpty()) {
            throw new UsageException(String.join("\n", errors));
        }
        List<String> solvers = new ArrayList<>();
        solvers.add("fieldplan");
        solvers.addAll(peers);
        return new BenchmarkOptions(instances, dir, bks, seconds, List.copyOf(solvers), parallel, seed, warmup, out);
    }

    /** The instance file, matching the name case-insensitively, or null. */
    static @org.jspecify.annotations.Nullable Path instanceFile(Path dir, String name) {
        for (String candidate : List.of(name + ".txt", name.toLowerCase(Locale.ROOT) + ".txt",
                name.toUpperCase(Locale.ROOT) + ".txt")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static int positiveInt(String flag, String value, List<String> errors) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(flag + ": '" + value + "' is not a positive integer");
        return 1;
    }

    private static int nonNegativeInt(String flag, String value, List<String> errors) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(flag + ": '" + value + "' is not a non-negative integer");
        return 0;
    }
}
