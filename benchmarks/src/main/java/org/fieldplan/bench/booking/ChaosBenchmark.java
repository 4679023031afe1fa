package org.fieldplan.bench.booking;

import static org.fieldplan.bench.booking.BookingLoadBenchmark.say;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.UserAccounts;
import org.fieldplan.engine.travel.GeoPoint;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.fieldplan.bench.BenchArgs;

/**
 * {@code ./fieldplan bench chaos [--kills 6] [--seed S] [--plan-seconds 10] [--job-seconds 40]}: the service as its own
 * process (like {@code ./fieldplan demo}: {@code java -cp} the api classpath, its own port, its own schema
 * {@value #SCHEMA}) on a generated company ({@link BenchCompany}), sending its e-mail to an SMTP server in this JVM
 * (GreenMail). Bookings, board moves and a planning job go on while the service is killed with SIGKILL at random
 * moments (seeded; the seed is printed) and restarted each time; an interrupted job is resumed. Afterwards: every
 * booking answered 2xx is stored and on a route, no route breaks a hard rule, every job finished from its stored best
 * plan or is marked interrupted with a reason, and no notification reached the mail server twice in a way the server
 * could not recognise. Last line:
 * {@code chaos: K kills | bookings A accepted, lost L, overbooked O | jobs J, lost JL | notifications N, duplicates D}.
 * <p>
 * Duplicates: the service promises that a crash resends at most the one message in flight, with the same Message-ID
 * (docs/notifications.md). D counts what breaks that promise: the same notification (recipient, subject and text)
 * arriving under two different Message-IDs, plus same-Message-ID copies beyond one per kill. Same-Message-ID copies
 * within that bound are printed separately ("resent in flight").
 */
public final class ChaosBenchmark {

