package org.fieldplan.bench.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.geo.road.PointToPointRoute;
import org.fieldplan.geo.road.RoadNetwork;
import org.fieldplan.geo.road.RoadNetworkInfo;
import org.fieldplan.geo.road.RoadNetworkSettings;

/**
 * {@code ./fieldplan bench matrix [--osm FILE] [--points N] [--seed S] [--pairs P] [--runs R] [--cold]
 * [--cache DIR] [--results DIR]}
 *
 * <p>Times the full N x N road matrix (many-to-many on the CH graph; median of R runs after two
 * warm-up runs) and, in the same run and on the same threads, GraphHopper's point-to-point CH routes on
 * P random pairs of the same locations, extrapolated to N x N. Checks on the way that both agree
 * (1 s, 1 m) on the sampled pairs. Records import time (cold and cached), cache size and peak
 * memory (VmHWM) under {@code benchmarks/results/}. The last line is
 * {@code matrix NxN: X.XX s | point-to-point estimate: Y.YY s | speed-up: Z.Zx}.
 */
public final class MatrixBenchmark {

    private MatrixBenchmark() {
    }

    record Options(Path osm, boolean osmGiven, int points, long seed, int pairs, int runs, boolean cold, Path cache, Path results) {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench matrix: " + e.getMessage());
            System.err.println("usage: ./fieldplan bench matrix [--osm FILE] [--points N] [--seed S] [--pairs P] [--runs R]"
                    + " [--cold] [--cache DIR] [--results DIR]");
            System.exit(2);
            return;
        }
        run(options);
    }

    static Options parse(String[] args) {
        String dataDir = System.getProperty("fieldplan.data.dir",
                System.getenv().getOrDefault("FIELDPLAN_DATA_DIR", "../shared/data"));
        Path osm = Path.of(dataDir, "osm", "malta-2018-08-27.osm.pbf");
        int points = 1000;
        long seed = 1;
        int pairs = 10_000;
        int runs = 3;
        boolean cold = false;
        boolean osmGiven = false;
        Path cache = RoadNetworkSettings.defaultCacheRoot();
        Path results = Path.of("benchmarks", "results");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--osm" -> {
                    osm = Path.of(value(args, ++i, arg));
                    osmGiven = true;
                }
                case "--points" -> points = positive(value(args, ++i, arg), arg, 2);
                case "--seed" -> seed = parseLong(value(args, ++i, arg), arg);
                case "--pairs" -> pairs = positive(value(args, ++i, arg), arg, 1);
                case "--runs" -> runs = positive(value(args, ++i, arg), arg, 1);
                case "--cold" -> cold = true;
                case "--cache" -> cache = Path.of(value(args, ++i, arg));
                case "--results" -> results = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (!Files.isRegularFile(osm)) {
            throw new IllegalArgumentException("the OSM extract " + osm.toAbsolutePath()
                    + " does not exist; pass --osm FILE or set FIELDPLAN_DATA_DIR");
        }
        return new Options(osm, osmGiven, points, seed, pairs, runs, cold, cache, results);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String option, int min) {
        try {
            int value = Integer.parseInt(text);
            if (value < min) {
                throw new IllegalArgumentException(option + " is " + value + "; it must be at least " + min);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is '" + text + "'; expected a whole number");
        }
    }

    private static long parseLong(String text, String option) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is '" + text + "'; expected a whole number");
        }
    }

    static void run(Options o) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        String commit = commit();
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        String load = loadAverage();
        say("extract %s, %d points, seed %d, %d threads, JDK %s, commit %s, load average %s", o.osm().getFileName(), o.points(),
                o.seed(), threads, jdk, commit, load);

        // import (cold) and load (cached)
        Path cacheRoot = o.cache();
        Path scratchCache = null;
        if (o.cold()) {
            scratchCache = Files.createTempDirectory("fieldplan-bench-graphs-");
            cacheRoot = scratchCache;
        }
        RoadNetworkSettings settings = RoadNetworkSettings.of(o.osm()).withCacheRoot(cacheRoot);
        RoadNetworkInfo firstOpen;
        try (RoadNetwork network = RoadNetwork.open(settings, line -> say("%s", line))) {
            firstOpen = network.info();
        }
        try (RoadNetwork network = RoadNetwork.open(settings, line -> say("%s", line))) {
            RoadNetworkInfo cached = network.info();
            String importCold = firstOpen.imported()
                    ? String.format(Locale.ROOT, "%.2f", firstOpen.importSeconds() + firstOpen.loadSeconds()) : "";
            say("import: %s; cached load: %.2f s; cache %.1f MB (%s)",
                    importCold.isEmpty() ? "graph was already cached (use --cold to time an import)" : "cold " + importCold + " s",
                    cached.loadSeconds(), cached.cacheBytes() / 1e6, cached.cacheDirectory());

            List<GeoPoint> points = network.randomRoadLocations(o.points(), o.seed(), 25);

            // the matrix: two warm-up runs (JIT), then the median of the timed runs
            TravelMatrix matrix = network.matrix(points);
            matrix = network.matrix(points);
            double[] runs = new double[o.runs()];
            double[] cpuRuns = new double[o.runs()];
            for (int r = 0; r < runs.length; r++) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                matrix = network.matrix(points);
                runs[r] = (System.nanoTime() - start) / 1e9;
                cpuRuns[r] = (processCpuNanos() - cpu) / 1e9;
                say("matrix %dx%d run %d: %.3f s (CPU %.3f s)", o.points(), o.points(), r + 1, runs[r], cpuRuns[r]);
            }
            double matrixCpu = median(cpuRuns);
            double[] sorted = runs.clone();
            Arrays.sort(sorted);
            double matrixSeconds = sorted[sorted.length / 2];
            int unreachable = 0;
            for (int i = 0; i < matrix.size(); i++) {
                for (int j = 0; j < matrix.size(); j++) {
                    if (!matrix.reachable(i, j)) {
                        unreachable++;
                    }
                }
            }

            // point-to-point: random pairs of the same points, same number of threads
            Random random = new Random(o.seed() ^ 0x5DEECE66DL);
            int[] from = new int[o.pairs()];
            int[] to = new int[o.pairs()];
            for (int k = 0; k < o.pairs(); k++) {
                from[k] = random.nextInt(o.points());
                do {
                    to[k] = random.nextInt(o.points());
                } while (to[k] == from[k]);
            }
            PointToPointRoute[] routes = new PointToPointRoute[o.pairs()];
            pointToPoint(network, points, from, to, routes, Math.min(4000, o.pairs()), threads); // warm-up (JIT)
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            pointToPoint(network, points, from, to, routes, o.pairs(), threads);
            double sampleSeconds = (System.nanoTime() - start) / 1e9;
            double sampleCpu = (processCpuNanos() - cpu) / 1e9;
            double cpuSpeedUp = sampleCpu * ((double) o.points() * o.points()) / o.pairs() / matrixCpu;
            double estimate = sampleSeconds * ((double) o.points() * o.points()) / o.pairs();
            double speedUp = estimate / matrixSeconds;

            int agree = 0;
            List<String> disagreements = new ArrayList<>();
            for (int k = 0; k < o.pairs(); k++) {
                PointToPointRoute route = routes[k];
                boolean same = route == null
                        ? !matrix.reachable(from[k], to[k])
                        : Math.abs(route.seconds() - matrix.seconds(from[k], to[k])) <= 1
                        && Math.abs(route.roundedMetres() - matrix.metres(from[k], to[k])) <= 1;
                if (same) {
                    agree++;
                } else if (disagreements.size() < 5) {
                    disagreements.add(String.format(Locale.ROOT, "%d->%d matrix %d s %d m, route %s", from[k], to[k],
                            matrix.seconds(from[k], to[k]), matrix.metres(from[k], to[k]),
                            route == null ? "none" : route.seconds() + " s " + route.roundedMetres() + " m"));
                }
            }
            say("point-to-point: %d pairs in %.3f s (CPU %.3f s, %.3f ms CPU per route, %d threads); %d/%d agree with the matrix within 1 s and 1 m%s",
                    o.pairs(), sampleSeconds, sampleCpu, sampleCpu * 1000 / o.pairs(), threads, agree, o.pairs(),
                    disagreements.isEmpty() ? "" : "; e.g. " + disagreements);
            say("speed-up by CPU time (less sensitive to other load on the machine): %.1fx", cpuSpeedUp);
            say("unreachable pairs in the matrix: %d of %d", unreachable, o.points() * o.points());

            ZoneTiming zones = zoneLookup(points, o.seed(), 100);
            say("zones: membership of %d points in %d overlapping zones (polygons of 48 points, every 4th with a hole):"
                    + " %.2f ms (median of 5 after a warm-up; index built in %.1f ms); %d points lie in at least one zone",
                    points.size(), zones.zones(), zones.lookupMillis(), zones.buildMillis(), zones.pointsInZones());

            long peakKb = peakRssKb();
            say("peak memory (VmHWM): %.0f MB; heap max %.0f MB (set with FIELDPLAN_JAVA_OPTS=-Xmx...; the JVM grows into what it may use)",
                    peakKb / 1024.0, Runtime.getRuntime().maxMemory() / 1048576.0);

            record(o, commit, jdk, threads, load, runs, matrixSeconds, matrixCpu, sampleSeconds, sampleCpu, estimate, speedUp,
                    cpuSpeedUp, firstOpen, cached, peakKb, agree, unreachable, zones);
            System.out.printf(Locale.ROOT, "matrix %dx%d: %.2f s | point-to-point estimate: %.2f s | speed-up: %.1fx%n",
                    o.points(), o.points(), matrixSeconds, estimate, speedUp);
        } finally {
            if (scratchCache != null) {
                deleteTree(scratchCache);
            }
        }
    }

    private static void pointToPoint(RoadNetwork network, List<GeoPoint> points, int[] from, int[] to,
                                     PointToPointRoute[] routes, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                        routes[k] = network.graphHopperRoute(points.get(from[k]), points.get(to[k]), false);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void record(Options o, String commit, String jdk, int threads, String load, double[] runs,
                               double matrixSeconds, double matrixCpu, double sampleSeconds, double sampleCpu, double estimate,
                               double speedUp, double cpuSpeedUp, RoadNetworkInfo firstOpen, RoadNetworkInfo cached,
                               long peakKb, int agree, int unreachable, ZoneTiming zones) throws IOException {
        Files.createDirectories(o.results());
        String when = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String importCold = firstOpen.imported()
                ? String.format(Locale.ROOT, "%.2f", firstOpen.importSeconds() + firstOpen.loadSeconds()) : "";
        String command = (!jvmOptionXmx().isEmpty() ? "FIELDPLAN_JAVA_OPTS=" + jvmOptionXmx() + " " : "")
                + "./fieldplan bench matrix" + (o.osmGiven() ? " --osm " + o.osm() : "") + " --points " + o.points() + " --seed " + o.seed()
                + " --pairs " + o.pairs() + " --runs " + o.runs() + (o.cold() ? " --cold" : "");
        String runList = Arrays.stream(runs).mapToObj(r -> String.format(Locale.ROOT, "%.3f", r))
                .reduce((a, b) -> a + ";" + b).orElse("");

        Path csv = o.results().resolve("matrix.csv");
        if (!Files.exists(csv)) {
            Files.writeString(csv, "date,commit,jdk,threads,load_avg,extract,points,seed,matrix_s_median,matrix_runs_s,matrix_cpu_s,"
                    + "p2p_pairs,p2p_sample_s,p2p_sample_cpu_s,p2p_estimate_s,speedup,cpu_speedup,import_cold_s,load_cached_s,"
                    + "cache_mb,vmhwm_mb,agree_within_1s_1m,unreachable_pairs,zones,zone_lookup_ms,command\n", StandardCharsets.UTF_8);
        }
        Files.writeString(csv, String.format(Locale.ROOT, "%s,%s,\"%s\",%d,\"%s\",%s,%d,%d,%.3f,%s,%.3f,%d,%.3f,%.3f,%.2f,%.1f,%.1f,%s,%.2f,%.1f,%.0f,%d,%d,%d,%.3f,\"%s\"%n",
                when, commit, jdk, threads, load, o.osm().getFileName(), o.points(), o.seed(), matrixSeconds, runList, matrixCpu,
                o.pairs(), sampleSeconds, sampleCpu, estimate, speedUp, cpuSpeedUp, importCold, cached.loadSeconds(),
                cached.cacheBytes() / 1e6, peakKb / 1024.0, agree, unreachable, zones.zones(), zones.lookupMillis(), command), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Path md = o.results().resolve("matrix.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Road matrix: many-to-many (CH buckets) vs point-to-point CH routes

                    Written by `./fieldplan bench matrix` (class `org.fieldplan.bench.matrix.MatrixBenchmark`); one row
                    per run, newest last; the same rows as CSV in `matrix.csv`. Matrix time is the median of the timed
                    runs after two warm-up runs, including snapping every location; the point-to-point estimate times
                    (after 4,000 warm-up routes) GraphHopper's own CH route for P random pairs of the same locations on the same number of threads
                    and scales it to N x N. "agree" counts sampled pairs where both give the same time (1 s) and
                    distance (1 m). Import "cold" is an import into an empty cache (`--cold`); "cached" is a load from
                    the cache. Peak memory is the process's VmHWM (resident high-water mark). CPU columns are the
                    process's CPU time during each phase (all threads, GC included): a speed-up by CPU time is less
                    sensitive to other programs competing for the cores. "zone lookup" is the time to find the zones
                    of all N locations among 100 random overlapping round polygons (radius 0.3-1.5 km, 48 points, every 4th with a hole) with a `ZoneIndex`. The machine these rows come from has 2 cores
                    shared with other builds (see the load average column), so wall-clock timings are noisy.

                    | date (UTC) | commit | JDK | threads | load avg 1/5/15 min | extract | N | seed | matrix s (median; runs) | matrix CPU s | p2p pairs | p2p sample s (CPU s) | p2p estimate s | speed-up | speed-up by CPU | import cold s | load cached s | cache MB | peak RSS MB | agree | zone lookup ms | command |
                    |---|---|---|---:|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|
                    """, StandardCharsets.UTF_8);
        }
        Files.writeString(md, String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %d | %d | %.2f (%s) | %.2f | %d | %.2f (%.2f) | %.2f | %.1fx | %.1fx | %s | %.2f | %.1f | %.0f | %d/%d | %.2f | `%s` |%n",
                when, commit, jdk, threads, load, o.osm().getFileName(), o.points(), o.seed(), matrixSeconds, runList.replace(";", ", "),
                matrixCpu, o.pairs(), sampleSeconds, sampleCpu, estimate, speedUp, cpuSpeedUp,
                importCold.isEmpty() ? "(cached)" : importCold, cached.loadSeconds(),
                cached.cacheBytes() / 1e6, peakKb / 1024.0, agree, o.pairs(), zones.lookupMillis(), command),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s and %s", md, csv);
    }

    record ZoneTiming(int zones, double buildMillis, double lookupMillis, int pointsInZones) {
    }

    /** Random overlapping round zones around the locations, some with holes; the time to resolve every location's zones. */
    static ZoneTiming zoneLookup(List<GeoPoint> points, long seed, int count) {
        org.locationtech.jts.geom.GeometryFactory factory = new org.locationtech.jts.geom.GeometryFactory();
        Random random = new Random(seed * 31 + 7);
        List<org.fieldplan.geo.zone.ServiceZone> zones = new ArrayList<>(count);
        for (int z = 0; z < count; z++) {
            GeoPoint centre = points.get(random.nextInt(points.size()));
            double radius = 300 + random.nextDouble() * 1200;
            org.locationtech.jts.geom.LinearRing shell = factory.createLinearRing(circle(centre, radius, false));
            org.locationtech.jts.geom.LinearRing[] holes = z % 4 == 0
                    ? new org.locationtech.jts.geom.LinearRing[] {factory.createLinearRing(circle(centre, radius / 3, true))}
                    : new org.locationtech.jts.geom.LinearRing[0];
            zones.add(new org.fieldplan.geo.zone.ServiceZone("z" + z, "zone " + z, "Malta", factory.createPolygon(shell, holes)));
        }
        long start = System.nanoTime();
        org.fieldplan.geo.zone.ZoneIndex index = new org.fieldplan.geo.zone.ZoneIndex(zones);
        double build = (System.nanoTime() - start) / 1e6;
        int[][] membership = index.zoneIndicesAt(points); // warm-up (and prepares the geometries' indexes)
        double[] runs = new double[5];
        for (int r = 0; r < runs.length; r++) {
            start = System.nanoTime();
            membership = index.zoneIndicesAt(points);
            runs[r] = (System.nanoTime() - start) / 1e6;
        }
        int inside = 0;
        for (int[] m : membership) {
            if (m.length > 0) {
                inside++;
            }
        }
        return new ZoneTiming(count, build, median(runs), inside);
    }

    private static org.locationtech.jts.geom.Coordinate[] circle(GeoPoint centre, double metres, boolean clockwise) {
        int n = 48;
        org.locationtech.jts.geom.Coordinate[] ring = new org.locationtech.jts.geom.Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * i / n * (clockwise ? -1 : 1);
            double lat = centre.lat() + metres * Math.sin(angle) / 111_320.0;
            double lon = centre.lon() + metres * Math.cos(angle) / (111_320.0 * Math.cos(Math.toRadians(centre.lat())));
            ring[i] = new org.locationtech.jts.geom.Coordinate(lon, lat);
        }
        ring[n] = new org.locationtech.jts.geom.Coordinate(ring[0]);
        return ring;
    }

    private static String jvmOptionXmx() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b).orElse("");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            say("cannot read peak memory from /proc/self/status: %s", e.getMessage());
        }
        return -1;
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=10", "HEAD").redirectErrorStream(true).start();
            String hash = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor() != 0 || hash.isEmpty()) {
                return "unknown";
            }
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            String changes = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            status.waitFor();
            return changes.isEmpty() ? hash : hash + "-dirty";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("bench matrix: " + String.format(Locale.ROOT, format, args));
    }
}
