package org.fieldplan.bench.vrptw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded instances in the style of Gehring and Homberger's extended Solomon benchmark (200 to 1,000
 * customers), written in Solomon's text format so that {@code ./fieldplan bench vrptw --dir} reads them.
 * <p>
 * The rules follow Solomon's generator (1987) as Gehring and Homberger (1999) extended it; where the
 * published descriptions give no constant, the constant below is ours and named:
 * <ul>
 * <li><b>Classes.</b> R: customers uniformly random in the square; C: customers in clusters (normal around
 * uniformly placed centres); RC: half clustered, half random. Class 1 (C1, R1, RC1) has a short horizon
 * (few customers per route, capacity 200); class 2 (C2, R2, RC2) a long one (many customers per route,
 * capacity 700 for C2 and 1,000 for R2 and RC2), as in Solomon's sets.</li>
 * <li><b>Scale.</b> The square grows with the instance: side {@code max(100, n / 2)} (100 for 200
 * customers, 500 for 1,000; the published 200-customer files use about 140), the depot in its centre. Solomon's horizons (C1 1,236, C2 3,390, R1 230,
 * R2 1,000, RC1 240, RC2 960 for a side of 100) are scaled with the side so that the farthest customer
 * stays reachable. The fleet is {@code n / 4} vehicles.</li>
 * <li><b>Service and demand.</b> Service time 90 in C, 10 in R and RC (Solomon's); demand uniform 1..50
 * in R and RC, a multiple of 10 from 10 to 40 in C.</li>
 * <li><b>Time windows.</b> The variant (1..10, the last part of the name as in {@code R1_10_3}) sets the
 * window density (the share of customers with a window: 100, 75, 50, 25 % for variants 1-4 and 5-8, 100 %
 * for 9 and 10) and the width: tight for variants 1-4, medium for 5-8, wide for 9-10 (a share of the
 * horizon, {@link #widthShare}, varied +-50 % per customer). A window's centre is uniform in the times at
 * which the customer can be served on a direct trip from the depot; a customer without a window may be
 * served from 0 until it can still get back to the depot. Every window is clipped to that span, so each
 * customer can be served on its own route: the instance is feasible whenever the fleet suffices.</li>
 * </ul>
 * Names follow the original files: {@code <class>_<n/100>_<variant>}, e.g. {@code RC2_10_1}.
 */
public final class GehringHombergerGenerator {

    /** The six classes. */
    public enum Kind {
        C1, C2, R1, R2, RC1, RC2;

        boolean clustered() {
            return this == C1 || this == C2;
        }

        boolean mixed() {
            return this == RC1 || this == RC2;
        }

        boolean longHorizon() {
            return this == C2 || this == R2 || this == RC2;
        }

        /** Solomon's horizon (depot due date) for a square of side 100. */
        int solomonHorizon() {
            return switch (this) {
                case C1 -> 1236;
                case C2 -> 3390;
                case R1 -> 230;
                case R2 -> 1000;
                case RC1 -> 240;
                case RC2 -> 960;
            };
        }

        int capacity() {
            return switch (this) {
                case C1, R1, RC1 -> 200;
                case C2 -> 700;
                case R2, RC2 -> 1000;
            };
        }

        int service() {
            return clustered() ? 90 : 10;
        }
    }

    private GehringHombergerGenerator() {
    }

    /** Side of the square holding {@code customers} customers. */
    public static int side(int customers) {
        return Math.max(100, customers / 2);
    }

    /** Share of customers with a time window for a variant (1..10). */
    public static double density(int variant) {
        return switch ((variant - 1) % 10) {
            case 0, 4, 8, 9 -> 1.0;
            case 1, 5 -> 0.75;
            case 2, 6 -> 0.5;
            default -> 0.25;
        };
    }

    /** Mean window width as a share of the horizon: tight (1-4), medium (5-8), wide (9-10); class 2 wider. */
    public static double widthShare(Kind kind, int variant) {
        double base = variant <= 4 ? 0.05 : variant <= 8 ? 0.15 : 0.30;
        return kind.longHorizon() ? base * 1.5 : base;
    }

    public static String name(Kind kind, int customers, int variant) {
        return kind + "_" + (customers / 100) + "_" + variant;
    }

    /**
     * One instance.
     *
     * @param customers 200..1000 (any positive multiple of 100 works; the tests use the published sizes)
     * @param variant   1..10
     */
    public static SolomonInstance generate(Kind kind, int customers, int variant, long seed) {
        if (customers < 1 || variant < 1 || variant > 10) {
            throw new IllegalArgumentException("customers must be positive and variant 1..10, got " + customers
                    + " and " + variant);
        }
        // one stream per (class, size, variant, seed): the same arguments give the same file
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + kind.ordinal() * 10_007L
                + customers * 101L + variant);
        int side = side(customers);
        int depotX = side / 2;
        int depotY = side / 2;
        int horizon = (int) Math.round(kind.solomonHorizon() * side / 100.0);
        int service = kind.service();
        int[][] xy = coordinates(kind, customers, side, random);

        List<SolomonInstance.Node> nodes = new ArrayList<>(customers + 1);
        nodes.add(new SolomonInstance.Node(0, depotX, depotY, 0, 0, horizon, 0));
        double density = density(variant);
        double width = widthShare(kind, variant) * horizon;
        for (int i = 0; i < customers; i++) {
            int x = xy[i][0];
            int y = xy[i][1];
            double d = Math.hypot(x - depotX, y - depotY);
            // served on a direct trip: start no earlier than the arrival, back at the depot by the horizon
            int earliest = (int) Math.ceil(d);
            int latest = (int) Math.floor(horizon - service - d);
            if (latest < earliest) {
                throw new IllegalStateException("horizon " + horizon + " too short for a customer at distance " + d);
            }
            int demand = kind.clustered() ? 10 * (1 + random.nextInt(4)) : 1 + random.nextInt(50);
            int ready;
            int due;
            if (random.nextDouble() < density) {
                double w = width * (0.5 + random.nextDouble());
                double centre = earliest + random.nextDouble() * (latest - earliest);
                ready = (int) Math.max(0, Math.round(centre - w / 2));
                due = (int) Math.min(latest, Math.round(centre + w / 2));
                if (due < earliest) {
                    due = earliest;
                }
                if (ready > due) {
                    ready = due;
                }
            } else {
                ready = 0;
                due = latest;
            }
            nodes.add(new SolomonInstance.Node(i + 1, x, y, demand, ready, due, service));
        }
        return new SolomonInstance(name(kind, customers, variant), customers / 4, kind.capacity(), nodes);
    }

    private static int[][] coordinates(Kind kind, int n, int side, SplittableRandom random) {
        int[][] xy = new int[n][];
        int clustered = kind.clustered() ? n : kind.mixed() ? n / 2 : 0;
        // about ten customers per cluster, as in Solomon's C sets
        int clusters = Math.max(1, clustered / 10);
        double[][] centres = new double[clusters][];
        double margin = side * 0.05;
        for (int c = 0; c < clusters; c++) {
            centres[c] = new double[] {margin + random.nextDouble() * (side - 2 * margin),
                    margin + random.nextDouble() * (side - 2 * margin)};
        }
        double spread = Math.max(2.0, side / 60.0);
        for (int i = 0; i < n; i++) {
            if (i < clustered) {
                double[] centre = centres[i % clusters];
                xy[i] = new int[] {clamp(centre[0] + gaussian(random) * spread, side),
                        clamp(centre[1] + gaussian(random) * spread, side)};
            } else {
                xy[i] = new int[] {random.nextInt(side + 1), random.nextInt(side + 1)};
            }
        }
        if (kind.mixed()) {
            // interleave so that the file does not list all clustered customers first
            List<int[]> list = new ArrayList<>(Arrays.asList(xy));
            for (int i = list.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int[] t = list.get(i);
                list.set(i, list.get(j));
                list.set(j, t);
            }
            xy = list.toArray(int[][]::new);
        }
        return xy;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on every JDK this builds with
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int clamp(double v, int side) {
        return (int) Math.max(0, Math.min(side, Math.round(v)));
    }

    /** The instance in Solomon's text format. */
    public static String toText(SolomonInstance instance) {
        StringBuilder sb = new StringBuilder();
        sb.append(instance.name()).append("\n\nVEHICLE\nNUMBER     CAPACITY\n");
        sb.append(String.format(Locale.ROOT, "%5d %12d%n%n", instance.vehicles(), instance.capacity()));
        sb.append("CUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME\n\n");
        for (SolomonInstance.Node c : instance.nodes()) {
            sb.append(String.format(Locale.ROOT, "%5d %8d %9d %10d %10d %10d %10d%n", c.id(), c.x(), c.y(),
                    c.demand(), c.ready(), c.due(), c.service()));
        }
        return sb.toString();
    }

    /**
     * {@code ./fieldplan bench generate --out DIR [--customers 200,1000] [--classes C1,R2,...] [--variants 1,2]
     * [--seed S]}: writes one file per (class, size, variant).
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        List<Integer> sizes = List.of(200, 1000);
        List<Kind> kinds = List.of(Kind.values());
        List<Integer> variants = List.of(1);
        long seed = 1;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                errors.add(flag + ": missing value");
                break;
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--out" -> out = Path.of(value);
                    case "--customers" -> sizes = Arrays.stream(value.split(",")).map(String::strip)
                            .map(Integer::parseInt).toList();
                    case "--variants" -> variants = Arrays.stream(value.split(",")).map(String::strip)
                            .map(Integer::parseInt).toList();
                    case "--classes" -> kinds = Arrays.stream(value.split(",")).map(String::strip)
                            .map(s -> Kind.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> errors.add("unknown option '" + flag + "'");
                }
            } catch (IllegalArgumentException e) {
                errors.add(flag + ": cannot read '" + value + "' (" + e.getMessage() + ")");
            }
        }
        for (int s : sizes) {
            if (s < 100 || s % 100 != 0) {
                errors.add("--customers: " + s + " is not a positive multiple of 100");
            }
        }
        for (int v : variants) {
            if (v < 1 || v > 10) {
                errors.add("--variants: " + v + " is not in 1..10");
            }
        }
        if (out == null) {
            errors.add("--out: required (the directory the instance files go to)");
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> System.err.println("bench generate: " + e));
            System.err.println("usage: ./fieldplan bench generate --out DIR [--customers 200,1000]"
                    + " [--classes C1,C2,R1,R2,RC1,RC2] [--variants 1] [--seed 1]");
            System.exit(2);
            return;
        }
        Files.createDirectories(out);
        int written = 0;
        for (Kind kind : kinds) {
            for (int n : sizes) {
                for (int v : variants) {
                    SolomonInstance instance = generate(kind, n, v, seed);
                    Files.writeString(out.resolve(instance.name() + ".txt"), toText(instance), StandardCharsets.US_ASCII);
                    written++;
                }
            }
        }
        System.out.println("wrote " + written + " instance(s) to " + out + " (seed " + seed + ")");
    }
}