    static final String SCHEMA = "bench_chaos";
    private static final String STAFF_USER = "chaos-admin";
    private static final String STAFF_PASSWORD = "chaos-admin-password";
    private static final Pattern WINDOW = Pattern.compile("\"date\":\"([0-9-]+)\",\"windows\":\\[(.*?)\\]\\}");
    private static final Pattern FREE = Pattern.compile("\"start\":\"([0-9:]+)\",\"end\":\"[0-9:]+\",\"available\":true");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":(\\d+)");
    private static final String[] SERVICES = {"meter-verification", "meter-installation", "cleaning", "electrical"};

    private ChaosBenchmark() {}

    public static void main(String[] args) throws Exception {
        int kills = 6;
        long seed = System.nanoTime() & 0xffffff;
        int planSeconds = 10;
        int jobSeconds = 40;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--kills" -> kills = BenchArgs.positive(args[i], value);
                case "--seed" -> seed = BenchArgs.positive(args[i], value);
                case "--plan-seconds" -> planSeconds = BenchArgs.positive(args[i], value);
                case "--job-seconds" -> jobSeconds = BenchArgs.positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --kills --seed --plan-seconds --job-seconds");
                    System.exit(2);
                }
            }
            i++;
        }
        if (kills < 5) {
            System.err.println("--kills " + kills + ": at least 5 kills make a chaos run");
            System.exit(2);
        }
        String commit = org.fieldplan.bench.RunFacts.commit();
        String command = "./fieldplan bench chaos" + (args.length == 0 ? "" : " " + String.join(" ", args));
        say("seed %d (repeat with --seed %d)", seed, seed);
        ChaosBenchmark chaos = new ChaosBenchmark();
        String last = chaos.run(kills, seed, planSeconds, jobSeconds);
        record(command, commit, seed, last, chaos.details);
        System.out.println(last);
        System.exit(0);
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    private final Map<Long, Boolean> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger booking5xx = new AtomicInteger();
    private final AtomicInteger movesApplied = new AtomicInteger();
    private final AtomicInteger movesRefused = new AtomicInteger();
    private final AtomicInteger moves5xx = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> jobEvents = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile int port;
    /** What the results file says besides the last line: the load that went on and the in-flight resends. */
    private String details = "";

    private String run(int kills, long seed, int planSeconds, int jobSeconds) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        GreenMail smtp = new GreenMail(new ServerSetup(ServiceProcesses.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        say("SMTP server (GreenMail) on 127.0.0.1:%d", smtp.getSmtp().getPort());

        // the company, generated in this JVM, then the in-process service closed: from here on the service is a process
        List<GeoPoint> spare;
        try (BenchCompany company = BenchCompany.start(SCHEMA, seed, planSeconds, Map.of(), BookingLoadBenchmark::say)) {
            company.app.getBean(UserAccounts.class).createIfAbsent(new UserAccounts.NewAccount(STAFF_USER, STAFF_PASSWORD,
                    "Chaos administrator", "chaos-admin@fieldplan.test", Set.of(Role.ADMINISTRATOR)));
            spare = company.spareAddresses;
        }
        port = ServiceProcesses.freePort();
        Path logs = Files.createTempDirectory("fieldplan-chaos-");
        Service service = new Service(port, smtp.getSmtp().getPort(), logs);
        StaffClient staff = new StaffClient(port, STAFF_USER, STAFF_PASSWORD);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Malta"));
        LocalDate from = today.plusDays(1);
        LocalDate to = today.plusDays(3);

        service.start();
        long job = staff.startJob(from, to, jobSeconds);
        if (job < 0) {
            throw new IllegalStateException("the planning job could not be started");
        }
        say("planning job %d over %s..%s (%d s)", job, from, to, jobSeconds);
        List<Thread> workers = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            long clientSeed = seed * 31 + b;
            workers.add(Thread.ofVirtual().name("chaos-booker-" + b).start(() -> book(spare, new SplittableRandom(clientSeed))));
        }
        workers.add(Thread.ofVirtual().name("chaos-dispatcher").start(() -> move(staff, from, to, new SplittableRandom(seed + 17))));
        Thread resumer = Thread.ofVirtual().name("chaos-jobs").start(() -> keepJobGoing(staff, job, jobSeconds));

        for (int k = 1; k <= kills; k++) {
            long wait = 10_000 + random.nextLong(20_000);
            Thread.sleep(wait);
            String pending = ServiceProcesses.outboxCounts(SCHEMA);
            service.kill();
            say("kill %d of %d after %.1f s up (outbox %s); restarting ...", k, kills, wait / 1000.0, pending);
            service.start();
        }
        Thread.sleep(15_000); // the last instance works undisturbed for a while
        running.set(false);
        for (Thread w : workers) {
            w.join(Duration.ofSeconds(120));
        }
        // the job: resumed until it ends (or is interrupted with a reason and left so)
        resumer.join(Duration.ofSeconds(jobSeconds * 3L + 180));
        // the outbox: everything due has left
        for (int i = 0; i < 240 && ServiceProcesses.pendingNotifications(SCHEMA) > 0; i++) {
            Thread.sleep(500);
        }
        say("outbox at the end: %s", ServiceProcesses.outboxCounts(SCHEMA));
        service.stop();

        // ---- the checks, on the stored data ----
        int overbooked;
        int lost;
        try (ConfigurableApplicationContext app = BenchCompany.attach(SCHEMA, BookingLoadBenchmark::say)) {
            overbooked = BookingLoadBenchmark.overbookedRoutes(app);
            lost = BookingLoadBenchmark.notOnARoute(app.getBean(DSLContext.class), new ArrayList<>(accepted.keySet()));
        }
        int jobsLost = 0;
        try (Connection c = ServiceProcesses.connect(SCHEMA); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT status, error, best_plan IS NOT NULL FROM plan_job WHERE id = " + job)) {
            if (!r.next()) {
                jobsLost++;
                say("job %d is not stored", job);
            } else {
                String status = r.getString(1);
                String error = r.getString(2);
                boolean plan = r.getBoolean(3);
                boolean ok = (Set.of("finished", "stopped", "published").contains(status) && plan)
                        || (status.equals("interrupted") && error != null && !error.isBlank());
                say("job %d ends %s%s%s; %s", job, status, plan ? " with a stored plan" : " without a plan",
                        error == null ? "" : " (" + error + ")", jobEvents);
                if (!ok) {
                    jobsLost++;
                }
            }
        }

        // ---- notifications as the mail server received them ----
        MimeMessage[] received = smtp.getReceivedMessages();
        Map<String, Integer> byMessageId = new HashMap<>();
        Map<String, Set<String>> idsByContent = new HashMap<>();
        for (MimeMessage m : received) {
            String id = m.getHeader("Message-ID") == null ? "none-" + UUID.randomUUID() : m.getHeader("Message-ID")[0];
            byMessageId.merge(id, 1, Integer::sum);
            String content = m.getRecipients(Message.RecipientType.TO)[0] + "\n" + m.getSubject() + "\n" + m.getContent();
            idsByContent.computeIfAbsent(content, x -> new java.util.HashSet<>()).add(id);
        }
        int notifications = byMessageId.size();
        int resentInFlight = received.length - notifications;
        int underTwoIds = idsByContent.values().stream().mapToInt(ids -> ids.size() - 1).sum();
        int duplicates = underTwoIds + Math.max(0, resentInFlight - kills);
        int sentButMissing = sentNotReceived(byMessageId.keySet());
        smtp.stop();
        say("bookings: %d accepted, %d rejected, %d unanswered while the service was down, 5xx %d; board moves applied %d,"
                        + " refused %d, 5xx %d", accepted.size(), rejected.get(), unanswered.get(), booking5xx.get(),
                movesApplied.get(), movesRefused.get(), moves5xx.get());
        say("notifications: %d received, %d distinct Message-IDs, %d resent in flight with the same Message-ID (at most one"
                + " per kill: %d), %d under two Message-IDs, %d marked sent but never received", received.length,
                notifications, resentInFlight, kills, underTwoIds, sentButMissing);
        say("service logs in %s", logs);
        details = String.format("%d bookings rejected, %d booking calls unanswered while down; board moves %d applied, %d"
                        + " refused; job: %s; e-mails received %d, resent in flight with the same Message-ID %d",
                rejected.get(), unanswered.get(), movesApplied.get(), movesRefused.get(),
                jobEvents.isEmpty() ? "-" : jobEvents.getLast(), received.length, resentInFlight);
        return String.format("chaos: %d kills | bookings %d accepted, lost %d, overbooked %d | jobs %d, lost %d"
                + " | notifications %d, duplicates %d", kills, accepted.size(), lost, overbooked, 1, jobsLost, notifications,
                duplicates);
    }

    // ---- the load -----------------------------------------------------------------------------------------------

    /** A customer at a time: windows for a random address and service, then a booking of a free one, kept trying. */
    private void book(List<GeoPoint> addresses, SplittableRandom random) {
        int n = 0;
        while (running.get()) {
            GeoPoint p = addresses.get(random.nextInt(addresses.size()));
            String service = SERVICES[random.nextInt(SERVICES.length)];
            HttpResponse<String> windows = send("GET", "/api/public/windows?lat=" + p.lat() + "&lon=" + p.lon() + "&service="
                    + service, null, null);
            if (windows == null || windows.statusCode() != 200) {
                pause(300);
                continue;
            }
            List<String[]> free = new ArrayList<>();
            Matcher day = WINDOW.matcher(windows.body());
            while (day.find()) {
                Matcher w = FREE.matcher(day.group(2));
                while (w.find()) {
                    free.add(new String[] {day.group(1), w.group(1)});
                }
            }
            if (free.isEmpty()) {
                continue;
            }
            String[] slot = free.get(random.nextInt(Math.min(free.size(), 6))); // the first days, where the job and the moves are
            n++;
            String body = """
                    {"lat": %s, "lon": %s, "addressLine": "Chaos street %d", "service": "%s", "quantity": 1,
                     "date": "%s", "start": "%s", "contact": {"name": "Chaos %s", "phone": "+356 7900 %04d"}}"""
                    .formatted(p.lat(), p.lon(), n, service, slot[0], slot[1], Thread.currentThread().getName(), n % 10000);
            String key = UUID.randomUUID().toString();
            // the same Idempotency-Key until the service answers: a booking cut off by a kill is asked again
            for (int attempt = 0; attempt < 120; attempt++) {
                HttpResponse<String> r = send("POST", "/api/public/bookings", body, key);
                if (r == null) {
                    unanswered.incrementAndGet();
                    pause(500);
                    continue;
                }
                if (r.statusCode() == 201 || r.statusCode() == 200) {
                    Matcher id = REQUEST_ID.matcher(r.body());
                    if (id.find()) {
                        accepted.put(Long.parseLong(id.group(1)), Boolean.TRUE);
                    }
                } else if (r.statusCode() >= 500) {
                    booking5xx.incrementAndGet();
                    say("booking answered %d: %s", r.statusCode(), r.body());
                } else {
                    rejected.incrementAndGet();
                }
                break;
            }
        }
    }

    private void move(StaffClient staff, LocalDate from, LocalDate to, SplittableRandom random) {
        int days = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
        while (running.get()) {
            StaffClient.Moves m = staff.moveOnce(from.plusDays(random.nextInt(days)), random);
            movesApplied.addAndGet(m.applied());
            movesRefused.addAndGet(m.refused());
            moves5xx.addAndGet(m.failed());
            if (m.applied() + m.refused() + m.failed() == 0) {
                pause(300);
            }
        }
    }

    /** Resumes the job whenever a restarted service has marked it interrupted; returns when it has ended. */
    private void keepJobGoing(StaffClient staff, long job, int jobSeconds) {
        long end = System.nanoTime() + Duration.ofSeconds(jobSeconds * 4L + 600).toNanos();
        String previous = null;
        while (System.nanoTime() < end) {
            StaffClient.Answer a = staff.get("/api/plan-jobs/" + job);
            String status = a.ok() && a.json() != null ? a.json().get("status").asString() : null;
            if (status != null && !status.equals(previous)) {
                var assigned = a.json().get("assigned");
                jobEvents.add(status + (assigned == null || assigned.isNull() ? "" : " (" + assigned.asInt() + " assigned)"));
                previous = status;
            }
            if ("interrupted".equals(status)) {
                StaffClient.Answer resumed = staff.post("/api/plan-jobs/" + job + "/resume?seconds=" + Math.max(5, jobSeconds / 2), null);
                jobEvents.add("resume: " + resumed.status());
            } else if (status != null && !running.get() && !status.equals("queued") && !status.equals("solving")) {
                return;
            }
            pause(1000);
        }
    }

    private HttpResponse<String> send(String method, String path, String json, String idempotencyKey) {
        return ServiceProcesses.send(http, port, method, path, json, idempotencyKey);
    }

    private static void pause(long millis) {
        ServiceProcesses.pause(millis);
    }

    // ---- the service process ------------------------------------------------------------------------------------

    /** The service as a child process: the api classpath, like {@code ./fieldplan demo}. */
    private final class Service {
        private final int port;
        private final int smtpPort;
        private final Path logs;
        private Process process;
        private int starts;

        Service(int port, int smtpPort, Path logs) {
            this.port = port;
            this.smtpPort = smtpPort;
            this.logs = logs;
        }

        void start() throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10", "-Xmx1500m"));
            command.add("-cp");
            command.add(ServiceProcesses.apiClasspath());
            command.add("org.fieldplan.api.FieldPlanApplication");
            Map<String, Object> props = new LinkedHashMap<>(BenchCompany.serviceProperties(SCHEMA));
            props.put("server.port", String.valueOf(port));
            props.put("spring.datasource.hikari.maximum-pool-size", "16");
            props.put("fieldplan.notifications.scheduling", "true");
            props.put("fieldplan.notifications.sender", "smtp");
            props.put("fieldplan.notifications.from", "dispatch@chaos.fieldplan.test");
            props.put("fieldplan.notifications.fallback-address", "desk@chaos.fieldplan.test");
            props.put("fieldplan.notifications.drain-interval", "PT1S");
            props.put("fieldplan.notifications.drain-initial-delay", "PT1S");
            props.put("spring.mail.host", "127.0.0.1");
            props.put("spring.mail.port", String.valueOf(smtpPort));
            props.put("logging.level.org.fieldplan", "info");
            props.putAll(ChaosBenchmark.serviceOverrides());
            props.forEach((k, v) -> command.add("--" + k + "=" + v));
            starts++;
            File log = logs.resolve("service-" + starts + ".log").toFile();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            long t0 = System.nanoTime();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
                }
                HttpResponse<String> me = send("GET", "/api/me", null, null);
                if (me != null && me.statusCode() == 401) {
                    break;
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("the service did not come up within 5 minutes; see " + log);
                }
                Thread.sleep(250);
            }
            say("service process %d up on :%d in %.1f s", process.pid(), port, (System.nanoTime() - t0) / 1e9);
        }

        /** SIGKILL: no shutdown hook, no commit, no goodbye. */
        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Extra properties for the service process, from {@code -Dchaos.service.NAME=VALUE} (e.g. rate limits). */
    static Map<String, String> serviceOverrides() {
        Map<String, String> extra = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("chaos.service.")) {
                extra.put(k.toString().substring("chaos.service.".length()), v.toString());
            }
        });
        return extra;
    }

    // ---- the database, read directly ----------------------------------------------------------------------------

    /** Outbox rows marked sent whose Message-ID the mail server never saw (the outbox id is its first part). */
    private static int sentNotReceived(Set<String> messageIds) throws SQLException {
        Set<Long> ids = new java.util.HashSet<>();
        for (String m : messageIds) {
            Matcher id = Pattern.compile("^<(\\d+)\\.").matcher(m);
            if (id.find()) {
                ids.add(Long.parseLong(id.group(1)));
            }
        }
        int missing = 0;
        try (Connection c = ServiceProcesses.connect(SCHEMA); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM notification_outbox WHERE status = 'sent'")) {
            while (r.next()) {
                if (!ids.contains(r.getLong(1))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    // ---- results ------------------------------------------------------------------------------------------------

    private static void record(String command, String commit, long seed, String last, String details) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("chaos.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # The service killed at random

                    `./fieldplan bench chaos` (org.fieldplan.bench.booking.ChaosBenchmark): the service as its own process on a
                    generated Malta company (schema bench_chaos), bookings, board moves and a planning job while it is killed
                    with SIGKILL and restarted; e-mail to an SMTP server (GreenMail) in the benchmark's JVM. See
                    docs/notifications.md for what the service promises about crashes and duplicates.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | seed | result | details | command |
                    |---|---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format("| %s | %s | %s | %s | %d | `%s` | %s | `%s` |%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), commit, System.getProperty("java.version"),
                org.fieldplan.bench.RunFacts.loadAverage(), seed, last, details, command);
        Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s", md);
    }
}
