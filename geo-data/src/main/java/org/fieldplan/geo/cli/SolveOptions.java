package org.fieldplan.geo.cli;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of {@code ./fieldplan solve}.
 *
 * @param problem    the problem file
 * @param seconds    the solving time limit
 * @param unimproved stop early after this many seconds without a better plan, or {@code null}
 * @param out        where to write the solution, or {@code null} for {@code FILE.solution.json} next to the input
 * @param osm        an OpenStreetMap extract for road travel times, or {@code null} for the file's own travel
 * @param seed       the random seed
 * @param from       a previous solution to start from (warm start), or {@code null}
 */
record SolveOptions(Path problem, long seconds, @Nullable Long unimproved, @Nullable Path out, @Nullable Path osm,
        long seed, @Nullable Path from) {

    static final String USAGE = "usage: ./fieldplan solve FILE [--seconds N] [--out FILE] [--osm EXTRACT] [--seed S]"
            + " [--from SOLUTION] [--unimproved N]";

    static final long DEFAULT_SECONDS = 30;

    /** A mistake on the command line, said in one line. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parses {@code FILE} and the options ({@code --name value} or {@code --name=value}) in any order. */
    static SolveOptions parse(List<String> args, long defaultSeed) throws UsageException {
        Path problem = null;
        long seconds = DEFAULT_SECONDS;
        Long unimproved = null;
        Path out = null;
        Path osm = null;
        long seed = defaultSeed;
        Path from = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (arg.equals("--")) {
                    continue;
                }
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException("unknown option " + arg);
                }
                if (problem != null) {
                    throw new UsageException("one problem file at a time; got " + problem + " and " + arg);
                }
                problem = Path.of(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--seconds", "--out", "--osm", "--seed", "--from", "--unimproved" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                }
                default -> throw new UsageException("unknown option " + name);
            }
            switch (name) {
                case "--seconds" -> seconds = positive(name, value);
                case "--unimproved" -> unimproved = positive(name, value);
                case "--seed" -> seed = number(name, value);
                case "--out" -> out = path(name, value);
                case "--osm" -> osm = path(name, value);
                case "--from" -> from = path(name, value);
                default -> throw new IllegalStateException("option " + name + " accepted but not handled");
            }
        }
        if (problem == null) {
            throw new UsageException("missing the problem FILE");
        }
        return new SolveOptions(problem, seconds, unimproved, out, osm, seed, from);
    }

    /** The solution file: {@code --out}, else the problem's name with {@code .solution.json} next to it. */
    Path solutionFile() {
        if (out != null) {
            return out;
        }
        String name = problem.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return problem.resolveSibling(base + ".solution.json");
    }

    private static long positive(String name, String value) throws UsageException {
        long number = number(name, value);
        if (number <= 0) {
            throw new UsageException(name + " must be a positive whole number of seconds, got " + value);
        }
        return number;
    }

    private static long number(String name, String value) throws UsageException {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " expects a whole number, got \"" + value + "\"");
        }
    }

    private static Path path(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " needs a file name");
        }
        return Path.of(value);
    }
}
