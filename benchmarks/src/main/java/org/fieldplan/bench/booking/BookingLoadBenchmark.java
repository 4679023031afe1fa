package org.fieldplan.bench.booking;

import static org.fieldplan.bench.BenchArgs.positive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.UserAccounts;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.travel.GeoPoint;
import org.jooq.DSLContext;

/**
 * {@code ./fieldplan bench windows [--seconds 60] [--clients 32] [--rate R] [--seed 1] [--plan-seconds 30]}: 32
 * concurrent HTTP clients ask the running service for the booking windows of random Malta addresses and services (14
 * days x 6 windows each) for a fixed time, after a warm-up; with {@code --rate R} instead an open loop: one query due
 * every 1/R s whatever the service does, latency counted from the due time (no coordinated omission). Last line:
 * {@code window queries: N | p50 X ms | p99 Y ms | errors E}; the rate reached, p99.9, the maximum and the queries over
 * 100 ms go with it into benchmarks/results/windows.md.
 * <p>
 * {@code ./fieldplan bench booking-race [--bookings 200] [--windows 3] [--seed 1] [--plan-seconds 30] [--spread-ms 6000]}:
 * that many bookings within a few seconds (each with its own Idempotency-Key and customer) compete for a few windows at
 * a few addresses of one zone, while an administrator publishes a planning job over the same days, plans and
 * publishes a second one, and keeps applying board moves on those days; then every stored route of the bookable days is checked against the engine's hard rules and every
 * accepted booking is looked for on a route. Last line:
 * {@code bookings: A accepted | R rejected | 5xx F | overbooked O | lost L}.
 * <p>
 * Both run on a company of {@link BenchCompany} (1,000 requests, 60 technicians, 6 zones, 14 days) in the schema
 * {@value BenchCompany#SCHEMA} of the database {@code ./fieldplan db} starts; results are appended to
 * benchmarks/results/booking.md with the command, commit, JDK and load average.
 */
public final class BookingLoadBenchmark {

    private static final Pattern WINDOW = Pattern.compile(
            "\"date\":\"([0-9-]+)\",\"windows\":\\[(.*?)\\]\\}");

