package org.fieldplan.bench.booking;

import static org.fieldplan.bench.booking.BookingLoadBenchmark.say;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.UserAccounts;
import org.fieldplan.engine.travel.GeoPoint;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.fieldplan.bench.BenchArgs;

/**
 * {@code ./fieldplan bench cluster [--seed S] [--job-seconds 25] [--plan-seconds 10]}: two service instances as
 * separate processes on one database (schema {@value #SCHEMA}, a generated company, {@link BenchCompany}), e-mail to
 * an SMTP server in this JVM (GreenMail). Bookings race against both instances at once (each client alternates
 * between them, and sends a booking cut off by a dead instance again with the same Idempotency-Key to the other), four
 * planning jobs are started (one solver slot per instance: two run, two wait in the queue), and the instance running a
 * job is killed with SIGKILL once the job has stored a plan. Afterwards: no route breaks a hard rule, every accepted
 * booking is on a route, every job finished and was never solved by two instances at once (the instances' own log
 * lines, start to end, the killed one's run ending at the kill), and no notification reached the mail server twice.
 * Last line:
 * {@code cluster: I instances | bookings A accepted, overbooked O, lost L | jobs J, run twice T, lost JL | notifications N, duplicates D}.
 */
public final class ClusterBenchmark {

    static final String SCHEMA = "bench_cluster";
    private static final String STAFF_USER = "cluster-admin";
    private static final String STAFF_PASSWORD = "cluster-admin-password";
    private static final int JOBS = 4;
    private static final Pattern WINDOW = Pattern.compile("\"date\":\"([0-9-]+)\",\"windows\":\\[(.*?)\\]\\}");
    private static final Pattern FREE = Pattern.compile("\"start\":\"([0-9:]+)\",\"end\":\"[0-9:]+\",\"available\":true");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":(\\d+)");
    private static final Pattern RUN_LINE = Pattern.compile(
            "^(\\S+)\\s.*planning job (\\d+) (starts|taken over|ended|handed back to the queue|lost to another instance) on (\\S+?)[:]?(\\s|$)");
    private static final Pattern JSON_TIME = Pattern.compile("\"@timestamp\":\"([^\"]+)\"");
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String[] SERVICES = {"meter-verification", "meter-installation", "cleaning", "electrical"};

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        long seed = System.nanoTime() & 0xffffff;
        int planSeconds = 10;
        int jobSeconds = 25;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seed" -> seed = BenchArgs.positive(args[i], value);
                case "--plan-seconds" -> planSeconds = BenchArgs.positive(args[i], value);
                case "--job-seconds" -> jobSeconds = BenchArgs.positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --seed --plan-seconds --job-seconds");
                    System.exit(2);
                }
            }
            i++;
        }
        String commit = org.fieldplan.bench.RunFacts.commit();
        String command = "./fieldplan bench cluster" + (args.length == 0 ? "" : " " + String.join(" ", args));
        say("seed %d (repeat with --seed %d)", seed, seed);
        ClusterBenchmark bench = new ClusterBenchmark();
        String last = bench.run(seed, planSeconds, jobSeconds);
        record(command, commit, seed, last, bench.details);
        System.out.println(last);
        System.exit(0);
    }

    private final Map<Long, Boolean> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger booking5xx = new AtomicInteger();
    private final AtomicLong turn = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final List<Instance> instances = new ArrayList<>();
    private String details = "";

    private String run(long seed, int planSeconds, int jobSeconds) throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(ServiceProcesses.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        say("SMTP server (GreenMail) on 127.0.0.1:%d", smtp.getSmtp().getPort());
        List<GeoPoint> spare;
        try (BenchCompany company = BenchCompany.start(SCHEMA, seed, planSeconds, Map.of(), BookingLoadBenchmark::say)) {
            company.app.getBean(UserAccounts.class).createIfAbsent(new UserAccounts.NewAccount(STAFF_USER, STAFF_PASSWORD,
                    "Cluster administrator", "cluster-admin@fieldplan.test", Set.of(Role.ADMINISTRATOR)));
            spare = company.spareAddresses;
        }
        Path logs = Files.createTempDirectory("fieldplan-cluster-");
        for (int i = 1; i <= 2; i++) {
            instances.add(new Instance("node-" + i, ServiceProcesses.freePort(), smtp.getSmtp().getPort(), logs));
        }
        // both start at once, as behind a load balancer
        List<Thread> starting = new ArrayList<>();
        for (Instance in : instances) {
            starting.add(Thread.ofVirtual().start(() -> {
                try {
                    in.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : starting) {
            t.join();
        }
        for (Instance in : instances) {
            if (!in.up) {
                throw new IllegalStateException(in.name + " did not come up; see " + in.log);
            }
        }

        LocalDate first = LocalDate.now(ZoneId.of("Europe/Malta")).plusDays(1);
        List<Long> jobs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            Instance to = instances.get(j % 2);
            long id = new StaffClient(to.port, STAFF_USER, STAFF_PASSWORD).startJob(first.plusDays(j), first.plusDays(j), jobSeconds);
            if (id < 0) {
                throw new IllegalStateException("planning job " + j + " could not be started on " + to.name);
            }
            jobs.add(id);
            say("planning job %d over %s (%d s) queued through %s", id, first.plusDays(j), jobSeconds, to.name);
        }
        List<Thread> workers = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            long clientSeed = seed * 31 + b;
            workers.add(Thread.ofVirtual().name("cluster-booker-" + b).start(() -> book(spare, new SplittableRandom(clientSeed))));
        }

        // the victim: an instance running a job that has stored a plan
        Instance victim = null;
        long victimJob = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (victim == null && System.nanoTime() < deadline) {
            Thread.sleep(500);
            try (Connection c = ServiceProcesses.connect(SCHEMA); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, owner FROM plan_job WHERE status = 'solving' AND best_plan IS NOT NULL "
                         + "AND elapsed_seconds >= 3 ORDER BY id LIMIT 1")) {
                if (r.next()) {
                    String owner = r.getString(2);
                    for (Instance in : instances) {
                        if (in.name.equals(owner)) {
                            victim = in;
                            victimJob = r.getLong(1);
                        }
                    }
                }
            }
        }
        if (victim == null) {
            throw new IllegalStateException("no instance ran a job with a stored plan within 3 minutes; see " + logs);
        }
        victim.kill();
        Instant killedAt = Instant.now();
        say("SIGKILL to %s (process %d) while it solved job %d", victim.name, victim.pid, victimJob);
        Instance survivor = instances.get(victim == instances.get(0) ? 1 : 0);

        // the jobs: all finished, the victim's taken over by the survivor
        long jobsDeadline = System.nanoTime() + Duration.ofSeconds(JOBS * (jobSeconds + 30L) + 120).toNanos();
        while (System.nanoTime() < jobsDeadline && unfinished(jobs) > 0) {
            Thread.sleep(1000);
        }
        Thread.sleep(5_000);
        running.set(false);
        for (Thread w : workers) {
            w.join(Duration.ofSeconds(120));
        }
        for (int i = 0; i < 240 && ServiceProcesses.pendingNotifications(SCHEMA) > 0; i++) {
            Thread.sleep(500);
        }
        say("outbox at the end: %s", ServiceProcesses.outboxCounts(SCHEMA));
        survivor.stop();

        // ---- the checks, on the stored data ----
        int overbooked;
        int lost;
        try (ConfigurableApplicationContext app = BenchCompany.attach(SCHEMA, BookingLoadBenchmark::say)) {
            overbooked = BookingLoadBenchmark.overbookedRoutes(app);
            lost = BookingLoadBenchmark.notOnARoute(app.getBean(DSLContext.class), new ArrayList<>(accepted.keySet()));
        }
        int jobsLost = 0;
        List<String> jobLines = new ArrayList<>();
        try (Connection c = ServiceProcesses.connect(SCHEMA); Statement s = c.createStatement()) {
            for (long id : jobs) {
                try (ResultSet r = s.executeQuery("SELECT status, best_plan IS NOT NULL, assigned, replace(coalesce(run_log, ''), "
                        + "chr(10), ' > ') FROM plan_job WHERE id = " + id)) {
                    if (!r.next() || !r.getString(1).equals("finished") || !r.getBoolean(2)) {
                        jobsLost++;
                    }
                    jobLines.add(r.getRow() == 0 ? id + " missing" : id + " " + r.getString(1) + " (" + r.getInt(3) + " assigned; "
                            + r.getString(4).replaceAll(" [0-9T:.+-]+Z?( >|$)", "$1") + ")");
                }
            }
        }
        Map<Long, List<long[]>> runs = new HashMap<>();
        Map<Long, List<String>> runners = new HashMap<>();
        for (Instance in : instances) {
            readRuns(in, in == victim ? killedAt : null, runs, runners);
        }
        int twice = 0;
        for (long id : jobs) {
            List<long[]> spans = runs.getOrDefault(id, List.of());
            List<String> who = runners.getOrDefault(id, List.of());
            boolean overlap = false;
            for (int a = 0; a < spans.size(); a++) {
                for (int b = a + 1; b < spans.size(); b++) {
                    if (!who.get(a).equals(who.get(b)) && spans.get(a)[0] < spans.get(b)[1] && spans.get(b)[0] < spans.get(a)[1]) {
                        overlap = true;
                    }
                }
            }
            if (overlap) {
                twice++;
                say("job %d was solved by two instances at once: %s", id, who);
            }
        }
        say("jobs: %s", jobLines);
        say("node-2 logged ECS JSON: %d lines carried a jobId", instances.get(1).linesWithJobId);

        MimeMessage[] received = smtp.getReceivedMessages();
        Map<String, Integer> byMessageId = new HashMap<>();
        Map<String, Set<String>> idsByContent = new HashMap<>();
        for (MimeMessage m : received) {
            String id = m.getHeader("Message-ID") == null ? "none-" + UUID.randomUUID() : m.getHeader("Message-ID")[0];
            byMessageId.merge(id, 1, Integer::sum);
            String content = m.getRecipients(Message.RecipientType.TO)[0] + "\n" + m.getSubject() + "\n" + m.getContent();
            idsByContent.computeIfAbsent(content, x -> new HashSet<>()).add(id);
        }
        int notifications = byMessageId.size();
        int sameIdCopies = received.length - notifications;
        int underTwoIds = idsByContent.values().stream().mapToInt(ids -> ids.size() - 1).sum();
        // one kill may resend the one message in flight, with the same Message-ID (docs/notifications.md)
        int duplicates = underTwoIds + Math.max(0, sameIdCopies - 1);
        smtp.stop();
        say("bookings: %d accepted, %d rejected, %d calls unanswered (dead instance), 5xx %d", accepted.size(), rejected.get(),
                unanswered.get(), booking5xx.get());
        say("notifications: %d received, %d distinct Message-IDs, %d same-ID copies, %d under two Message-IDs", received.length,
                notifications, sameIdCopies, underTwoIds);
        say("instance logs in %s", logs);
        details = String.format("killed %s solving job %d; jobs: %s; %d bookings rejected, %d calls unanswered; e-mails "
                        + "received %d; node-2 logged ECS JSON, %d lines with a jobId", victim.name, victimJob,
                String.join("; ", jobLines), rejected.get(), unanswered.get(), received.length, instances.get(1).linesWithJobId);
        return String.format("cluster: %d instances | bookings %d accepted, overbooked %d, lost %d | jobs %d, run twice %d, lost %d"
                + " | notifications %d, duplicates %d", instances.size(), accepted.size(), overbooked, lost, jobs.size(), twice,
                jobsLost, notifications, duplicates);
    }

    /** The spans in which {@code in} solved each job, from its log: start/take-over to end (or to the kill). */
    private static void readRuns(Instance in, Instant killedAt, Map<Long, List<long[]>> runs, Map<Long, List<String>> runners)
            throws IOException {
        Map<Long, Long> open = new HashMap<>();
        for (String raw : Files.readAllLines(in.log.toPath(), StandardCharsets.UTF_8)) {
            String line = raw;
            if (raw.startsWith("{")) { // a structured (ECS JSON) line: its time and message
                Matcher time = JSON_TIME.matcher(raw);
                Matcher message = JSON_MESSAGE.matcher(raw);
                if (!time.find() || !message.find()) {
                    continue;
                }
                line = time.group(1) + " " + message.group(1);
                if (raw.contains("\"jobId\":")) {
                    in.linesWithJobId++;
                }
            }
            Matcher m = RUN_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long at;
            try {
                at = Instant.parse(m.group(1)).toEpochMilli();
            } catch (RuntimeException e) {
                at = java.time.OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli();
            }
            long job = Long.parseLong(m.group(2));
            if (m.group(3).equals("starts") || m.group(3).equals("taken over")) {
                open.put(job, at);
            } else {
                Long from = open.remove(job);
                if (from != null) {
                    runs.computeIfAbsent(job, k -> new ArrayList<>()).add(new long[] {from, at});
                    runners.computeIfAbsent(job, k -> new ArrayList<>()).add(in.name);
                }
            }
        }
        long end = killedAt == null ? Long.MAX_VALUE : killedAt.toEpochMilli();
        open.forEach((job, from) -> {
            runs.computeIfAbsent(job, k -> new ArrayList<>()).add(new long[] {from, end});
            runners.computeIfAbsent(job, k -> new ArrayList<>()).add(in.name);
        });
    }

    private int unfinished(List<Long> jobs) throws SQLException {
        try (Connection c = ServiceProcesses.connect(SCHEMA); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM plan_job WHERE status IN ('queued', 'solving') AND id IN ("
                     + String.join(",", jobs.stream().map(String::valueOf).toList()) + ")")) {
            r.next();
            return r.getInt(1);
        }
    }

    // ---- the load -----------------------------------------------------------------------------------------------

    /** The instance for the next call: alternating over the live ones. */
    private Instance next() {
        List<Instance> live = instances.stream().filter(i -> i.up).toList();
        return live.get((int) (turn.getAndIncrement() % live.size()));
    }

    private void book(List<GeoPoint> addresses, SplittableRandom random) {
        int n = 0;
        while (running.get()) {
            GeoPoint p = addresses.get(random.nextInt(addresses.size()));
            String service = SERVICES[random.nextInt(SERVICES.length)];
            HttpResponse<String> windows = send(next(), "GET", "/api/public/windows?lat=" + p.lat() + "&lon=" + p.lon()
                    + "&service=" + service, null, null);
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
            String[] slot = free.get(random.nextInt(Math.min(free.size(), 6)));
            n++;
            String body = """
                    {"lat": %s, "lon": %s, "addressLine": "Cluster street %d", "service": "%s", "quantity": 1,
                     "date": "%s", "start": "%s", "contact": {"name": "Cluster %s", "phone": "+356 7900 %04d"}}"""
                    .formatted(p.lat(), p.lon(), n, service, slot[0], slot[1], Thread.currentThread().getName(), n % 10000);
            String key = UUID.randomUUID().toString();
            for (int attempt = 0; attempt < 60; attempt++) {
                HttpResponse<String> r = send(next(), "POST", "/api/public/bookings", body, key);
                if (r == null) {
                    unanswered.incrementAndGet();
                    pause(200);
                    continue; // the same key to the next instance
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

    private HttpResponse<String> send(Instance to, String method, String path, String json, String idempotencyKey) {
        return ServiceProcesses.send(http, to.port, method, path, json, idempotencyKey);
    }

    private static void pause(long millis) {
        ServiceProcesses.pause(millis);
    }

    // ---- the instances ------------------------------------------------------------------------------------------

    /** One service instance as a child process: the api classpath, like {@code ./fieldplan demo}. */
    private final class Instance {
        final String name;
        final int port;
        final int smtpPort;
        final File log;
        volatile boolean up;
        long pid;
        /** lines of the structured (JSON) log that carry a job id */
        int linesWithJobId;
        private Process process;

        Instance(String name, int port, int smtpPort, Path logs) {
            this.name = name;
            this.port = port;
            this.smtpPort = smtpPort;
            this.log = logs.resolve(name + ".log").toFile();
        }

        void start() throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=10", "-Xmx1200m"));
            command.add("-cp");
            command.add(ServiceProcesses.apiClasspath());
            command.add("org.fieldplan.api.FieldPlanApplication");
            Map<String, Object> props = new LinkedHashMap<>(BenchCompany.serviceProperties(SCHEMA));
            props.put("server.port", String.valueOf(port));
            props.put("spring.datasource.hikari.maximum-pool-size", "12");
            props.put("fieldplan.cluster.instance-name", name);
            props.put("fieldplan.planning.solver-slots", "1");
            props.put("fieldplan.notifications.scheduling", "true");
            props.put("fieldplan.notifications.sender", "smtp");
            props.put("fieldplan.notifications.from", "dispatch@cluster.fieldplan.test");
            props.put("fieldplan.notifications.fallback-address", "desk@cluster.fieldplan.test");
            props.put("fieldplan.notifications.drain-interval", "PT1S");
            props.put("spring.mail.host", "127.0.0.1");
            props.put("spring.mail.port", String.valueOf(smtpPort));
            props.put("logging.level.org.fieldplan", "info");
            if (name.equals("node-2")) {
                // one instance logs JSON (Elastic Common Schema), as an operator would configure it
                props.put("logging.structured.format.console", "ecs");
            }
            props.putAll(ChaosBenchmark.serviceOverrides());
            props.forEach((k, v) -> command.add("--" + k + "=" + v));
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            pid = process.pid();
            long t0 = System.nanoTime();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                HttpResponse<String> health = send(this, "GET", "/actuator/health/readiness", null, null);
                if (health != null && health.statusCode() == 200) {
                    break;
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException(name + " was not ready within 5 minutes; see " + log);
                }
                Thread.sleep(250);
            }
            up = true;
            say("%s: process %d ready on :%d in %.1f s", name, pid, port, (System.nanoTime() - t0) / 1e9);
        }

        /** SIGKILL: no shutdown hook, no hand-back, no commit. */
        void kill() throws InterruptedException {
            up = false;
            process.destroyForcibly();
            process.waitFor();
        }

        void stop() throws InterruptedException {
            up = false;
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    // ---- the database, read directly ----------------------------------------------------------------------------

    private static void record(String command, String commit, long seed, String last, String details) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("cluster.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Two instances on one database

                    `./fieldplan bench cluster` (org.fieldplan.bench.booking.ClusterBenchmark): two service processes on a
                    generated Malta company (schema bench_cluster), one solver slot each; bookings racing against both,
                    four planning jobs, SIGKILL to the instance solving a job once it has stored a plan; e-mail to an SMTP
                    server (GreenMail) in the benchmark's JVM. See docs/cluster.md.

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
