package org.fieldplan.bench.tiles;

import static org.fieldplan.bench.BenchArgs.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldplan.api.FieldPlanApplication;
import org.fieldplan.api.map.BaseMapTiles;
import org.fieldplan.bench.RunFacts;
import org.fieldplan.bench.booking.PlainHttp;
import org.fieldplan.geo.tile.BaseMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The base map under load: the real service in this JVM (database of {@code ./fieldplan db}, schema
 * {@value #SCHEMA}) builds Malta's tiles from the extract into a fresh directory (the import, timed), then
 * {@code --clients} (32) clients, each on one kept-alive connection, fetch random tiles at zoom 12-16 over the islands
 * for {@code --seconds} (20) after a 3-second warm-up. A tile is an error unless it is 200 or 204 (the sea).
 *
 * <p>Last line: {@code tiles: N | p50 X ms | p99 Y ms | errors E | tile build S s}. A row goes to
 * benchmarks/results/tiles.md with the command, commit, JDK and load average.
 */
public final class TileBenchmark {

    static final String SCHEMA = "bench_tiles";
    /** Malta, Gozo and Comino. */
    static final double WEST = 14.18, EAST = 14.58, SOUTH = 35.79, NORTH = 36.08;

    private TileBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = 32, seconds = 20;
        long seed = 1;
        Path cache = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ./fieldplan bench tiles [--clients 32] [--seconds 20] [--seed 1] [--cache DIR]"
                            + " (--cache: reuse a built map there instead of building into a fresh directory)");
                    System.exit(2);
                }
            }
        }
        boolean fresh = cache == null;
        if (fresh) {
            cache = Files.createTempDirectory("fieldplan-tiles-bench-");
        }
        String[] database = {env("FIELDPLAN_DB_URL", "jdbc:postgresql://127.0.0.1:5433/fieldplan"),
                env("FIELDPLAN_DB_USER", "fieldplan"), env("FIELDPLAN_DB_PASSWORD", "fieldplan")};
        try (Connection c = DriverManager.getConnection(database[0], database[1], database[2]); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", database[0]);
        props.put("spring.datasource.username", database[1]);
        props.put("spring.datasource.password", database[2]);
        props.put("spring.datasource.hikari.connection-init-sql", "SET search_path TO " + SCHEMA + ", public");
        props.put("spring.flyway.schemas", SCHEMA);
        props.put("spring.flyway.default-schema", SCHEMA);
        props.put("fieldplan.data-dir", env("FIELDPLAN_DATA_DIR", "../shared/data"));
        props.put("fieldplan.notifications.scheduling", "false");
        props.put("fieldplan.map.tile-cache", cache.toString());
        props.put("server.tomcat.threads.max", "64");
        props.put("logging.level.root", "warn");
        props.put("logging.level.org.fieldplan.api.map", "info");
        props.put("spring.main.banner-mode", "off");
        say("starting the service (schema " + SCHEMA + "); base map into " + cache + (fresh ? " (fresh: a full build)" : ""));
        String[] arguments = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FieldPlanApplication.class).run(arguments)) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
            long t0 = System.nanoTime();
            BaseMapTiles baseMap = app.getBean(BaseMapTiles.class);
            BaseMap map = baseMap.map();
            double waited = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            int cut = baseMap.precut().get();
            say(String.format(Locale.ROOT, "%d tiles of zoom 15-16 cut ahead in %.1f s (part of the import, not of the build figure)",
                    cut, (System.nanoTime() - t1) / 1e9));
            double build = map.built() || fresh ? map.buildSeconds() : 0;
            say(String.format(Locale.ROOT, "base map ready: %d stored tiles, built in %.1f s (waited %.1f s after start-up)",
                    map.tileCount(), map.buildSeconds(), waited));

            run(port, clients, 3, seed + 1000, null);                         // warm-up
            long[][] latencies = new long[clients][];
            AtomicLong errors = new AtomicLong();
            long requests = run(port, clients, seconds, seed, new Result(latencies, errors));
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            double p50 = all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1e6;
            double p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
            String line = String.format(Locale.ROOT, "tiles: %d | p50 %.1f ms | p99 %.1f ms | errors %d | tile build %.1f s",
                    requests, p50, p99, errors.get(), build);
            record(String.join(" ", args), clients, seconds, line);
            System.out.println(line);
        } finally {
            if (fresh) {
                try (var files = Files.walk(cache)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    record Result(long[][] latencies, AtomicLong errors) {}

    /** {@code clients} threads fetching random tiles for {@code seconds}; returns the number of tiles fetched. */
    static long run(int port, int clients, int seconds, long seed, Result result) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong count = new AtomicLong();
        SplittableRandom root = new SplittableRandom(seed);
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = root.split();
            int index = c;
            Thread.ofPlatform().name("tiles-client-" + c).start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try (PlainHttp http = new PlainHttp("127.0.0.1", port)) {
                    while (System.nanoTime() < deadline) {
                        int z = 12 + random.nextInt(5);
                        double lon = WEST + random.nextDouble() * (EAST - WEST);
                        double lat = SOUTH + random.nextDouble() * (NORTH - SOUTH);
                        String path = "/api/public/map/tiles/" + z + "/" + tileX(lon, z) + "/" + tileY(lat, z) + ".pbf";
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = http.get(path).status();
                        } catch (IOException e) {
                            status = -1;
                        }
                        long took = System.nanoTime() - start;
                        count.incrementAndGet();
                        if (result != null) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                            if (status != 200 && status != 204) {
                                result.errors().incrementAndGet();
                            }
                        }
                    }
                } finally {
                    if (result != null) {
                        result.latencies()[index] = Arrays.copyOf(mine, n);
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        return count.get();
    }

    static int tileX(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    static int tileY(double lat, int z) {
        double r = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    }

    private static void record(String arguments, int clients, int seconds, String line) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("tiles.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Base map: tile build and tile serving

                    `./fieldplan bench tiles` (org.fieldplan.bench.tiles.TileBenchmark): the real service in this JVM builds
                    Malta's base map from the extract into a fresh directory (Planetiler in its own JVM, plus the label
                    glyphs), then 32 clients on kept-alive connections fetch random tiles at zoom 12-16 over the islands
                    for 20 s (after 3 s of warm-up), on this 2-core machine shared with other work (see the load average).
                    Targets: p99 at most 50 ms, build under 60 s.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | clients x seconds | result | command |
                    |---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format(Locale.ROOT, "| %s | %s | %s | %s | %d x %d | `%s` | `./fieldplan bench tiles%s` |%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.now().atOffset(ZoneOffset.UTC)),
                RunFacts.commit(), Runtime.version(), RunFacts.loadAverage(), clients, seconds, line,
                arguments.isBlank() ? "" : " " + arguments);
        Files.writeString(md, row, StandardOpenOption.APPEND);
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
