package org.fieldplan.bench.notify;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.bench.BenchArgs.positive;
import static org.fieldplan.bench.BenchArgs.env;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.FieldPlanApplication;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./fieldplan bench notifications [--changes 5000] [--workers 8] [--drain-threads 4] [--seed 1]}: the service in
 * this JVM on a generated company (the Malta demo's zones, services and customers, each customer with an e-mail address,
 * {@code changes / 5} requests) in the schema {@value #SCHEMA}, sending e-mail through SMTP to a GreenMail server started
 * by the command. After the requests are registered and their messages delivered, worker threads move every request
 * new -> quoted -> agreed -> scheduled -> in progress -> done ({@code changes} status changes in all), while the service's
 * own scheduled outbox drain delivers. The command waits until every message queued by those changes has arrived (or
 * two minutes pass without progress), then counts: delivered (distinct Message-IDs of those messages received),
 * duplicates (arrivals beyond one per message), lost (messages queued but never received), and the delay from the commit
 * of each change (the outbox row's created_at) to its arrival at the server (polled every 100 ms, by Message-ID). Last line:
 * {@code notifications: N delivered | duplicates D | lost L | p99 delay X s}. A row goes to
 * benchmarks/results/notifications.md with the command, commit, JDK and load average.
 */
public final class NotificationBenchmark {

    static final String SCHEMA = "bench_notify";
    private static final Pattern MESSAGE_ID = Pattern.compile("<(\\d+)\\.[^@]*@[^>]*>");

    private NotificationBenchmark() {}

    private static void say(String format, Object... args) {
        System.out.printf("[notifications] " + format + "%n", args);
    }

    public static void main(String[] args) throws Exception {
        int changes = 5000;
        int workers = 8;
        int drainThreads = 4;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--changes" -> changes = positive(args[i], value);
                case "--workers" -> workers = positive(args[i], value);
                case "--drain-threads" -> drainThreads = positive(args[i], value);
                case "--seed" -> seed = positive(args[i], value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; known: --changes --workers --drain-threads --seed");
                    System.exit(2);
                }
            }
            i++;
        }
        String commit = org.fieldplan.bench.RunFacts.commit();
        String command = "./fieldplan bench notifications" + (args.length == 0 ? "" : " " + String.join(" ", args));
        int requests = Math.max(1, changes / 5);

        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        // arrival times by Message-ID, first copy and every further copy: GreenMail lists messages per mailbox, not in
        // the order they came, so the poller counts the copies of each Message-ID it sees every 100 ms
        Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = Thread.ofPlatform().daemon().name("arrivals").start(() -> {
            while (polling.get()) {
                pollArrivals(smtp, arrivals);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

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
        props.put("spring.datasource.hikari.maximum-pool-size", "24");
        props.put("spring.datasource.hikari.connection-init-sql", "SET search_path TO " + SCHEMA + ", public");
        props.put("spring.flyway.schemas", SCHEMA);
        props.put("spring.flyway.default-schema", SCHEMA);
        props.put("fieldplan.data-dir", env("FIELDPLAN_DATA_DIR", "../shared/data"));
        props.put("fieldplan.security.bcrypt-strength", "4");
        props.put("fieldplan.notifications.sender", "smtp");
        props.put("fieldplan.notifications.from", "dispatch@bench.test");
        props.put("fieldplan.notifications.fallback-address", "desk@bench.test");
        props.put("fieldplan.notifications.scheduling", "true");
        props.put("fieldplan.notifications.drain-interval", "PT0.1S");
        props.put("fieldplan.notifications.drain-initial-delay", "PT0.1S");
        props.put("fieldplan.notifications.drain-threads", String.valueOf(drainThreads));
        props.put("fieldplan.notifications.batch-size", "200");
        props.put("fieldplan.notifications.deadline-check-interval", "PT1H");
        props.put("fieldplan.notifications.messages.public-base-url", "https://bench.example.test");
        props.put("fieldplan.notifications.messages.reply-to", "requests@bench.test");
        props.put("spring.mail.host", "127.0.0.1");
        props.put("spring.mail.port", String.valueOf(smtp.getSmtp().getPort()));
        props.put("logging.level.root", "warn");
        props.put("spring.main.banner-mode", "off");
        say("starting the service on a fresh schema %s, SMTP on port %d ...", SCHEMA, smtp.getSmtp().getPort());
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FieldPlanApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        String last;
        try {
            DSLContext db = app.getBean(DSLContext.class);
            say("loading the demo company (zones, service types, customers) ...");
            app.getBean(MaltaDemoLoader.class).load();
            db.execute("UPDATE customer SET email = 'customer-' || id || '@bench.test', notifications_opted_out = false,"
                    + " preferred_channel = 'email'");
            db.execute("UPDATE app_user SET email = username || '@staff.bench.test' WHERE email IS NULL");
            List<Long> customers = db.select(CUSTOMER.ID).from(CUSTOMER).orderBy(CUSTOMER.ID).fetch(CUSTOMER.ID);
            List<Long> technicians = db.select(TECHNICIAN.ID).from(TECHNICIAN).orderBy(TECHNICIAN.ID).fetch(TECHNICIAN.ID);
            List<double[]> points = new ArrayList<>();
            db.resultQuery("SELECT ST_Y(p), ST_X(p) FROM (SELECT (ST_Dump(ST_GeneratePoints(area, {0}, {1}))).geom AS p FROM zone) q",
                    DSL.inline(Math.max(10, requests / 4 + 10)), DSL.inline((int) seed))
                    .forEach(r -> points.add(new double[] {((Number) r.get(0)).doubleValue(), ((Number) r.get(1)).doubleValue()}));
            List<String> services = db.select(DSL.field("code", String.class)).from(DSL.table("service_type")).fetch(0, String.class);

            say("registering %d service requests ...", requests);
            RequestIntake intake = app.getBean(RequestIntake.class);
            CurrentUser office = CurrentUser.system("benchmark office");
            ZoneId malta = ZoneId.of("Europe/Malta");
            SplittableRandom random = new SplittableRandom(seed);
            LocalDate day = LocalDate.now(malta).plusDays(2);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                double[] p = points.get(random.nextInt(points.size()));
                int hour = 8 + 2 * random.nextInt(5);
                var window = new PreferredWindow(day.atTime(hour, 0).atZone(malta).toOffsetDateTime(),
                        day.atTime(hour + 2, 0).atZone(malta).toOffsetDateTime());
                ids.add(intake.intake(new NewServiceRequest(customers.get(random.nextInt(customers.size())), null,
                        new NewServiceRequest.AddressInput("Bench address " + (i + 1), p[0], p[1]),
                        List.of(new NewServiceRequest.ServiceLine(null, services.get(random.nextInt(services.size())), 1 + random.nextInt(3))),
                        "site", 3, day.plusDays(5).atTime(18, 0).atZone(malta).toOffsetDateTime(), window, null), office).id());
            }
            // the languages of the customers, mixed
            db.execute("UPDATE customer SET language = CASE WHEN id % 2 = 0 THEN 'ru' ELSE 'en' END");
            say("delivering the registrations' messages first ...");
            waitForEmptyOutbox(db, 3600);
            long firstId = db.select(DSL.coalesce(DSL.max(NOTIFICATION_OUTBOX.ID), 0L)).from(NOTIFICATION_OUTBOX).fetchSingle().value1();

            say("%d workers make %d status changes (new -> quoted -> agreed -> scheduled -> in progress -> done) ...", workers, requests * 5);
            ServiceRequests changer = app.getBean(ServiceRequests.class);
            long t0 = System.currentTimeMillis();
            // when each change's call returned, i.e. just after its transaction committed: per request, in order
            Map<Long, long[]> committedAt = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<Integer>> futures = new ArrayList<>();
            int workerCount = workers;
            for (int w = 0; w < workers; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    int made = 0;
                    for (int k = worker; k < ids.size(); k += workerCount) {
                        long id = ids.get(k);
                        long technician = technicians.get((int) (id % technicians.size()));
                        long[] returned = new long[5];
                        int n = 0;
                        for (String step : List.of("quoted", "agreed", "scheduled", "in_progress", "done")) {
                            changer.changeStatus(id, null, new StatusChange(step, null, step.equals("scheduled") ? technician : null), office);
                            returned[n++] = System.currentTimeMillis();
                            made++;
                        }
                        committedAt.put(id, returned);
                    }
                    return made;
                }));
            }
            int made = 0;
            for (Future<Integer> f : futures) {
                made += f.get();
            }
            pool.shutdown();
            long changesDone = System.currentTimeMillis();
            say("%d status changes in %.1f s (%.0f per second); waiting for delivery ...", made, (changesDone - t0) / 1000.0,
                    made * 1000.0 / Math.max(1, changesDone - t0));

            Map<Long, OffsetDateTime> queued = new HashMap<>();
            Map<Long, List<Long>> rowsOfRequest = new HashMap<>();
            db.select(NOTIFICATION_OUTBOX.ID, NOTIFICATION_OUTBOX.CREATED_AT, NOTIFICATION_OUTBOX.REQUEST_ID).from(NOTIFICATION_OUTBOX)
                    .where(NOTIFICATION_OUTBOX.ID.gt(firstId)).orderBy(NOTIFICATION_OUTBOX.ID).forEach(r -> {
                        queued.put(r.value1(), r.value2());
                        rowsOfRequest.computeIfAbsent(r.value3(), k -> new ArrayList<>()).add(r.value1());
                    });
            // each request's five changes queued one message each, in order: the n-th row belongs to the n-th change
            Map<Long, Long> commitOf = new HashMap<>();
            rowsOfRequest.forEach((request, rows) -> {
                long[] returned = request == null ? null : committedAt.get(request);
                if (returned != null && rows.size() == returned.length) {
                    for (int i = 0; i < rows.size(); i++) {
                        commitOf.put(rows.get(i), returned[i]);
                    }
                }
            });
            int expected = queued.size();
            long lastProgress = System.currentTimeMillis();
            int lastCount = -1;
            while (true) {
                int received = (int) arrivals.keySet().stream().map(NotificationBenchmark::outboxId)
                        .filter(id -> id != null && queued.containsKey(id)).count();
                if (received >= expected && db.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq("pending")) == 0) {
                    break;
                }
                if (received != lastCount) {
                    lastCount = received;
                    lastProgress = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastProgress > 120_000) {
                    say("no progress for two minutes: %d of %d received", received, expected);
                    break;
                }
                Thread.sleep(100);
            }
            long allIn = System.currentTimeMillis();
            Thread.sleep(500); // copies sent late would show now
            polling.set(false);
            poller.join();
            pollArrivals(smtp, arrivals);

            Map<Long, Integer> copies = new HashMap<>();
            List<Double> delays = new ArrayList<>();
            int foreign = 0;
            for (Map.Entry<String, List<Long>> e : arrivals.entrySet()) {
                Long outboxId = outboxId(e.getKey());
                OffsetDateTime created = outboxId == null ? null : queued.get(outboxId);
                if (created == null) {
                    foreign += e.getValue().size();
                    continue;
                }
                copies.put(outboxId, e.getValue().size());
                delays.add((e.getValue().getFirst() - created.toInstant().toEpochMilli()) / 1000.0);
            }
            // where the time went: waiting in the outbox (commit -> claimed by a drain worker, sent_at is taken at the claim)
            // and delivering (claimed -> arrived: building the message, SMTP, the poller's 100 ms)
            Map<Long, OffsetDateTime> claimed = new HashMap<>();
            db.select(NOTIFICATION_OUTBOX.ID, NOTIFICATION_OUTBOX.SENT_AT).from(NOTIFICATION_OUTBOX)
                    .where(NOTIFICATION_OUTBOX.ID.gt(firstId)).and(NOTIFICATION_OUTBOX.SENT_AT.isNotNull())
                    .forEach(r -> claimed.put(r.value1(), r.value2()));
            List<Double> inTransaction = new ArrayList<>();
            List<Double> fromCommit = new ArrayList<>();
            List<Double> waits = new ArrayList<>();
            List<Double> sends = new ArrayList<>();
            for (Map.Entry<String, List<Long>> e : arrivals.entrySet()) {
                Long outboxId = outboxId(e.getKey());
                if (outboxId == null || !queued.containsKey(outboxId)) {
                    continue;
                }
                long created = queued.get(outboxId).toInstant().toEpochMilli();
                long arrived = e.getValue().getFirst();
                Long committed = commitOf.get(outboxId);
                if (committed != null) {
                    inTransaction.add((committed - created) / 1000.0);
                    fromCommit.add((arrived - committed) / 1000.0);
                }
                if (claimed.containsKey(outboxId)) {
                    long claim = claimed.get(outboxId).toInstant().toEpochMilli();
                    waits.add((claim - Math.max(created, committed == null ? created : committed)) / 1000.0);
                    sends.add((arrived - claim) / 1000.0);
                }
            }
            int delivered = copies.size();
            int duplicates = copies.values().stream().mapToInt(c -> c - 1).sum();
            int lost = expected - delivered;
            double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
            double p99 = sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
            double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
            String details = String.format("%d status changes on %d requests by %d workers in %.1f s; %d messages queued, all in %.1f s after"
                            + " the first change; delay p50 %.2f s, max %.2f s; drain threads %d; %d messages of the set-up not counted",
                    made, requests, workers, (changesDone - t0) / 1000.0, expected, (allIn - t0) / 1000.0, p50, max, drainThreads, foreign);
            details += String.format("; where the time went (p50/p99): queued to committed (the rest of the change's own transaction)"
                            + " %.2f/%.2f s, committed to claimed by a drain worker %.2f/%.2f s, claimed to arrived %.2f/%.2f s;"
                            + " committed to arrived %.2f/%.2f s (%d of %d messages matched to their change's commit)",
                    percentile(inTransaction, 0.5), percentile(inTransaction, 0.99), percentile(waits, 0.5), percentile(waits, 0.99),
                    percentile(sends, 0.5), percentile(sends, 0.99), percentile(fromCommit, 0.5), percentile(fromCommit, 0.99),
                    fromCommit.size(), expected);
            say("%s", details);
            last = String.format("notifications: %d delivered | duplicates %d | lost %d | p99 delay %.2f s", delivered, duplicates, lost, p99);
            record(command, commit, details, last);
        } finally {
            app.close();
            smtp.stop();
        }
        System.out.println(last);
        System.exit(0);
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
    }

    /** Records the arrival of every copy of every Message-ID not seen that many times before. */
    private static void pollArrivals(GreenMail smtp, Map<String, List<Long>> arrivals) {
        long at = System.currentTimeMillis();
        Map<String, Integer> now = new HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                String[] header = m.getHeader("Message-ID");
                now.merge(header == null ? "(none)" : header[0], 1, Integer::sum);
            } catch (jakarta.mail.MessagingException e) {
                now.merge("(unreadable)", 1, Integer::sum);
            }
        }
        now.forEach((id, count) -> {
            List<Long> seen = arrivals.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
            while (seen.size() < count) {
                seen.add(at);
            }
        });
    }

    private static Long outboxId(String messageId) {
        Matcher m = MESSAGE_ID.matcher(messageId);
        return m.matches() ? Long.valueOf(m.group(1)) : null;
    }

    private static void waitForEmptyOutbox(DSLContext db, int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end && db.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq("pending")) > 0) {
            Thread.sleep(100);
        }
    }

    private static void record(String command, String commit, String details, String last) throws IOException {
        Path dir = Path.of("benchmarks", "results");
        Files.createDirectories(dir);
        Path md = dir.resolve("notifications.md");
        if (!Files.exists(md)) {
            Files.writeString(md, """
                    # Notifications: status changes to delivered e-mail

                    `./fieldplan bench notifications` (org.fieldplan.bench.notify.NotificationBenchmark): the service in this JVM
                    on a generated company (the Malta demo's zones, services and customers; 1,000 requests), its scheduled outbox
                    drain sending to a GreenMail SMTP server in the same JVM; 5,000 status changes by 8 workers. Delay: from the
                    commit of the change (outbox created_at) to the message's arrival at the server. Target: duplicates 0,
                    lost 0, p99 delay at most 10 s. See docs/notifications.md.

                    | date (UTC) | commit | JDK | load avg 1/5/15 | result | details | command |
                    |---|---|---|---|---|---|---|
                    """);
        }
        String row = String.format("| %s | %s | %s | %s | `%s` | %s | `%s` |%n",
                Instant.now().toString().substring(0, 16).replace('T', ' '), commit, System.getProperty("java.version"),
                org.fieldplan.bench.RunFacts.loadAverage(), last, details, command);
        Files.writeString(md, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        say("results appended to %s", md);
    }
}
