package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.RouteStore;
import org.fieldplan.engine.solver.PlanSolver;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Booking on the public API, end to end on the Malta demo company with the real road network: the demo's requests
 * are agreed and planned for two days (published routes), then customers ask for windows, hold and book them, race
 * for the last capacity of a window, and send bad input. Own schema; a clock the test moves (from Monday 1 June 2026,
 * 07:00 in Malta).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_book",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_book",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_book, public",
        "spring.datasource.hikari.maximum-pool-size=12",
        "fieldplan.security.bcrypt-strength=4", "fieldplan.booking.hold=10m"})
@ActiveProfiles("it")
@Import({BookingIT.Config.class, org.fieldplan.api.OwnSchema.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BookingIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);

    /** A clock the test can move forward. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T05:00:00Z"));

        @Override
        public ZoneId getZone() {
            return MALTA;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    PlanningProblems problems;
    @Autowired
    RouteStore store;

    @Autowired
    org.fieldplan.api.planning.route.RouteWriter routeWriter;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    MovableClock clock;
    @Value("${local.server.port}")
    int port;

    TestHttp http;
    double lat;
    double lon;

    @BeforeAll
    void plannedCompany() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        for (LocalDate day : List.of(TUESDAY, TUESDAY.plusDays(1))) {
            org.fieldplan.api.PlannedDemo.publishDay(problems, routeWriter, transaction, day, 3);
        }
        http = new TestHttp(port);
        // an address on a road inside a zone that offers cleaning: a routed stop's point
        var row = db.fetchOne("SELECT ST_Y(r.location) lat, ST_X(r.location) lon FROM route_stop s "
                + "JOIN service_request r ON r.id = s.request_id JOIN zone_service_type zs ON zs.zone_id = r.zone_id "
                + "JOIN service_type t ON t.id = zs.service_type_id AND t.code = 'cleaning' ORDER BY r.id LIMIT 1");
        lat = row.get("lat", Double.class);
        lon = row.get("lon", Double.class);
    }

    JsonNode windows(String query) {
        TestHttp.Response r = http.get("/api/public/windows?lat=" + lat + "&lon=" + lon + "&" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** The first available window of the answer, as [date, start]. */
    static String[] firstAvailable(JsonNode answer) {
        for (JsonNode day : answer.get("days")) {
            for (JsonNode w : day.get("windows")) {
                if (w.get("available").asBoolean()) {
                    return new String[] {day.get("date").asString(), w.get("start").asString(), w.get("end").asString()};
                }
            }
        }
        return null;
    }

    static boolean isAvailable(JsonNode answer, String date, String start) {
        for (JsonNode day : answer.get("days")) {
            if (day.get("date").asString().equals(date)) {
                for (JsonNode w : day.get("windows")) {
                    if (w.get("start").asString().equals(start)) {
                        return w.get("available").asBoolean();
                    }
                }
            }
        }
        throw new AssertionError("no window " + date + " " + start + " in " + answer);
    }

    String booking(String date, String start, String name, String holdId) {
        return """
                {"lat": %s, "lon": %s, "addressLine": "Triq il-Kbira 12", "service": "cleaning", "quantity": 1,
                 "date": "%s", "start": "%s", "contact": {"name": "%s", "phone": "+356 2123 4567", "email": null},
                 "holdId": %s}""".formatted(lat, lon, date, start, name, holdId == null ? "null" : "\"" + holdId + "\"");
    }

    TestHttp.Response book(String body, String key) {
        return new TestHttp(port).send("POST", "/api/public/bookings", body, java.util.Map.of("Idempotency-Key", key));
    }

    @Test
    @Order(1)
    void windowsCoverEveryDayOfTheHorizonWithRanksAndReasons() {
        JsonNode answer = windows("service=cleaning");
        assertThat(answer.get("zone").get("name").asString()).isNotBlank();
        assertThat(answer.get("days")).hasSize(14);
        assertThat(answer.get("days").get(0).get("date").asString()).isEqualTo(TUESDAY.toString());
        int available = 0;
        boolean rankOne = false;
        for (JsonNode day : answer.get("days")) {
            assertThat(day.get("windows")).hasSize(6);
            for (JsonNode w : day.get("windows")) {
                if (w.get("available").asBoolean()) {
                    available++;
                    rankOne |= w.get("rank").asInt() == 1;
                    assertThat(w.get("addedTravelMinutes").asInt()).isGreaterThanOrEqualTo(0);
                } else {
                    assertThat(w.get("reasonCode").asString()).isIn("NO_SHIFT", "NO_SKILL", "NO_ZONE", "FULL", "DEADLINE");
                    assertThat(w.get("reason").asString()).isNotBlank();
                }
            }
        }
        assertThat(available).isPositive();
        assertThat(rankOne).isTrue();
        // Sunday: nobody works; the answer says so and names the nearest free window after it
        JsonNode sunday = windows("service=cleaning&from=2026-06-07&to=2026-06-07");
        assertThat(sunday.get("message").asString()).contains("works in your area on Sunday 7 June").contains("nearest free: ");
        assertThat(LocalDate.parse(sunday.get("nearestFree").get("date").asString())).isAfter(LocalDate.of(2026, 6, 7));
        JsonNode sundayRu = windows("service=cleaning&from=2026-06-07&to=2026-06-07&lang=ru");
        assertThat(sundayRu.get("message").asString()).contains("в воскресенье").contains("ближайшее свободное окно");
    }

    /**
     * GET /api/public/windows is answered by a servlet filter ahead of Spring MVC (DirectWindowQueries); a parameter
     * given twice (the same value) goes on to the controller. Both must give the same body and headers, be timed by the
     * window-query timer, and leave errors to the controller's problem+json.
     */
    @Test
    @Order(1)
    void theDirectWindowQueryAnswersExactlyAsTheController() {
        String query = "/api/public/windows?lat=" + lat + "&lon=" + lon + "&service=cleaning&from=2026-06-03&to=2026-06-09";
        io.micrometer.core.instrument.Timer timer = registry.get("fieldplan.booking.window.query").timer();
        long before = timer.count();
        TestHttp.Response direct = http.get(query);
        assertThat(timer.count()).as("the direct path times the query").isEqualTo(before + 1);
        TestHttp.Response controller = http.get(query + "&lat=" + lat); // twice: left to MVC's binding (the first)
        assertThat(timer.count()).isEqualTo(before + 2);
        assertThat(direct.status()).isEqualTo(200);
        assertThat(controller.status()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(controller.body());
        assertThat(direct.json().get("days")).hasSize(7);
        java.util.function.Function<TestHttp.Response, java.util.Map<String, List<String>>> headers = r -> {
            java.util.Map<String, List<String>> h = new java.util.TreeMap<>();
            r.headers().forEach((k, v) -> {
                if (k != null && !Set.of("date", "content-length", "transfer-encoding", "keep-alive", "connection")
                        .contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    h.put(k.toLowerCase(java.util.Locale.ROOT), v);
                }
            });
            return h;
        };
        assertThat(headers.apply(direct)).isEqualTo(headers.apply(controller))
                .containsKeys("x-content-type-options", "x-frame-options", "cache-control", "vary", "content-type");
        assertThat(direct.contentType()).isEqualTo("application/json");
        // nothing of a session: no cookie, as on the controller's public reads
        assertThat(direct.header("Set-Cookie")).isNull();
        // a value the direct path cannot parse: the controller's problem naming the field and the value
        TestHttp.Response bad = http.get("/api/public/windows?lat=abc&lon=" + lon + "&service=cleaning");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("\"lat\"").contains("abc");
        // the other methods are not the direct path's
        assertThat(http.send("POST", query, "{}", java.util.Map.of()).status()).isEqualTo(405);
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    @Order(2)
    void aBookingIsStoredScheduledInItsWindowAndOnTheRouteAndARepeatedKeyReturnsTheSameAnswer() {
        String[] slot = firstAvailable(windows("service=cleaning"));
        assertThat(slot).isNotNull();
        long before = ((Number) db.fetchValue("SELECT count(*) FROM service_request")).longValue();
        String key = UUID.randomUUID().toString();
        String body = booking(slot[0], slot[1], "Maria Camilleri", null);

        TestHttp.Response first = book(body, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String number = first.json().get("registrationNumber").asString();
        assertThat(number).matches("2026-\\d{6}");
        long requestId = first.json().get("requestId").asLong();

        var stored = db.fetchOne("SELECT r.status, r.window_start, r.window_end, r.source, s.start_at, rt.day, "
                + "rt.technician_id = r.technician_id same FROM service_request r JOIN route_stop s ON s.request_id = r.id "
                + "JOIN route rt ON rt.id = s.route_id WHERE r.id = ?", requestId);
        assertThat(stored).as("the booked request is on a route").isNotNull();
        assertThat(stored.get("status", String.class)).isEqualTo("scheduled");
        assertThat(stored.get("source", String.class)).isEqualTo("site");
        assertThat(stored.get("same", Boolean.class)).isTrue();
        assertThat(stored.get("day", LocalDate.class)).isEqualTo(LocalDate.parse(slot[0]));
        var windowStart = stored.get("window_start", java.time.OffsetDateTime.class);
        var windowEnd = stored.get("window_end", java.time.OffsetDateTime.class);
        assertThat(windowStart.atZoneSameInstant(MALTA).toLocalTime().toString()).isEqualTo(slot[1]);
        assertThat(stored.get("start_at", java.time.OffsetDateTime.class)).isBetween(windowStart, windowEnd);

        TestHttp.Response again = book(body, key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("registrationNumber").asString()).isEqualTo(number);
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM service_request")).longValue()).isEqualTo(before + 1);

        TestHttp.Response reused = book(booking(slot[0], slot[1], "Someone Else", null), key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).contains("application/problem+json");
        assertThat(hardScore(LocalDate.parse(slot[0]))).isZero();
    }

    @Test
    @Order(3)
    void concurrentBookingsOfOneWindowNeverOverbookAndLosersGetAlternatives() throws Exception {
        String[] slot = firstAvailable(windows("service=cleaning"));
        int clients = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<TestHttp.Response>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String body = booking(slot[0], slot[1], "Racer " + i, null);
            futures.add(pool.submit((Callable<TestHttp.Response>) () -> book(body, UUID.randomUUID().toString())));
        }
        int accepted = 0;
        int rejected = 0;
        for (Future<TestHttp.Response> f : futures) {
            TestHttp.Response r = f.get();
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
            if (r.status() == 201) {
                accepted++;
            } else {
                rejected++;
                assertThat(r.json().get("alternatives").size()).isPositive();
                assertThat(r.json().get("alternatives").get(0).get("date").asString()).isNotBlank();
            }
        }
        pool.shutdown();
        assertThat(accepted).isPositive();
        assertThat(rejected).as("a two-hour window cannot take ten cleanings of two hours at one address").isPositive();
        // once full, the window is not offered; every route of that day keeps every hard rule
        assertThat(isAvailable(windows("service=cleaning"), slot[0], slot[1])).isFalse();
        assertThat(hardScore(LocalDate.parse(slot[0]))).isZero();
        long onRoutes = ((Number) db.fetchValue("SELECT count(*) FROM service_request r JOIN route_stop s ON s.request_id = r.id "
                + "WHERE r.source = 'site' AND r.window_start = ?::timestamptz", LocalDate.parse(slot[0]).atTime(
                java.time.LocalTime.parse(slot[1])).atZone(MALTA).toOffsetDateTime())).longValue();
        assertThat(onRoutes).isGreaterThanOrEqualTo(accepted);
    }

    @Test
    @Order(4)
    void aHoldTakesTheWindowFromOthersUntilItExpires() {
        String[] slot = firstAvailable(windows("service=cleaning"));
        List<String> holds = new ArrayList<>();
        TestHttp.Response r;
        String hold = """
                {"lat": %s, "lon": %s, "addressLine": "Triq il-Kbira 14", "service": "cleaning", "quantity": 1,
                 "date": "%s", "start": "%s"}""".formatted(lat, lon, slot[0], slot[1]);
        for (int i = 0; i < 30; i++) {
            r = http.post("/api/public/holds", hold);
            if (r.status() == 409) {
                assertThat(r.json().get("alternatives").size()).isPositive();
                break;
            }
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            holds.add(r.json().get("holdId").asString());
        }
        assertThat(holds).isNotEmpty().hasSizeLessThan(30);
        assertThat(isAvailable(windows("service=cleaning"), slot[0], slot[1])).as("held to the last place").isFalse();
        // a customer holding a place books it: their own hold does not stand in their way
        TestHttp.Response booked = book(booking(slot[0], slot[1], "Holder", holds.get(0)), UUID.randomUUID().toString());
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        // the other holds run out: the window is free again
        clock.now.set(clock.now.get().plus(Duration.ofMinutes(11)));
        // the query right after is answered at once from the previous horizon (still held) while the horizon is
        // prepared again in the background; within that preparation the window is free again
        assertThat(isAvailable(windows("service=cleaning"), slot[0], slot[1])).as("answered from the previous horizon").isFalse();
        boolean expected = holds.size() > 1;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (isAvailable(windows("service=cleaning"), slot[0], slot[1]) != expected && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(isAvailable(windows("service=cleaning"), slot[0], slot[1])).isEqualTo(expected);
        assertThat(hardScore(LocalDate.parse(slot[0]))).isZero();
    }

    @Test
    @Order(5)
    void badInputNamesTheFieldAndValue() {
        TestHttp.Response r = http.get("/api/public/windows?lat=95&service=plumbing");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"lat\"").contains("95").contains("\"lon\"").contains("plumbing");
        TestHttp.Response noKey = new TestHttp(port).post("/api/public/bookings", booking(TUESDAY.toString(), "08:00", "X", null));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body()).contains("Idempotency-Key");
        TestHttp.Response badStart = book(booking(TUESDAY.toString(), "09:15", "X", null), UUID.randomUUID().toString());
        assertThat(badStart.status()).isEqualTo(400);
        assertThat(badStart.body()).contains("09:15").contains("08:00");
        TestHttp.Response sea = http.get("/api/public/windows?lat=36.2&lon=14.0&service=cleaning");
        assertThat(sea.status()).isEqualTo(200);
        assertThat(sea.json().get("message").asString()).contains("outside our service area");
        TestHttp.Response noContact = book(booking(TUESDAY.toString(), "08:00", "", null).replace("+356 2123 4567", ""),
                UUID.randomUUID().toString());
        assertThat(noContact.status()).isEqualTo(400);
        assertThat(noContact.body()).contains("contact.name").contains("contact.phone");
    }

    @Test
    @Order(7)
    void furtherServicesOfTheVisitAreSearchedAsOneVisitAndBadOnesAreNamedWithNothingStored() {
        // cleaning alone has free windows; with a meter verification in the same visit nobody has both skills
        assertThat(firstAvailable(windows("service=cleaning"))).isNotNull();
        JsonNode both = windows("service=cleaning&also=meter-verification:1");
        assertThat(firstAvailable(both)).as("no demo technician both cleans and verifies meters").isNull();
        for (JsonNode day : both.get("days")) {
            for (JsonNode w : day.get("windows")) {
                assertThat(w.get("reasonCode").asString()).isIn("NO_SHIFT", "NO_SKILL", "NO_ZONE", "FULL", "DEADLINE");
            }
        }
        TestHttp.Response unknown = http.get("/api/public/windows?lat=" + lat + "&lon=" + lon + "&service=cleaning&also=plumbing:2");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("moreServices[0].service").contains("plumbing");
        TestHttp.Response zero = http.get("/api/public/windows?lat=" + lat + "&lon=" + lon + "&service=cleaning&also=cleaning:-2");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body()).contains("moreServices[0].quantity").contains("-2");

        String[] slot = firstAvailable(windows("service=cleaning"));
        long before = ((Number) db.fetchValue("SELECT count(*) FROM service_request")).longValue();
        TestHttp.Response bad = book(booking(slot[0], slot[1], "Karl Mifsud", null).replace("\"holdId\"",
                "\"moreServices\": [{\"service\": \"plumbing\", \"quantity\": 1}, {\"service\": \"cleaning\", \"quantity\": 0}], \"holdId\""),
                UUID.randomUUID().toString());
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.contentType()).contains("application/problem+json");
        assertThat(bad.body()).contains("moreServices[0].service", "plumbing", "moreServices[1].quantity");
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM service_request")).longValue()).as("nothing stored").isEqualTo(before);
    }

    @Autowired
    BookingHorizon horizon;

    /**
     * Issue 18: a rebuild of the horizon after a change must not stall the queries that arrive meanwhile. Another
     * instance's change (rows changed behind this instance's back) makes the next query start a background rebuild,
     * which the test holds up; every query sent while it is held is answered at once from the previous horizon (the
     * same days and windows as before the change). Without the background rebuild these queries would wait for it.
     */
    @Test
    @Order(6)
    void queriesDuringARebuildAreAnsweredFromThePreviousHorizonWithoutWaiting() throws Exception {
        JsonNode before;
        do { // a quiet horizon to start from (no rebuild of an earlier test's change still running)
            awaitNoRebuild();
            before = windows("service=cleaning");
        } while (horizon.rebuilding());
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        horizon.beforeBackgroundRebuild = () -> {
            entered.countDown();
            try {
                release.await(120, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long rebuildsBefore = horizon.backgroundRebuilds.get();
        try {
            // another instance's change: a technician's row is written (the trigger moves the plan data's version)
            db.execute("UPDATE technician SET name = name WHERE id = (SELECT min(id) FROM technician)");
            sleep(BookingHorizon.VERSION_POLL_MILLIS + 100); // past the version poll
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    answers.add(pool.submit(() -> windows("service=cleaning")));
                }
                for (Future<JsonNode> f : answers) {
                    // answered while the rebuild is still held up: nobody waited for it
                    JsonNode a = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(a.get("days")).isEqualTo(before.get("days"));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("a background rebuild started").isTrue();
            assertThat(horizon.rebuilding()).as("the rebuild was still held while every query was answered").isTrue();
            assertThat(horizon.backgroundRebuilds.get() - rebuildsBefore).as("one rebuild for all the queries").isEqualTo(1);
        } finally {
            release.countDown();
            horizon.beforeBackgroundRebuild = null;
        }
        awaitNoRebuild();
        assertThat(horizon.rebuilding()).as("the rebuild ends once released").isFalse();
    }

    @Autowired
    javax.sql.DataSource dataSource;

    /**
     * Issue 18 (the wrk tail): a window query neither borrows a database connection nor waits for one; the plan data's
     * version is read by the horizon's own watcher thread. While the test holds every connection of the pool, queries
     * sent further apart than the version poll are answered at once. When a query read the version itself (one query
     * per poll interval), that query waited for a free connection, here for the pool's whole connection timeout.
     */
    @Test
    @Order(7)
    void windowQueriesNeedNoDatabaseConnection() throws Exception {
        awaitNoRebuild();
        JsonNode before = windows("service=cleaning");
        awaitNoRebuild();
        long readingsBefore = horizon.versionReadings.get();
        sleep(3 * BookingHorizon.VERSION_POLL_MILLIS);
        assertThat(horizon.versionReadings.get()).as("the watcher reads the version by itself").isGreaterThan(readingsBefore);
        com.zaxxer.hikari.HikariDataSource pool = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
        List<java.sql.Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                taken.add(pool.getConnection());
            }
            for (int i = 0; i < 4; i++) {
                sleep(BookingHorizon.VERSION_POLL_MILLIS + 50); // past the poll interval: the version is due again
                long t0 = System.nanoTime();
                JsonNode answer = windows("service=cleaning");
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(answer.get("days")).isEqualTo(before.get("days"));
                assertThat(millis).as("query %d with every database connection taken", i).isLessThan(2_000);
            }
        } finally {
            for (java.sql.Connection c : taken) {
                c.close();
            }
        }
    }

    /**
     * The plan data's version moves when a change commits (V151), not when it is written: a horizon prepared while a
     * change is in flight is not taken as current once it commits. With the sequence of V4 (moved by the writer's
     * statement) the horizon prepared in between carried the new version without the change and stayed "current".
     */
    @Test
    @Order(8)
    void aChangeCountsForTheHorizonOnlyWhenItCommits() throws Exception {
        awaitNoRebuild();
        long before = planDataVersion();
        BookingHorizon.State prepared;
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE technician SET name = name WHERE id = (SELECT min(id) FROM technician)");
                st.executeUpdate("UPDATE technician SET phone = phone WHERE id = (SELECT max(id) FROM technician)");
            }
            assertThat(planDataVersion()).as("an uncommitted change is not counted").isEqualTo(before);
            prepared = horizon.current();
            c.commit();
        }
        assertThat(planDataVersion()).as("one transaction counts once").isEqualTo(before + 1);
        assertThat(horizon.current()).as("the horizon prepared while the change was in flight is not current after it")
                .isNotSameAs(prepared);
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE technician SET name = name WHERE id = (SELECT min(id) FROM technician)");
            }
            c.rollback();
        }
        assertThat(planDataVersion()).as("a rolled-back change is not counted").isEqualTo(before + 1);
    }

    private long planDataVersion() {
        return db.fetchSingle("SELECT version FROM plan_data_counter").get(0, Long.class);
    }

    private void awaitNoRebuild() {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (horizon.rebuilding() && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long hardScore(LocalDate day) {
        LoadedPlan loaded = problems.load(PlanScope.day(day));
        return PlanSolver.score(loaded.plan()).hardScore();
    }
}
