package org.fieldplan.bench.desk;

import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_ENTRY;
import static org.fieldplan.bench.BenchArgs.positive;
import static org.fieldplan.bench.BenchArgs.env;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
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
import java.time.OffsetDateTime;
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
import org.fieldplan.api.address.AddressImport;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.request.RequestImport;
import org.fieldplan.api.request.RequestImport.Historical;
import org.fieldplan.api.request.RequestSource;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.bench.RunFacts;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Point;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./fieldplan bench desk [--seconds 60] [--clients 16] [--requests 100000] [--seed 1] [--pool N] [--reuse]}: the real service in this
 * JVM on a generated company in its own schema ({@value #SCHEMA}, dropped and made afresh): the demo's six zones,
 * dispatchers and service types, 60 technicians, 5,000 customers, and a year of history (100,000 requests at addresses
 * of the map's address index, created over the last 365 days, most of the old ones closed, the recent ones along the
 * lifecycle), stored through the request feature's import. Then 16 concurrent HTTP clients (administrator and the three
 * dispatchers, each signed in through the login form: a session, as the desk pages have) page through filtered, sorted request lists ({@code GET /api/desk/requests}: status, zone, source,
 * overdue, forgotten, date ranges, pages deep into the list) and run text searches (customer names, phone digits,
 * registration numbers, streets) for a fixed time after a warm-up. Last line:
 * {@code desk queries: N | p50 X ms | p99 Y ms | errors E}. Results are appended to benchmarks/results/desk.md.
 */
public final class DeskBenchmark {

    static final String SCHEMA = "bench_desk";
    static final int TECHNICIANS = 60;
    static final int CUSTOMERS = 5000;
    static final int WARM_UP_SECONDS = 20;
    static final String PASSWORD = "fieldplan-demo";
    static final String APPLICATION = "fieldplan-bench-desk";
    /** PostgreSQL's and this JVM's CPU per query of the measured run, for the results row. */
    private static String cpuPerQuery = "—";
    /** p50 and p99 per kind of query of the measured run, for the results row. */
    private static String perKind = "—";
    /** The service's connection pool (Hikari) with {@code --pool N}; 0: the service's own setting. */
    private static int poolSize = 0;

    private static final String[] FIRST = {"Maria", "Joseph", "Carmen", "Paul", "Rita", "John", "Grace", "Mark",
            "Anna", "Michael", "Светлана", "Иван", "Ольга", "Пётр", "Наталья", "Сергей", "Ġorġ", "Ċensina", "Żaren", "Ħelen"};
    private static final String[] LAST = {"Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Galea", "Micallef",
            "Grech", "Attard", "Spiteri", "Azzopardi", "Mifsud", "Agius", "Cassar", "Pace", "Ellul", "Debono", "Caruana",
            "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Волков",
            "Ċini", "Żammit", "Ħili", "Ġauċi", "Schembri", "Buttigieg", "Xuereb", "Bonello", "Sultana", "Calleja"};
    private static final String[] SEARCH_WORDS = {"borg", "camilleri", "vella", "zammit", "галеа", "иванов", "смирнов",
            "кузнецов", "cini", "hili", "gauci", "triq", "kbira", "mosta", "sliema", "birkirkara", "valletta", "rabat",
            "paola", "naxxar", "san", "pawl", "ġorġ", "żaren", "ольга", "пётр", "петр"};

    private DeskBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        int clients = 16;
        int requests = 100_000;
        long seed = 1;
        boolean reuse = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--reuse")) {
                reuse = true;
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seconds" -> seconds = positive(args[i], value);
                case "--clients" -> clients = positive(args[i], value);
                case "--requests" -> requests = positive(args[i], value);
                case "--seed" -> seed = positive(args[i], value);
                case "--pool" -> poolSize = positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --seconds --clients --requests --seed --pool --reuse");
                    System.exit(2);
                }
            }
            i++;
        }
        String commit = RunFacts.commit();
        String command = "./fieldplan bench desk" + (args.length == 0 ? "" : " " + String.join(" ", args));
        String last;
        String company;
        try (ConfigurableApplicationContext app = start(reuse)) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
            company = reuse ? describe(app.getBean(DSLContext.class)) : generate(app, requests, seed);
            last = load(port, clients, seconds, seed, zonesOfUsers(app.getBean(DSLContext.class)), app.getBean(DSLContext.class));
        }
        record(command, commit, company, last);
        System.out.println(last);
        System.exit(0);
    }

    // ---- the company ----------------------------------------------------------------------------------------------

    /**
     * Starts the service on the schema: dropped and made afresh, or with {@code --reuse} the company a previous run
     * generated (for profiling one change after another without generating a year each time; fails when there is none).
     */
    private static ConfigurableApplicationContext start(boolean reuse) throws Exception {
        String url = env("FIELDPLAN_DB_URL", "jdbc:postgresql://127.0.0.1:5433/fieldplan");
        String user = env("FIELDPLAN_DB_USER", "fieldplan");
        String password = env("FIELDPLAN_DB_PASSWORD", "fieldplan");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            if (!reuse) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            } else if (!s.executeQuery("SELECT to_regclass('" + SCHEMA + ".service_request') IS NOT NULL").next()) {
                throw new IllegalStateException("--reuse: no generated company in the schema " + SCHEMA);
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", user);
        props.put("spring.datasource.password", password);
        if (poolSize > 0) { // otherwise the service's own pool (application.yml); Hikari keeps it full either way
            props.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(poolSize));
            props.put("spring.datasource.hikari.minimum-idle", Integer.toString(poolSize));
        }
        props.put("spring.datasource.hikari.data-source-properties.ApplicationName", APPLICATION);
        props.put("spring.datasource.hikari.connection-init-sql", "SET search_path TO " + SCHEMA + ", public");
        props.put("spring.flyway.schemas", SCHEMA);
        props.put("spring.flyway.default-schema", SCHEMA);
        // --reuse: a company generated before a lower-numbered migration joined main (each feature has its range)
        props.put("spring.flyway.out-of-order", "true");
        props.put("fieldplan.data-dir", env("FIELDPLAN_DATA_DIR", "../shared/data"));
        props.put("fieldplan.notifications.scheduling", "false");
        props.put("fieldplan.security.bcrypt-strength", "4");
        props.put("fieldplan.addresses.import-on-start", "false");
        // every client signs in from 127.0.0.1: lift the sign-in form's per-address limit explicitly (docs/limits.md)
        props.put("fieldplan.limits.login-form", "1000000/1m");
        props.put("server.tomcat.threads.max", "64");
        props.put("logging.level.root", "warn");
        props.put("spring.main.banner-mode", "off");
        say("starting the service on a fresh schema %s ...", SCHEMA);
        return new SpringApplicationBuilder(FieldPlanApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private record Place(String street, String number, String locality, double lat, double lon) {}

    private static String generate(ConfigurableApplicationContext app, int requests, long seed) {
        DSLContext db = app.getBean(DSLContext.class);
        SplittableRandom random = new SplittableRandom(seed);
        say("loading the demo company (zones, dispatchers, service types) and the address index ...");
        app.getBean(MaltaDemoLoader.class).load();
        app.getBean(AddressImport.class).ensureCurrent();

        // 60 technicians (40 beside the demo's 20)
        int existing = db.fetchCount(TECHNICIAN);
        for (int i = existing; i < TECHNICIANS; i++) {
            db.insertInto(TECHNICIAN).set(TECHNICIAN.NAME, "Bench Technician " + (i + 1))
                    .set(TECHNICIAN.HOME, Geo.point(35.9 + random.nextDouble() * 0.02, 14.45 + random.nextDouble() * 0.02))
                    .execute();
        }
        List<Long> technicians = db.select(TECHNICIAN.ID).from(TECHNICIAN).fetch(TECHNICIAN.ID);

        // 5,000 customers with Maltese, English and Russian names, phones and e-mails
        int have = db.fetchCount(CUSTOMER);
        for (int start = have; start < CUSTOMERS; start += 1000) {
            var insert = db.insertInto(CUSTOMER, CUSTOMER.NAME, CUSTOMER.PHONE, CUSTOMER.EMAIL);
            for (int i = start; i < Math.min(CUSTOMERS, start + 1000); i++) {
                String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
                insert = insert.values(name, String.format("+356 %04d %04d", 2000 + random.nextInt(8000), random.nextInt(10000)),
                        "customer" + i + "@bench.test");
            }
            insert.execute();
        }
        List<Long> customers = db.select(CUSTOMER.ID).from(CUSTOMER).fetch(CUSTOMER.ID);
        List<Long> services = db.select(SERVICE_TYPE.ID).from(SERVICE_TYPE).fetch(SERVICE_TYPE.ID);

        // addresses: the map's doors and streets (most of them inside the demo zones, some outside every zone)
        List<Place> places = db.select(ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.HOUSE_NUMBER, ADDRESS_ENTRY.LOCALITY,
                        ADDRESS_ENTRY.LOCATION).from(ADDRESS_ENTRY)
                .fetch(r -> new Place(r.value1(), r.value2() == null ? Integer.toString(1 + random.nextInt(120)) : r.value2(),
                        r.value3(), ((Point) r.value4()).getY(), ((Point) r.value4()).getX()));
        List<Place> inZones = new ArrayList<>();
        var zoneAreas = db.select(ZONE.AREA).from(ZONE).fetch(ZONE.AREA);
        for (Place p : places) {
            Point point = Geo.point(p.lat(), p.lon());
            if (zoneAreas.stream().anyMatch(a -> a.covers(point))) {
                inZones.add(p);
            }
        }
        say("%d addresses of the index, %d of them inside the demo zones", places.size(), inZones.size());

        // a year of history
        say("importing %d requests created over the last 365 days ...", requests);
        ZoneId malta = ZoneId.of("Europe/Malta");
        OffsetDateTime now = OffsetDateTime.now(malta);
        RequestSource[] sources = RequestSource.values();
        long[] ages = new long[requests];
        for (int i = 0; i < requests; i++) {
            ages[i] = (long) (random.nextDouble() * 365 * 24 * 3600);
        }
        Arrays.sort(ages);
        RequestImport importer = app.getBean(RequestImport.class);
        CurrentUser office = CurrentUser.system("benchmark import");
        long started = System.nanoTime();
        List<Historical> batch = new ArrayList<>();
        for (int i = requests - 1; i >= 0; i--) {
            OffsetDateTime created = now.minusSeconds(ages[i]);
            double ageDays = ages[i] / 86400.0;
            RequestStatus status = status(ageDays, random);
            Place p = random.nextInt(10) == 0 ? places.get(random.nextInt(places.size()))
                    : inZones.get(random.nextInt(inZones.size()));
            boolean assigned = switch (status) {
                case SCHEDULED, IN_PROGRESS, DONE, ACCEPTED, DISPUTED -> true;
                default -> false;
            };
            OffsetDateTime deadline = created.toLocalDate().plusDays(3 + random.nextInt(19)).atTime(18, 0)
                    .atZone(malta).toOffsetDateTime();
            OffsetDateTime window = assigned ? deadline.minusDays(1 + random.nextInt(2)).withHour(8 + 2 * random.nextInt(4)) : null;
            OffsetDateTime updated = status == RequestStatus.NEW ? created
                    : created.plusMinutes(30 + random.nextInt(60 * 24 * 5));
            if (updated.isAfter(now)) {
                updated = now;
            }
            batch.add(new Historical(customers.get(random.nextInt(customers.size())),
                    p.street() + " " + p.number() + ", " + p.locality(), p.lat(), p.lon(),
                    services.get(random.nextInt(services.size())), 1 + random.nextInt(3),
                    sources[random.nextInt(sources.length)], 1 + random.nextInt(5), status,
                    assigned ? technicians.get(random.nextInt(technicians.size())) : null, created, updated, deadline,
                    window, window == null ? null : window.plusHours(2), null));
            if (batch.size() == 10_000) {
                importer.importAll(batch, office);
                batch.clear();
            }
        }
        importer.importAll(batch, office);
        // visibility map and statistics, as autovacuum would have them after a year (this schema's tables only)
        db.execute("VACUUM ANALYZE service_request, request_search, request_status_count, customer, service_request_history");
        say("imported in %.1f s", (System.nanoTime() - started) / 1e9);
        long zones = db.fetchCount(ZONE);
        return String.format("%d requests over 365 days, %d technicians, %d customers, %d zones", db.fetchCount(
                DSL.table("service_request")), technicians.size(), customers.size(), zones);
    }

    private static String describe(DSLContext db) {
        int requests = db.fetchCount(DSL.table("service_request"));
        if (requests == 0) {
            throw new IllegalStateException("--reuse: the schema " + SCHEMA + " has no requests; run without --reuse first");
        }
        say("reusing the company of a previous run: %d requests", requests);
        return String.format("%d requests over 365 days, %d technicians, %d customers, %d zones (reused)", requests,
                db.fetchCount(TECHNICIAN), db.fetchCount(CUSTOMER), db.fetchCount(ZONE));
    }

    /** The zones each client may name: every zone for the administrator, their own for a dispatcher. */
    private static Map<String, List<Long>> zonesOfUsers(DSLContext db) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        out.put("admin", db.select(ZONE.ID).from(ZONE).orderBy(ZONE.ID).fetch(ZONE.ID));
        for (String d : List.of("dispatcher-north", "dispatcher-central", "dispatcher-south")) {
            out.put(d, db.select(ZONE.ID).from(ZONE).join(APP_USER).on(APP_USER.ID.eq(ZONE.DISPATCHER_ID))
                    .where(APP_USER.USERNAME.eq(d)).orderBy(ZONE.ID).fetch(ZONE.ID));
        }
        return out;
    }

    /** Old requests are mostly closed; recent ones spread along the lifecycle; a few of every age are stuck. */
    private static RequestStatus status(double ageDays, SplittableRandom random) {
        int r = random.nextInt(100);
        if (ageDays > 30) {
            if (r < 70) {
                return RequestStatus.ACCEPTED;
            } else if (r < 82) {
                return RequestStatus.CANCELLED;
            } else if (r < 88) {
                return RequestStatus.REFUSED;
            } else if (r < 93) {
                return RequestStatus.DONE;
            } else if (r < 95) {
                return RequestStatus.DISPUTED;
            } else if (r < 97) {
                return RequestStatus.QUOTED;
            }
            return RequestStatus.NEW;
        }
        if (r < 25) {
            return RequestStatus.NEW;
        } else if (r < 40) {
            return RequestStatus.QUOTED;
        } else if (r < 55) {
            return RequestStatus.AGREED;
        } else if (r < 75) {
            return RequestStatus.SCHEDULED;
        } else if (r < 80) {
            return RequestStatus.IN_PROGRESS;
        } else if (r < 90) {
            return RequestStatus.DONE;
        } else if (r < 97) {
            return RequestStatus.ACCEPTED;
        }
        return RequestStatus.CANCELLED;
    }

    // ---- the load -------------------------------------------------------------------------------------------------

    private static String load(int port, int clients, int seconds, long seed, Map<String, List<Long>> zones,
            DSLContext db) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        String base = "http://127.0.0.1:" + port;
        // numbers to search for: a sample of the registration numbers, read as the administrator
        List<String> numbers = new ArrayList<>();
        HttpResponse<String> sample = get(http, base, "admin", "/api/desk/requests?size=200&sort=-created");
        for (String part : sample.body().split("\"number\":\"")) {
            if (part.length() > 11 && Character.isDigit(part.charAt(0))) {
                numbers.add(part.substring(0, 11));
            }
        }
        if (numbers.isEmpty()) {
            throw new IllegalStateException("no requests listed for the administrator: " + sample.statusCode() + " " + sample.body());
        }
        say("%d clients for %d s of warm-up (not counted) ...", clients, WARM_UP_SECONDS);
        run(http, base, clients, WARM_UP_SECONDS, seed + 7, numbers, zones, new AtomicInteger());
        say("%d clients for %d s ...", clients, seconds);
        AtomicInteger errors = new AtomicInteger();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long pg0 = RunFacts.databaseCpuMillis(db, APPLICATION);
        SLOWEST.clear();
        List<long[]> parts = run(http, base, clients, seconds, seed, numbers, zones, errors);
        long cpu = os.getProcessCpuTime() - cpu0;
        long pg = RunFacts.databaseCpuMillis(db, APPLICATION) - pg0;
        cpuPerQuery = String.format("%.1f + %.1f ms", pg / (double) Math.max(1, parts.stream().mapToInt(a -> a.length).sum()),
                cpu / 1e6 / Math.max(1, parts.stream().mapToInt(a -> a.length).sum()));
        // each entry: the time in nanoseconds times KINDS.length plus the kind of query
        List<String> kinds = new ArrayList<>();
        for (int k = 0; k < KINDS.length; k++) {
            int kind = k;
            long[] times = parts.stream().flatMapToLong(Arrays::stream).filter(t -> t % KINDS.length == kind)
                    .map(t -> t / KINDS.length).sorted().toArray();
            if (times.length > 0) {
                double kp50 = times[times.length / 2] / 1e6;
                double kp99 = times[(int) Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] / 1e6;
                say("  %-9s %5d queries  p50 %7.1f ms  p99 %7.1f ms", KINDS[k], times.length, kp50, kp99);
                kinds.add(String.format("%s %d: %.0f / %.0f", KINDS[k], times.length, kp50, kp99));
            }
        }
        perKind = String.join(", ", kinds);
        say("the slowest queries (ms, path):");
        SLOWEST.stream().sorted((a, b) -> Long.compare(b.nanos(), a.nanos())).limit(15)
                .forEach(s -> say("  %7.1f %s", s.nanos() / 1e6, s.path()));
        long[] all = parts.stream().flatMapToLong(Arrays::stream).map(t -> t / KINDS.length).sorted().toArray();
        double p50 = all[all.length / 2] / 1e6;
        double p99 = all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;
        say("PostgreSQL (the service's connections) used %.1f ms of CPU per query; with this JVM's, %.1f ms of the "
                + "machine's %d cores per query whatever else runs (%.0f queries per second at most on them alone)",
                pg / (double) all.length, pg / (double) all.length + cpu / 1e6 / all.length,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors() * 1000.0
                        / (pg / (double) all.length + cpu / 1e6 / all.length));
        say("%d queries in %d s (%.0f per second), max %.1f ms; this JVM (service and clients) used %.1f ms of CPU per "
                + "query, load average %s", all.length, seconds, all.length / (double) seconds, all[all.length - 1] / 1e6,
                cpu / 1e6 / all.length, RunFacts.loadAverage());
        return String.format("desk queries: %d | p50 %.1f ms | p99 %.1f ms | errors %d", all.length, p50, p99, errors.get());
    }

    private static List<long[]> run(HttpClient http, String base, int clients, int seconds, long seed,
            List<String> numbers, Map<String, List<Long>> zones, AtomicInteger errors) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                SplittableRandom random = new SplittableRandom(seed * 1000 + c);
                String who = c % 4 == 0 ? "admin" : List.of("dispatcher-north", "dispatcher-central", "dispatcher-south").get(c % 3);
                HttpClient session = signIn(base, who);
                futures.add(pool.submit(() -> {
                    long[] times = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        String path = query(random, numbers, zones.get(who));
                        int kind = kindOf(path);
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = session.send(HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                if (errors.incrementAndGet() <= 5) {
                                    say("error: %s %d %s", path, r.statusCode(), r.body());
                                }
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        if (n == times.length) {
                            times = Arrays.copyOf(times, n * 2);
                        }
                        long took = System.nanoTime() - t0;
                        times[n++] = took * KINDS.length + kind;
                        slow(who + " " + path, took);
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

    private record Slow(String path, long nanos) {}

    /** The slowest queries of the measured run (at most 64 kept), printed to see which filters make the tail. */
    private static final List<Slow> SLOWEST = new ArrayList<>();

    private static synchronized void slow(String path, long nanos) {
        if (SLOWEST.size() < 64) {
            SLOWEST.add(new Slow(path, nanos));
            return;
        }
        int min = 0;
        for (int i = 1; i < SLOWEST.size(); i++) {
            if (SLOWEST.get(i).nanos() < SLOWEST.get(min).nanos()) {
                min = i;
            }
        }
        if (SLOWEST.get(min).nanos() < nanos) {
            SLOWEST.set(min, new Slow(path, nanos));
        }
    }

    private static final String[] STATUS_SETS = {"new", "new,quoted", "quoted,agreed", "scheduled", "scheduled,in_progress",
            "done,disputed", "accepted", "cancelled,refused", ""};
    private static final String[] SORTS = {"-created", "created", "deadline", "-deadline", "-priority,deadline", "number",
            "-updated", "status,-created"};

    /** The kinds of query {@link #query} makes, for the times per kind printed before the last line. */
    static final String[] KINDS = {"page", "attention", "period", "words", "phone", "number"};

    static int kindOf(String path) {
        if (path.contains("&q=")) {
            String q = path.substring(path.indexOf("&q=") + 3);
            return q.matches("\\d{4}") ? 4 : q.matches("\\d{4}-\\d+") ? 5 : 3;
        }
        if (path.contains("overdue=") || path.contains("forgotten=")) {
            return 1;
        }
        return path.contains("From=") ? 2 : 0;
    }

    /** One desk query: mostly filtered pages, a third text searches. */
    static String query(SplittableRandom random, List<String> numbers, List<Long> zones) {
        StringBuilder q = new StringBuilder("/api/desk/requests?size=50");
        int kind = random.nextInt(100);
        if (kind < 35) { // a filtered page, sorted, sometimes deep
            String statuses = STATUS_SETS[random.nextInt(STATUS_SETS.length)];
            if (!statuses.isEmpty()) {
                q.append("&status=").append(statuses);
            }
            if (random.nextBoolean() && !zones.isEmpty()) {
                q.append("&zoneId=").append(zones.get(random.nextInt(zones.size())));
            }
            q.append("&sort=").append(SORTS[random.nextInt(SORTS.length)]);
            q.append("&page=").append(random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(3));
        } else if (kind < 45) { // what needs attention
            q.append(random.nextBoolean() ? "&overdue=true" : "&forgotten=true").append("&sort=deadline");
        } else if (kind < 55) { // a period
            LocalDate from = LocalDate.now().minusDays(random.nextInt(360));
            q.append(random.nextBoolean() ? "&createdFrom=" : "&deadlineFrom=").append(from)
                    .append(random.nextBoolean() ? "&createdTo=" : "&deadlineTo=").append(from.plusDays(7 + random.nextInt(30)));
            if (random.nextBoolean()) {
                q.append("&source=").append(RequestSource.values()[random.nextInt(RequestSource.values().length)].code());
            }
        } else if (kind < 75) { // a name, a street or a town, maybe with a status
            q.append("&q=").append(enc(SEARCH_WORDS[random.nextInt(SEARCH_WORDS.length)]));
            if (random.nextBoolean()) {
                q.append("&status=").append("new,quoted,agreed,scheduled");
            }
        } else if (kind < 88) { // phone digits as a caller reads them
            q.append("&q=").append(String.format("%04d", random.nextInt(10000)));
        } else { // a registration number
            q.append("&q=").append(numbers.get(random.nextInt(numbers.size())));
        }
        return q.toString();
    }

    /**
     * A desk user's browser: signs in through the login form (the session cookie then carries every call, as on the
     * desk pages; HTTP Basic would verify the password's hash on every call).
     */
    private static HttpClient signIn(String base, String user) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("<input(?=[^>]*name=\"_csrf\")[^>]*value=\"([^\"]+)\"")
                .matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("the login page has no CSRF token: " + page.statusCode());
        }
        String form = "username=" + enc(user) + "&password=" + enc(PASSWORD) + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("signing in as " + user + " failed: " + login.statusCode() + " "
                    + login.headers().firstValue("Location").orElse(""));
        }
        return browser;
    }

    private static HttpResponse<String> get(HttpClient http, String base, String user, String path)
            throws IOException, InterruptedException {
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", auth).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- results ------------------------------------------------------------------------------------------------

    private static void record(String command, String commit, String company, String last) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("desk.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # The desk's request list under load

                    `./fieldplan bench desk` (org.fieldplan.bench.desk.DeskBenchmark): the real service in this JVM on a
                    generated Malta company in the schema bench_desk (the demo's zones and dispatchers, 60 technicians,
                    5,000 customers, 100,000 requests created over the last 365 days, imported through the request
                    feature), 16 HTTP clients in the same JVM (administrator and dispatchers signed in through the login
                    form, a session each, as the desk pages have) paging through
                    filtered and sorted lists and running text searches for 60 s after a 20 s warm-up, on this 2-core
                    machine shared with other work. Target: p99 at most 200 ms, no errors.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | company | CPU per query: PostgreSQL + this JVM | result | command | per kind: queries: p50 / p99 ms |
                    |---|---|---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format("| %s | %s | %s | %s | %s | %s | `%s` | `%s` | %s |%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), commit, System.getProperty("java.version"),
                RunFacts.loadAverage(), company, cpuPerQuery, last, command, perKind);
        Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s", md);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void say(String format, Object... args) {
        System.err.printf("desk bench: " + format + "%n", args);
    }
}