    private BookingLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("windows") || args[0].equals("booking-race"))) {
            System.err.println("usage: BookingLoadBenchmark windows|booking-race [--seconds N] [--clients N] [--rate N] [--bookings N]"
                    + " [--windows N] [--seed N] [--plan-seconds N] [--spread-ms N]");
            System.exit(2);
        }
        String mode = args[0];
        int seconds = 60;
        int clients = 32;
        int bookings = 200;
        int windows = 3;
        long seed = 1;
        int planSeconds = 30;
        int spread = 6000;
        int rate = 0;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seconds" -> seconds = positive(args[i], value);
                case "--clients" -> clients = positive(args[i], value);
                case "--bookings" -> bookings = positive(args[i], value);
                case "--windows" -> windows = positive(args[i], value);
                case "--seed" -> seed = positive(args[i], value);
                case "--plan-seconds" -> planSeconds = positive(args[i], value);
                case "--spread-ms" -> spread = positive(args[i], value);
                case "--rate" -> rate = positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --seconds --clients --rate --bookings --windows --seed --plan-seconds --spread-ms");
                    System.exit(2);
                }
            }
            i++;
        }
        COMMIT = org.fieldplan.bench.RunFacts.commit(); // the code measured: the working tree now, before the run (files may change meanwhile)
        String command = "./fieldplan bench " + String.join(" ", args);
        try (BenchCompany company = BenchCompany.start(seed, planSeconds, BookingLoadBenchmark::say)) {
            if (mode.equals("windows")) {
                Measured m = windows(company, seconds, clients, rate, seed);
                recordWindows(command, company, m);
                System.out.println(m.last());
            } else {
                String last = race(company, bookings, windows, seed, spread);
                record(command, company, last);
                System.out.println(last);
            }
        }
        System.exit(0);
    }

    // ---- windows ------------------------------------------------------------------------------------------------

    /** What one window run measured: the last line and what goes beside it into the results file. */
    record Measured(String last, String mode, double perSecond, double p999Millis, double maxMillis, int over100,
            long count) {}

    private static Measured windows(BenchCompany company, int seconds, int clients, int rate, long seed) throws Exception {
        // clients on virtual threads, like the service's request handling: they share the carrier threads fairly
        // instead of 32 platform threads crowding out the service's two carriers on a 2-core machine
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        String base = "http://127.0.0.1:" + company.port;
        List<GeoPoint> addresses = company.spareAddresses;
        String[] services = {"meter-verification", "meter-installation", "cleaning", "electrical"};
        // warm-up: the first query prepares the booking horizon; then the JIT
        say("warming up ...");
        SplittableRandom warm = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            query(http, base, addresses.get(warm.nextInt(addresses.size())), services[warm.nextInt(services.length)]);
        }
        // then the same load, not counted, until the JIT has compiled the hot paths (steady state)
        // rounds of 10 s until the JIT has seen enough queries (a loaded machine answers few in 10 s), 2 minutes at most
        int warmed = 0;
        long warmEnd = System.nanoTime() + WARM_UP_MAX_SECONDS * 1_000_000_000L;
        for (int round = 0; warmed < WARM_UP_QUERIES && System.nanoTime() < warmEnd; round++) {
            say("%d clients for %d s of warm-up (not counted; %d warm-up queries so far) ...", clients, WARM_UP_SECONDS, warmed);
            warmed += load(company, addresses, services, clients, WARM_UP_SECONDS, seed + 7 + round, new AtomicInteger(),
                    new AtomicInteger()).stream().mapToInt(a -> a.length).sum();
        }
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger available = new AtomicInteger();
        List<long[]> parts;
        String mode;
        if (rate > 0) {
            say("open loop: %d queries a second for %d s (latency from each query's scheduled send time) ...", rate, seconds);
            parts = List.of(openLoop(company, addresses, services, rate, seconds, seed, errors, available));
            mode = "open loop, " + rate + "/s";
        } else {
            say("%d clients for %d s ...", clients, seconds);
            parts = load(company, addresses, services, clients, seconds, seed, errors, available);
            mode = "closed loop, " + clients + " clients";
        }
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double p50 = all[all.length / 2] / 1e6;
        double p99 = all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;
        double p999 = all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.999) - 1)] / 1e6;
        double max = all[all.length - 1] / 1e6;
        int over100 = 0;
        for (long t : all) {
            if (t > 100_000_000L) {
                over100++;
            }
        }
        double perSecond = all.length / (double) seconds;
        say("%d queries in %d s (%.0f per second), %d with at least one free window, p99.9 %.1f ms, max %.1f ms,"
                + " %d over 100 ms", all.length, seconds, perSecond, available.get(), p999, max, over100);
        String last = String.format("window queries: %d | p50 %.1f ms | p99 %.1f ms | errors %d", all.length, p50, p99,
                errors.get());
        return new Measured(last, mode, perSecond, p999, max, over100, all.length);
    }

    /**
     * Open loop: query i is due at start + i / rate, whatever happened to the ones before (a new connection is opened
     * when every open one is busy), and its latency counts from that due time, not from when it was actually sent: a
     * stall of the service shows as the latency of every query that fell due meanwhile (no coordinated omission).
     */
    private static long[] openLoop(BenchCompany company, List<GeoPoint> addresses, String[] services, int rate,
            int seconds, long seed, AtomicInteger errors, AtomicInteger available) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        java.util.concurrent.ConcurrentLinkedQueue<PlainHttp> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger opened = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(seed);
        String[] paths = new String[total];
        for (int i = 0; i < total; i++) {
            GeoPoint p = addresses.get(random.nextInt(addresses.size()));
            paths[i] = "/api/public/windows?lat=" + p.lat() + "&lon=" + p.lon() + "&service="
                    + services[random.nextInt(services.length)];
        }
        CountDownLatch done = new CountDownLatch(total);
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000L;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * interval);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                int n = i;
                senders.execute(() -> {
                    PlainHttp client = idle.poll();
                    if (client == null) {
                        client = new PlainHttp("127.0.0.1", company.port);
                        opened.incrementAndGet();
                    }
                    PlainHttp.Response r;
                    try {
                        r = client.get(paths[n]);
                    } catch (IOException e) {
                        r = null;
                    }
                    latencies[n] = System.nanoTime() - due;
                    if (r == null || r.status() != 200 || !r.body().contains("\"days\"")) {
                        errors.incrementAndGet();
                    } else if (r.body().contains("\"available\":true")) {
                        available.incrementAndGet();
                    }
                    idle.add(client);
                    done.countDown();
                });
            }
            done.await();
        }
        idle.forEach(PlainHttp::close);
        say("open loop: %d connections were needed", opened.get());
        return latencies;
    }

    static final int WARM_UP_SECONDS = 10;
    /** warm-up queries wanted before measuring (the hot paths compiled), within {@link #WARM_UP_MAX_SECONDS} */
    static final int WARM_UP_QUERIES = 20_000;
    static final int WARM_UP_MAX_SECONDS = 120;

    /** {@code clients} clients querying windows for {@code seconds}; each client's latencies in nanoseconds. */
    private static List<long[]> load(BenchCompany company, List<GeoPoint> addresses, String[] services, int clients,
            int seconds, long seed, AtomicInteger errors, AtomicInteger available) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long clientSeed = seed * 1000 + c;
            futures.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(clientSeed);
                long[] latencies = new long[1 << 16];
                int n = 0;
                try (PlainHttp client = new PlainHttp("127.0.0.1", company.port)) {
                    while (System.nanoTime() < end) {
                        GeoPoint p = addresses.get(random.nextInt(addresses.size()));
                        String path = "/api/public/windows?lat=" + p.lat() + "&lon=" + p.lon() + "&service="
                                + services[random.nextInt(services.length)];
                        long t0 = System.nanoTime();
                        PlainHttp.Response r;
                        try {
                            r = client.get(path);
                        } catch (IOException e) {
                            r = null;
                        }
                        long took = System.nanoTime() - t0;
                        if (r == null || r.status() != 200 || !r.body().contains("\"days\"")) {
                            errors.incrementAndGet();
                        } else if (r.body().contains("\"available\":true")) {
                            available.incrementAndGet();
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        pool.shutdown();
        return parts;
    }

    private static HttpResponse<String> query(HttpClient http, String base, GeoPoint p, String service) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/public/windows?lat=" + p.lat() + "&lon="
                    + p.lon() + "&service=" + service)).timeout(Duration.ofSeconds(30)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ---- booking race -------------------------------------------------------------------------------------------

    private static String race(BenchCompany company, int bookings, int windowCount, long seed, int spreadMillis) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(64)).build();
        String base = "http://127.0.0.1:" + company.port;
        // a few addresses with free cleaning windows (two-hour jobs: few fit in a window), the first free windows
        List<String[]> targets = new ArrayList<>(); // lat, lon, date, start
        SplittableRandom random = new SplittableRandom(seed);
        for (int tries = 0; targets.size() < windowCount && tries < 200; tries++) {
            GeoPoint p = company.spareAddresses.get(random.nextInt(company.spareAddresses.size()));
            HttpResponse<String> r = query(http, base, p, "cleaning");
            if (r == null || r.statusCode() != 200) {
                continue;
            }
            Matcher m = WINDOW.matcher(r.body());
            while (m.find()) {
                Matcher w = Pattern.compile("\"start\":\"([0-9:]+)\",\"end\":\"[0-9:]+\",\"available\":true").matcher(m.group(2));
                if (w.find()) {
                    targets.add(new String[] {String.valueOf(p.lat()), String.valueOf(p.lon()), m.group(1), w.group(1)});
                    break;
                }
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("no address with a free cleaning window was found; the company has no cleaners?");
        }
        say("%d bookings within %d ms for %d windows: %s", bookings, spreadMillis, targets.size(),
                targets.stream().map(t -> t[2] + " " + t[3] + " at " + t[0] + "," + t[1]).toList());

        // the office works on the same days meanwhile: a planning job over them is published, a second one is
        // planned and published while the bookings come in, and a dispatcher keeps moving visits on the board
        UserAccounts accounts = company.app.getBean(UserAccounts.class);
        accounts.createIfAbsent(new UserAccounts.NewAccount(STAFF_USER, STAFF_PASSWORD, "Benchmark administrator",
                "bench-admin@fieldplan.test", Set.of(Role.ADMINISTRATOR)));
        StaffClient staff = new StaffClient(company.port, STAFF_USER, STAFF_PASSWORD);
        List<LocalDate> days = targets.stream().map(t -> LocalDate.parse(t[2])).distinct().sorted().toList();
        LocalDate firstDay = days.getFirst();
        LocalDate lastDay = days.getLast();
        long job1 = staff.startJob(firstDay, lastDay, JOB_SECONDS);
        say("planning job %d over %s..%s (%d s) before the race: %s", job1, firstDay, lastDay, JOB_SECONDS,
                staff.awaitJob(job1, Duration.ofSeconds(JOB_SECONDS + 120)));
        AtomicInteger staff5xx = new AtomicInteger();
        List<String> jobOutcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean racing = new java.util.concurrent.atomic.AtomicBoolean(true);
        int[] moveCounts = new int[3];

        ExecutorService pool = Executors.newFixedThreadPool(bookings + 2);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> office = pool.submit(() -> {
            go.await();
            publish(staff, job1, jobOutcomes, staff5xx);
            long job2 = staff.startJob(firstDay, lastDay, 2);
            String status = staff.awaitJob(job2, Duration.ofSeconds(120));
            jobOutcomes.add("job " + job2 + " " + status);
            publish(staff, job2, jobOutcomes, staff5xx);
            return null;
        });
        Future<?> dispatcher = pool.submit(() -> {
            go.await();
            SplittableRandom moves = new SplittableRandom(seed + 99);
            while (racing.get()) {
                StaffClient.Moves m = staff.moveOnce(days.get(moves.nextInt(days.size())), moves);
                synchronized (moveCounts) {
                    moveCounts[0] += m.applied();
                    moveCounts[1] += m.refused();
                    moveCounts[2] += m.failed();
                }
            }
            return null;
        });
        List<Future<String[]>> futures = new ArrayList<>();
        SplittableRandom delays = new SplittableRandom(seed + 5);
        for (int i = 0; i < bookings; i++) {
            String[] t = targets.get(i % targets.size());
            int n = i;
            long delay = spreadMillis <= 0 ? 0 : delays.nextLong(spreadMillis);
            futures.add(pool.submit(() -> {
                go.await();
                Thread.sleep(delay);
                String body = """
                        {"lat": %s, "lon": %s, "addressLine": "Race street %d", "service": "cleaning", "quantity": 1,
                         "date": "%s", "start": "%s", "contact": {"name": "Racer %d", "phone": "+356 7700 %04d"}}"""
                        .formatted(t[0], t[1], n, t[2], t[3], n, n);
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/public/bookings"))
                        .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    return new String[] {String.valueOf(r.statusCode()), r.body()};
                } catch (IOException e) {
                    return new String[] {"599", e.toString()};
                }
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        int accepted = 0;
        int rejected = 0;
        int failed = 0;
        int other = 0;
        List<Long> acceptedIds = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        int duplicateNumbers = 0;
        for (Future<String[]> f : futures) {
            String[] r = f.get();
            int status = Integer.parseInt(r[0]);
            if (status == 201) {
                accepted++;
                Matcher id = Pattern.compile("\"requestId\":(\\d+)").matcher(r[1]);
                Matcher number = Pattern.compile("\"registrationNumber\":\"([^\"]+)\"").matcher(r[1]);
                if (id.find()) {
                    acceptedIds.add(Long.parseLong(id.group(1)));
                }
                if (number.find() && !numbers.add(number.group(1))) {
                    duplicateNumbers++;
                }
            } else if (status == 409) {
                rejected++;
            } else if (status >= 500) {
                failed++;
                say("5xx: %s", r[1]);
            } else {
                other++;
                say("unexpected %d: %s", status, r[1]);
            }
        }
        say("all bookings answered in %.1f s; other 4xx: %d", (System.nanoTime() - t0) / 1e9, other);
        office.get();
        racing.set(false);
        dispatcher.get();
        pool.shutdown();
        say("meanwhile: %s; board moves applied %d, refused %d, 5xx %d; staff 5xx %d", jobOutcomes, moveCounts[0],
                moveCounts[1], moveCounts[2], staff5xx.get());
        failed += moveCounts[2] + staff5xx.get();

        int overbooked = overbookedRoutes(company.app);
        DSLContext db = company.app.getBean(DSLContext.class);
        // every accepted booking stored, scheduled and on a route; no registration number twice
        int lost = duplicateNumbers + notOnARoute(db, acceptedIds);
        lost += accepted - acceptedIds.size();
        return String.format("bookings: %d accepted | %d rejected | 5xx %d | overbooked %d | lost %d", accepted,
                rejected + other, failed, overbooked, lost);
    }

    /** Routes of the bookable days that break a hard rule of the engine (each printed). */
    static int overbookedRoutes(org.springframework.context.ApplicationContext app) {
        PlanningProblems problems = app.getBean(PlanningProblems.class);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Malta"));
        int overbooked = 0;
        for (int d = 1; d <= BenchCompany.DAYS; d++) {
            LoadedPlan loaded = problems.load(PlanScope.day(today.plusDays(d)));
            FieldPlan plan = loaded.plan();
            PlanSolver.score(plan);
            for (Shift shift : plan.getShifts()) {
                boolean broken = shift.secondsAfterLatestEnd() > 0 || shift.unreachableLegCount() > 0
                        || shift.breakLateSeconds() > 0;
                for (Visit v : shift.getVisits()) {
                    broken |= v.secondsLateForWindow() > 0 || v.missingSkillCount() > 0
                            || v.secondsOutsideZoneSchedule() > 0 || v.secondsAfterDeadline() > 0;
                }
                if (broken) {
                    overbooked++;
                    say("route %s breaks a hard rule", shift.getId());
                }
            }
            if (plan.getScore() != null && plan.getScore().hardScore() < 0) {
                say("day %s: hard score %s", today.plusDays(d), plan.getScore());
            }
        }
        return overbooked;
    }

    /** Accepted bookings whose request is not scheduled on a stored route (each printed). */
    static int notOnARoute(DSLContext db, List<Long> acceptedIds) {
        int lost = 0;
        for (long id : acceptedIds) {
            boolean onRoute = db.fetchExists(db.selectOne().from("route_stop s").join("service_request r")
                    .on("r.id = s.request_id").where("r.id = ? AND r.status = 'scheduled'", id));
            if (!onRoute) {
                lost++;
                say("accepted booking (request %d) is not on a route", id);
            }
        }
        return lost;
    }

    private static final String STAFF_USER = "bench-admin";
    private static final String STAFF_PASSWORD = "bench-admin-password";
    private static final int JOB_SECONDS = 5;

    /** Publishes a finished job; a 409 (the routes changed since it loaded) is an honest answer, a 5xx is counted. */
    private static void publish(StaffClient staff, long job, List<String> outcomes, AtomicInteger staff5xx) {
        StaffClient.Answer a = staff.post("/api/plan-jobs/" + job + "/publish", null);
        if (a.status() >= 500 || a.status() == 0) {
            staff5xx.incrementAndGet();
            say("publish of job %d: %d %s", job, a.status(), a.body());
        }
        outcomes.add("publish " + job + ": " + a.status());
    }

    // ---- results ------------------------------------------------------------------------------------------------

    private static void record(String command, BenchCompany company, String last) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("booking.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Booking API under load

                    `./fieldplan bench windows` and `./fieldplan bench booking-race` (org.fieldplan.bench.booking): the real
                    service in this JVM on a generated Malta company (demo zones and service types, 60 technicians, 1,000
                    agreed requests planned over 14 days), HTTP clients in the same JVM, on this 2-core machine.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | company | result | command |
                    |---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format("| %s | %s | %s | %s | %d routed visits on %d routes | `%s` | `%s` |%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), COMMIT, System.getProperty("java.version"),
                org.fieldplan.bench.RunFacts.loadAverage(), company.routedVisits, company.routes, last, command);
        Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s", md);
    }

    /** Appends one window run to benchmarks/results/windows.md: the mode, the rate reached and the maximum as well. */
    static void recordWindows(String command, BenchCompany company, Measured m) throws IOException {
        Path md = Path.of("benchmarks", "results", "windows.md");
        Files.createDirectories(md.getParent());
        if (!Files.exists(md)) {
            Files.writeString(md, WINDOWS_HEADER);
        }
        String row = String.format("| %s | %s | %s | %s | %s | %d routed visits on %d routes | %.0f/s | %.1f ms | %.1f ms | %d | `%s` | `%s` |%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), COMMIT, System.getProperty("java.version"),
                org.fieldplan.bench.RunFacts.loadAverage(), m.mode(), company.routedVisits, company.routes, m.perSecond(),
                m.p999Millis(), m.maxMillis(), m.over100(), m.last(), command);
        appendRow(md, row);
        say("results appended to %s", md);
    }

    /**
     * Puts {@code row} after the last row of the file's table of runs (the one whose header starts with "| date"), so
     * that the notes under it stay under it; at the end when there is no such table.
     */
    static void appendRow(Path md, String row) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(md, StandardCharsets.UTF_8));
        int at = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| date")) {
                at = i + 1;
                while (at < lines.size() && lines.get(at).startsWith("|")) {
                    at++;
                }
                break;
            }
        }
        lines.add(at, row.strip());
        Files.writeString(md, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static final String WINDOWS_HEADER = """
            # Window search under load (issue 18)

            `./fieldplan bench windows` (closed loop: N clients, each sends its next query when the last one is answered;
            `--rate R`: open loop, a query due every 1/R s, latency from its due time) and `./fieldplan bench windows-wrk`
            (wrk, 32 connections, against the service started as its own process like `./fieldplan demo`). Targets on 2
            cores: >= 3,000 queries/s with 32 clients, p99 <= 20 ms, nothing over 100 ms; open loop at 200/s p99 <= 5 ms.
            Every row says the load average of the shared machine when it ran. What the time goes to: see the end.

            | date (UTC) | commit | JDK | load avg 1/5/15 | mode | company | queries/s | p99.9 | max | over 100 ms | result | command |
            |---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    private static String COMMIT = "unknown";

    static void say(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }

    static void say(String text) {
        System.out.println("[bench] " + text);
    }
}
