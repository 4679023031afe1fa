package org.fieldplan.bench.reports;

import static org.fieldplan.bench.BenchArgs.positive;
import static org.fieldplan.bench.BenchArgs.env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.fieldplan.api.FieldPlanApplication;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.bench.RunFacts;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./fieldplan bench reports [--seconds 60] [--clients 8] [--requests 250000] [--seed 1]}: the real service in this
 * JVM on a generated company in its own schema ({@value #SCHEMA}, dropped and made afresh): the demo's six zones, three
 * administrators (dispatchers), service types and technicians, its two departments with a head each and its director, 5,000
 * customers and two years of history: 250,000 requests created over the last 730 days, each with its full status history
 * (new, quoted, agreed, scheduled, in progress, done, accepted or disputed; some cancelled, refused or left untouched),
 * ratings, and routes with a finished stop for every visit made. The history is written with set-based SQL (a request
 * import one by one would take most of an hour on this machine); the report reads it as it reads any history.
 * Then 8 concurrent HTTP clients (the director, the heads and the administrators, HTTP Basic) ask for whole reports
 * ({@code GET /api/reports}, every section) over a year, over a month and over one zone for a year, for a fixed time
 * after a warm-up. Last line: {@code reports: N | p50 X ms | p99 Y ms | errors E}. Results are appended to
 * benchmarks/results/reports.md.
 */
public final class ReportsBenchmark {

    static final String SCHEMA = "bench_reports";
    /** The service's connections' name in pg_stat_activity, to read their CPU time from /proc. */
    static final String APPLICATION = "fieldplan-bench-reports";
    static final String PASSWORD = "fieldplan-demo";
    static final int CUSTOMERS = 5000;
    static final int WARM_UP_SECONDS = 15;
    /** The demo's director, heads of department and administrators (MaltaDemoLoader). */
    static final String[] USERS = {"director", "head-north", "head-south", "dispatcher-north", "dispatcher-central", "dispatcher-south"};

    private ReportsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        int clients = 8;
        int requests = 250_000;
        long seed = 1;
        boolean reuse = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--reuse")) {
                reuse = true;
                continue;
            }
            switch (args[i]) {
                case "--seconds" -> seconds = positive(args[i], value);
                case "--clients" -> clients = positive(args[i], value);
                case "--requests" -> requests = positive(args[i], value);
                case "--seed" -> seed = positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --seconds --clients --requests --seed --reuse");
                    System.exit(2);
                }
            }
            i++;
        }
        String commit = RunFacts.commit();
        String command = "./fieldplan bench reports" + (args.length == 0 ? "" : " " + String.join(" ", args));
        String last;
        String company;
        try (ConfigurableApplicationContext app = start(reuse)) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
            company = reuse ? existing(app) : generate(app, requests);
            last = load(port, clients, seconds, seed, app.getBean(DSLContext.class));
        }
        record(command, commit, company, last);
        System.out.println(last);
        System.exit(0);
    }

    // ---- the company ----------------------------------------------------------------------------------------------

    private static ConfigurableApplicationContext start(boolean reuse) throws Exception {
        String url = env("FIELDPLAN_DB_URL", "jdbc:postgresql://127.0.0.1:5433/fieldplan");
        String user = env("FIELDPLAN_DB_USER", "fieldplan");
        String password = env("FIELDPLAN_DB_PASSWORD", "fieldplan");
        if (!reuse) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", user);
        props.put("spring.datasource.password", password);
        props.put("spring.datasource.hikari.maximum-pool-size", "12");
        props.put("spring.datasource.hikari.connection-init-sql", "SET search_path TO " + SCHEMA + ", public");
        props.put("spring.datasource.hikari.data-source-properties.ApplicationName", APPLICATION);
        props.put("spring.flyway.schemas", SCHEMA);
        props.put("spring.flyway.default-schema", SCHEMA);
        props.put("fieldplan.data-dir", env("FIELDPLAN_DATA_DIR", "../shared/data"));
        props.put("fieldplan.notifications.scheduling", "false");
        props.put("fieldplan.security.bcrypt-strength", "4");
        props.put("fieldplan.addresses.import-on-start", "false");
        props.put("server.tomcat.threads.max", "32");
        props.put("logging.level.root", "warn");
        props.put("spring.main.banner-mode", "off");
        say("starting the service on %s schema %s ...", reuse ? "the kept" : "a fresh", SCHEMA);
        return new SpringApplicationBuilder(FieldPlanApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /**
     * {@code --reuse}: the company a previous run wrote (migrated to this version on start); its milestones derived
     * again from its history, as after a load.
     */
    private static String existing(ConfigurableApplicationContext app) {
        DSLContext db = app.getBean(DSLContext.class);
        long requests = db.fetchCount(org.jooq.impl.DSL.table("service_request"));
        if (requests == 0) {
            throw new IllegalStateException("--reuse: the schema " + SCHEMA + " holds no company; run without --reuse first");
        }
        long m0 = System.nanoTime();
        int milestones = db.transactionResult(cfg -> org.fieldplan.api.request.RequestMilestones.rebuild(cfg.dsl()));
        say("reusing the company in %s; request milestones derived from the history: %d rows in %.1f s", SCHEMA, milestones,
                (System.nanoTime() - m0) / 1e9);
        for (String table : List.of("request_milestone", "report_day", "report_day_service", "report_route", "report_month_hist")) {
            db.execute("VACUUM ANALYZE " + table);
        }
        return String.format("%d requests over 730 days, %d history entries, %d routes, %d stops, 6 zones, 2 departments (reused)",
                requests, db.fetchCount(org.jooq.impl.DSL.table("service_request_history")),
                db.fetchCount(org.jooq.impl.DSL.table("route")), db.fetchCount(org.jooq.impl.DSL.table("route_stop")));
    }

    private static String generate(ConfigurableApplicationContext app, int requests) {
        DSLContext db = app.getBean(DSLContext.class);
        say("loading the demo company (zones, administrators, technicians, service types) ...");
        app.getBean(MaltaDemoLoader.class).load();
        say("departments: %s", db.fetch("SELECT d.name, count(m.user_id) FROM department d LEFT JOIN department_member m"
                + " ON m.department_id = d.id GROUP BY d.name").formatCSV(false).strip().replace('\n', ';'));
        long t0 = System.nanoTime();
        db.execute("INSERT INTO customer (name, email) SELECT 'Bench customer ' || g, 'bench' || g || '@customers.test'"
                + " FROM generate_series(1, ?) g", CUSTOMERS);
        // the requests: created over the last 730 days; the zone, technician, service and customer by the request's number;
        // the outcome by a hash of it: 6 % untouched, 8 % cancelled, 5 % refused, 3 % disputed, 8 % still open, the rest accepted
        say("writing %d requests with their items ...", requests);
        db.execute("""
                CREATE TEMP TABLE bench_plan AS
                SELECT g AS n, z.id AS zone_id, z.dispatcher_id, ST_PointOnSurface(z.area) AS location,
                       (SELECT id FROM technician ORDER BY id OFFSET (g % (SELECT count(*) FROM technician)) LIMIT 1) AS technician_id,
                       (SELECT id FROM service_type ORDER BY id OFFSET (g % (SELECT count(*) FROM service_type)) LIMIT 1) AS service_type_id,
                       (SELECT min(id) FROM customer) + (g % ?) AS customer_id,
                       date_trunc('minute', now() - interval '730 days' * (g::float8 / ?)) + interval '7 hours' * ((g * 13) % 2) AS created_at,
                       (g * 7919) % 100 AS fate,
                       (ARRAY['phone','site','email','messenger','partner','walk_in'])[1 + (g * 31) % 6] AS source
                FROM generate_series(1, ?) g
                JOIN LATERAL (SELECT id, dispatcher_id, area FROM zone ORDER BY id OFFSET (g % (SELECT count(*) FROM zone)) LIMIT 1) z ON true
                """, CUSTOMERS, requests, requests);
        db.execute("""
                INSERT INTO service_request (registration_number, registration_year, registration_sequence, customer_id, address_line,
                    location, zone_id, dispatcher_id, outside_service_area, source, priority, deadline, status, technician_id,
                    created_at, updated_at, price_total, rating, rating_text, rated_at)
                SELECT 'B' || lpad(n::text, 9, '0'), 1999, n, customer_id, 'Bench street ' || (n % 500), location, zone_id, dispatcher_id,
                    false, source, 1 + n % 5, created_at + interval '1 day' * (2 + n % 6),
                    CASE WHEN fate < 6 THEN 'new' WHEN fate < 14 THEN 'cancelled' WHEN fate < 19 THEN 'refused' WHEN fate < 22 THEN 'disputed'
                         WHEN fate < 30 THEN 'scheduled' ELSE 'accepted' END,
                    CASE WHEN fate >= 19 THEN technician_id END, created_at, created_at, 30 + (n % 20) * 5,
                    CASE WHEN fate >= 30 AND n % 3 = 0 THEN 1 + (n * 17) % 5 END,
                    CASE WHEN fate >= 30 AND n % 9 = 0 THEN 'Bench comment ' || n END,
                    CASE WHEN fate >= 30 AND n % 3 = 0 THEN created_at + interval '5 days' END
                FROM bench_plan ORDER BY n
                """);
        db.execute("""
                INSERT INTO service_request_item (request_id, line, service_type_id, quantity, unit_price, price_is_from, list_price, line_total)
                SELECT r.id, 1, p.service_type_id, 1, r.price_total, false, r.price_total, r.price_total
                FROM service_request r JOIN bench_plan p ON r.registration_sequence = p.n AND r.registration_year = 1999
                """);
        say("writing the status history ...");
        // minutes after arrival: quoted 5..124, agreed +60..299, scheduled +30..389 later, the visit 1..3 days after arrival
        db.execute("""
                CREATE TEMP TABLE bench_steps AS
                SELECT r.id, p.fate, r.created_at AS t0,
                       r.created_at + interval '1 minute' * (5 + r.id % 120) AS t_quoted,
                       r.created_at + interval '1 minute' * (65 + r.id % 120 + (r.id * 3) % 240) AS t_agreed,
                       r.created_at + interval '1 minute' * (95 + r.id % 120 + (r.id * 3) % 240 + (r.id * 7) % 300) AS t_scheduled,
                       date_trunc('day', r.created_at) + interval '1 day' * (1 + r.id % 3) + interval '1 minute' * (480 + (r.id * 11) % 480) AS t_start
                FROM service_request r JOIN bench_plan p ON r.registration_sequence = p.n AND r.registration_year = 1999
                """);
        db.execute("""
                INSERT INTO service_request_history (request_id, from_status, to_status, changed_by_name, changed_at)
                SELECT id, NULL, 'new', 'bench', t0 FROM bench_steps
                UNION ALL SELECT id, 'new', 'quoted', 'bench', t_quoted FROM bench_steps WHERE fate >= 6 AND fate NOT BETWEEN 6 AND 13
                UNION ALL SELECT id, 'new', 'cancelled', 'bench', t_quoted FROM bench_steps WHERE fate BETWEEN 6 AND 13
                UNION ALL SELECT id, 'quoted', 'refused', 'bench', t_agreed FROM bench_steps WHERE fate BETWEEN 14 AND 18
                UNION ALL SELECT id, 'quoted', 'agreed', 'bench', t_agreed FROM bench_steps WHERE fate >= 19
                UNION ALL SELECT id, 'agreed', 'scheduled', 'bench', t_scheduled FROM bench_steps WHERE fate >= 19
                UNION ALL SELECT id, 'scheduled', 'in_progress', 'bench', t_start FROM bench_steps WHERE fate >= 19 AND fate NOT BETWEEN 22 AND 29
                UNION ALL SELECT id, 'in_progress', 'done', 'bench', t_start + interval '1 minute' * (20 + id % 70) FROM bench_steps
                    WHERE fate >= 19 AND fate NOT BETWEEN 22 AND 29
                UNION ALL SELECT id, 'done', 'disputed', 'bench', t_start + interval '1 day' FROM bench_steps WHERE fate BETWEEN 19 AND 21
                UNION ALL SELECT id, 'done', 'accepted', 'bench', t_start + interval '1 day' FROM bench_steps WHERE fate >= 30
                ORDER BY 5
                """);
        db.execute("UPDATE service_request r SET updated_at = h.last FROM (SELECT request_id, max(changed_at) AS last"
                + " FROM service_request_history GROUP BY request_id) h WHERE h.request_id = r.id");
        say("writing the routes and visits ...");
        ZoneId malta = ZoneId.of("Europe/Malta");
        db.execute("""
                INSERT INTO route (technician_id, day, status, starts_at, ends_at, travel_seconds, distance_metres, updated_at, published_at)
                SELECT r.technician_id, (s.t_start AT TIME ZONE ?)::date, 'published',
                       min(date_trunc('day', s.t_start) + interval '7 hours'), min(date_trunc('day', s.t_start) + interval '17 hours'),
                       900 * count(*), 8000 * count(*), min(s.t_start), min(s.t_start)
                FROM bench_steps s JOIN service_request r ON r.id = s.id WHERE s.fate >= 19 AND r.technician_id IS NOT NULL
                GROUP BY 1, 2
                """, malta.getId());
        db.execute("""
                INSERT INTO route_stop (route_id, position, request_id, arrival_at, start_at, end_at, travel_seconds, distance_metres,
                    started_at, finished_at, labour_minutes)
                SELECT ro.id, row_number() OVER (PARTITION BY ro.id ORDER BY s.t_start, s.id) - 1, s.id,
                       s.t_start - interval '10 minutes', s.t_start - interval '10 minutes', s.t_start + interval '35 minutes', 900, 8000,
                       CASE WHEN s.fate NOT BETWEEN 22 AND 29 THEN s.t_start END,
                       CASE WHEN s.fate NOT BETWEEN 22 AND 29 THEN s.t_start + interval '1 minute' * (20 + s.id % 70) END,
                       CASE WHEN s.fate NOT BETWEEN 22 AND 29 THEN 20 + s.id % 60 END
                FROM bench_steps s JOIN service_request r ON r.id = s.id
                JOIN route ro ON ro.technician_id = r.technician_id AND ro.day = (s.t_start AT TIME ZONE ?)::date
                WHERE s.fate >= 19
                """, malta.getId());
        db.execute("DROP TABLE bench_plan");
        db.execute("DROP TABLE bench_steps");
        // the history was written set-based, around the request feature: derive the reports' milestones from it as the
        // request feature's rebuild does (the same statement that keeps them with each history row)
        long m0 = System.nanoTime();
        int milestones = db.transactionResult(cfg -> org.fieldplan.api.request.RequestMilestones.rebuild(cfg.dsl()));
        say("request milestones derived from the history: %d rows in %.1f s", milestones, (System.nanoTime() - m0) / 1e9);
        db.execute("ANALYZE");
        long history = db.fetchCount(org.jooq.impl.DSL.table("service_request_history"));
        long stops = db.fetchCount(org.jooq.impl.DSL.table("route_stop"));
        long routes = db.fetchCount(org.jooq.impl.DSL.table("route"));
        say("company written in %.0f s: %d requests, %d history entries, %d routes, %d stops", (System.nanoTime() - t0) / 1e9,
                db.fetchCount(org.jooq.impl.DSL.table("service_request")), history, routes, stops);
        return String.format("%d requests over 730 days, %d history entries, %d routes, %d stops, 6 zones, 2 departments",
                db.fetchCount(org.jooq.impl.DSL.table("service_request")), history, routes, stops);
    }

    // ---- the load ---------------------------------------------------------------------------------------------------

    private static String load(int port, int clients, int seconds, long seed, DSLContext db) throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Map<String, List<Long>> zones = new LinkedHashMap<>();
        for (String user : USERS) {
            zones.put(user, db.fetch("SELECT z.id FROM zone z WHERE ? = 'director' OR z.dispatcher_id IN (SELECT u.id FROM app_user u"
                    + " WHERE u.username = ? UNION SELECT m.user_id FROM department_member m JOIN department d ON d.id = m.department_id"
                    + " JOIN app_user h ON h.id = d.head_user_id WHERE h.username = ?)", user, user, user).getValues(0, Long.class));
        }
        AtomicInteger ignored = new AtomicInteger();
        say("warming up for %d s ...", WARM_UP_SECONDS);
        run(http, base, clients, WARM_UP_SECONDS, seed + 7, zones, ignored);
        say("measuring %d clients for %d s (load average %s) ...", clients, seconds, RunFacts.loadAverage());
        AtomicInteger errors = new AtomicInteger();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long pg0 = RunFacts.databaseCpuMillis(db, APPLICATION);
        List<long[]> times = run(http, base, clients, seconds, seed, zones, errors);
        long cpu = os.getProcessCpuTime() - cpu0;
        long pg = RunFacts.databaseCpuMillis(db, APPLICATION) - pg0;
        int n = Math.max(1, times.stream().mapToInt(a -> a.length).sum());
        String mixed = String.format("mixed run: %.1f + %.1f ms CPU per report (PostgreSQL + this JVM)", pg / (double) n, cpu / 1e6 / n);
        say("%s, load average %s", mixed, RunFacts.loadAverage());
        // each time is tagged with its kind in the lowest two bits (0 year, 1 month, 2 zone over a year)
        long[] all = times.stream().flatMapToLong(Arrays::stream).map(t -> t >>> 2).sorted().toArray();
        StringBuilder kinds = new StringBuilder();
        String[] names = {"year", "month", "zone-year"};
        for (int k = 0; k < 3; k++) {
            int kind = k;
            long[] some = times.stream().flatMapToLong(Arrays::stream).filter(t -> (t & 3) == kind).map(t -> t >>> 2).sorted().toArray();
            kinds.append(kinds.isEmpty() ? "" : ", ").append(String.format("%s %d: p50 %.1f ms, p99 %.1f ms", names[k], some.length,
                    percentile(some, 0.50), percentile(some, 0.99)));
        }
        perKind = kinds + "; " + mixed + "; " + cpuPerKind(http, base, zones, db, os);
        say("per report: %s", perKind);
        if (all.length == 0) {
            return "reports: 0 | p50 0.0 ms | p99 0.0 ms | errors " + errors.get();
        }
        return String.format("reports: %d | p50 %.1f ms | p99 %.1f ms | errors %d", all.length, percentile(all, 0.50),
                percentile(all, 0.99), errors.get());
    }

    /**
     * The CPU one report of each kind costs, asked one at a time (so nothing else of this run is counted): the director's
     * year, the director's month, an administrator's zone over a year, each 10 times after the run (and twice before,
     * not counted); PostgreSQL's (the
     * service's connections, from /proc) plus this JVM's (service and client), in milliseconds per report.
     */
    private static String cpuPerKind(HttpClient http, String base, Map<String, List<Long>> zones, DSLContext db,
            com.sun.management.OperatingSystemMXBean os) throws Exception {
        String[] names = {"year", "month", "zone-year"};
        String[] who = {"director", "director", "dispatcher-north"};
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Malta"));
        StringBuilder out = new StringBuilder("one at a time, CPU per report (PostgreSQL + this JVM):");
        for (int k = 0; k < 3; k++) {
            SplittableRandom random = new SplittableRandom(99 + k);
            String auth = "Basic " + Base64.getEncoder().encodeToString((who[k] + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            int reps = 10;
            long cpu0 = 0;
            long pg0 = 0;
            for (int i = -2; i < reps; i++) { // two first, not counted: the collector and compiler catch up
                if (i == 0) {
                    System.gc();
                    cpu0 = os.getProcessCpuTime();
                    pg0 = RunFacts.databaseCpuMillis(db, APPLICATION);
                }
                http.send(HttpRequest.newBuilder(URI.create(base + query(random, k, today, zones.get(who[k])))).timeout(Duration.ofSeconds(60))
                        .header("Authorization", auth).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            double pg = (RunFacts.databaseCpuMillis(db, APPLICATION) - pg0) / (double) reps;
            double jvm = (os.getProcessCpuTime() - cpu0) / 1e6 / reps;
            out.append(String.format(" %s %.0f + %.0f ms,", names[k], pg, jvm));
        }
        out.setLength(out.length() - 1);
        say("%s", out);
        return out.toString();
    }

    /** The per-report figures of the last measurement (year, month, one zone over a year), for the results file. */
    static String perKind = "";

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0.0 : sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e6;
    }

    private static List<long[]> run(HttpClient http, String base, int clients, int seconds, long seed, Map<String, List<Long>> zones,
            AtomicInteger errors) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Malta"));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                SplittableRandom random = new SplittableRandom(seed * 1000 + c);
                String who = USERS[c % USERS.length];
                String auth = "Basic " + Base64.getEncoder().encodeToString((who + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                futures.add(pool.submit(() -> {
                    long[] times = new long[1 << 12];
                    int n = 0;
                    int round = 0;
                    while (System.nanoTime() < end) {
                        int kind = round % 3;
                        String path = query(random, round++, today, zones.get(who));
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                                    .header("Authorization", auth).header("Accept", "application/json").GET().build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200 && errors.incrementAndGet() <= 5) {
                                say("error: %s %s %d %s", who, path, r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        if (n == times.length) {
                            times = Arrays.copyOf(times, n * 2);
                        }
                        times[n++] = (System.nanoTime() - t0) << 2 | kind;
                    }
                    return Arrays.copyOf(times, n);
                }));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    /** In turn: a year, a month (some month of the two years), one zone over a year. */
    static String query(SplittableRandom random, int round, LocalDate today, List<Long> zones) {
        return switch (round % 3) {
            case 0 -> {
                LocalDate to = today.minusDays(random.nextInt(365));
                yield "/api/reports?from=" + to.minusDays(364) + "&to=" + to;
            }
            case 1 -> {
                LocalDate from = today.minusDays(30 + random.nextInt(700)).withDayOfMonth(1);
                yield "/api/reports?from=" + from + "&to=" + from.plusMonths(1).minusDays(1);
            }
            default -> "/api/reports?from=" + today.minusDays(364) + "&to=" + today
                    + (zones.isEmpty() ? "" : "&zoneId=" + zones.get(random.nextInt(zones.size())));
        };
    }

    // ---- results ------------------------------------------------------------------------------------------------

    private static void record(String command, String commit, String company, String last) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("reports.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Reports over two years of history

                    `./fieldplan bench reports` (org.fieldplan.bench.reports.ReportsBenchmark): the real service in this JVM
                    on a generated company in the schema bench_reports (the demo's zones, administrators and technicians,
                    two departments with a head each, a director, 5,000 customers, 250,000 requests created over the last
                    730 days with their full status history, ratings, routes and finished visits), 8 HTTP clients in the
                    same JVM (director, heads, administrators) asking for whole reports (`GET /api/reports`: intake,
                    delivery, quality, money) over a year, over a month and over one zone for a year, for 60 s after a
                    15 s warm-up, on this 2-core machine shared with other work (load average column). Target: p99 at
                    most 1 s, no errors.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | company | result | per report | command |
                    |---|---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format("| %s | %s | %s | %s | %s | `%s` | %s | `%s` |%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), commit, System.getProperty("java.version"),
                RunFacts.loadAverage(), company, last, perKind, command);
        Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s", md);
    }

    static void say(String format, Object... args) {
        System.err.printf("reports bench: " + format + "%n", args);
    }
}
