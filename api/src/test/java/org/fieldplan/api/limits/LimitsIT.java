package org.fieldplan.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fieldplan.api.DemoMonday;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.OwnSchema;
import org.fieldplan.api.PlannedDemo;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The public surface under abuse, over real HTTP on the Malta demo with one published day, with small limits of its
 * own: address search answers 429 with Retry-After past its rate (and X-Forwarded-For from an untrusted peer changes
 * nothing), one address cannot hold more than two windows, failed sign-ins slow down and then lock the account even
 * for the right password, an anonymous booking with a customer's e-mail does not land in that customer's cabinet, and
 * releasing a hold that does not exist does not bump the plan-data version.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_lim",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_lim",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_lim, public",
        "fieldplan.limits.addresses=5/1m",
        "fieldplan.limits.live-holds-per-client=2",
        "fieldplan.limits.login.free-failures=2",
        "fieldplan.limits.login.lock-after=4",
        "fieldplan.limits.login.max-delay=1s",
        "fieldplan.limits.login.lock-for=10m"})
@ActiveProfiles("it")
@Import({DemoMonday.class, OwnSchema.class, Fixtures.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);

    @Autowired MaltaDemoLoader demo;
    @Autowired PlanningProblems problems;
    @Autowired RouteWriter routeWriter;
    @Autowired DSLContext db;
    @Autowired TransactionTemplate transaction;
    @Autowired Fixtures fixtures;
    @Value("${local.server.port}") int port;

    TestHttp http;
    double lat;
    double lon;

    @BeforeAll
    void plannedCompany() {
        demo.load();
        PlannedDemo.agreeAll(db);
        PlannedDemo.publishDay(problems, routeWriter, transaction, TUESDAY, 3);
        http = new TestHttp(port);
        var row = db.fetchOne("SELECT ST_Y(r.location) lat, ST_X(r.location) lon FROM route_stop s "
                + "JOIN service_request r ON r.id = s.request_id JOIN zone_service_type zs ON zs.zone_id = r.zone_id "
                + "JOIN service_type t ON t.id = zs.service_type_id AND t.code = 'cleaning' ORDER BY r.id LIMIT 1");
        lat = row.get("lat", Double.class);
        lon = row.get("lon", Double.class);
    }

    private long planDataVersion() {
        return db.fetchSingle("SELECT version FROM plan_data_counter").get(0, Long.class);
    }

    @Test
    void addressSearchPastItsRateIs429WithRetryAfterAndForwardedForFromAnUntrustedPeerChangesNothing() {
        TestHttp.Response oneLetter = http.get("/api/public/addresses?q=t");
        assertThat(oneLetter.status()).as("one letter is a caller mistake").isEqualTo(400);
        assertThat(oneLetter.json().path("errors").path(0).path("field").asString()).isEqualTo("q");
        for (int i = 0; i < 4; i++) {
            TestHttp.Response r = http.get("/api/public/addresses?q=triq");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        TestHttp.Response refused = http.send("GET", "/api/public/addresses?q=triq", null,
                Map.of("X-Forwarded-For", "203.0.113.9"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asString()).isEqualTo("/problems/rate-limited");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.json().path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(refused.json().path("detail").asString()).contains("at most 5 per 60 s");
        TestHttp.Response ru = http.send("GET", "/api/public/addresses?q=triq&lang=ru", null, Map.of());
        assertThat(ru.status()).isEqualTo(429);
        assertThat(ru.json().path("detail").asString()).contains("Слишком много запросов");
        // the other public limits are separate buckets: windows still answer
        assertThat(http.get("/api/public/windows?lat=" + lat + "&lon=" + lon + "&service=cleaning&from=" + TUESDAY
                + "&to=" + TUESDAY).status()).isEqualTo(200);
    }

    private String hold(String date, String start) {
        return """
                {"lat": %s, "lon": %s, "addressLine": "Triq il-Kbira 12", "service": "cleaning", "quantity": 1,
                 "date": "%s", "start": "%s"}""".formatted(lat, lon, date, start);
    }

    private List<String[]> available(LocalDate day) {
        JsonNode answer = http.get("/api/public/windows?lat=" + lat + "&lon=" + lon + "&service=cleaning&from=" + day
                + "&to=" + day).json();
        List<String[]> out = new ArrayList<>();
        for (JsonNode d : answer.path("days")) {
            for (JsonNode w : d.path("windows")) {
                if (w.path("available").asBoolean()) {
                    out.add(new String[] {d.path("date").asString(), w.path("start").asString()});
                }
            }
        }
        return out;
    }

    @Test
    void oneAddressHoldsAtMostTwoWindowsSoItCannotHoldAWholeDay() {
        LocalDate day = TUESDAY.plusDays(1);
        List<String[]> free = available(day);
        assertThat(free).as("windows free on " + day).hasSizeGreaterThan(2);
        List<String> held = new ArrayList<>();
        TestHttp.Response refused = null;
        for (String[] w : free) {
            TestHttp.Response r = http.post("/api/public/holds", hold(w[0], w[1]));
            if (r.status() == 429) {
                refused = r;
                break;
            }
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            held.add(r.json().path("holdId").asString());
        }
        assertThat(held).as("holds granted before the cap").hasSize(2);
        assertThat(refused).as("the third hold is refused").isNotNull();
        assertThat(refused.json().path("type").asString()).isEqualTo("/problems/too-many-holds");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 601L);
        assertThat(refused.json().path("detail").asString()).contains("holds 2 windows");
        assertThat(available(day)).as("the day stays open to everyone else").isNotEmpty();

        assertThat(http.delete("/api/public/holds/" + held.get(0)).status()).isEqualTo(204);
        String[] again = available(day).get(0);
        TestHttp.Response afterRelease = http.post("/api/public/holds", hold(again[0], again[1]));
        assertThat(afterRelease.status()).as("a released hold frees a place: " + afterRelease).isEqualTo(201);
        http.delete("/api/public/holds/" + held.get(1));
        http.delete("/api/public/holds/" + afterRelease.json().path("holdId").asString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void failedSignInsSlowDownThenLockTheAccountEvenForTheRightPassword() throws InterruptedException {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        TestHttp wrong = new TestHttp(port).authorization(basic(admin.username(), "guess"));
        TestHttp right = new TestHttp(port).authorization(admin.basic());
        assertThat(right.get("/api/me").status()).as("the password works").isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(wrong.get("/api/me").status()).as("failure " + (i + 1)).isEqualTo(401);
        }
        TestHttp.Response slowed = right.get("/api/me");
        assertThat(slowed.status()).as("right after the third failure, even the right password waits: " + slowed).isEqualTo(429);
        assertThat(slowed.json().path("type").asString()).isEqualTo("/problems/login-slowed");
        assertThat(slowed.header("Retry-After")).isEqualTo("1");

        Thread.sleep(1100);
        assertThat(wrong.get("/api/me").status()).as("failure 4").isEqualTo(401);
        TestHttp.Response locked = right.get("/api/me");
        assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
        assertThat(locked.json().path("type").asString()).isEqualTo("/problems/login-locked");
        assertThat(locked.json().path("detail").asString()).contains("locked for").contains(admin.username());
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(590L, 600L);
        assertThat(wrong.get("/api/me").status()).as("no more guesses while locked").isEqualTo(429);

        Fixtures.Login other = fixtures.user(Role.DISPATCHER);
        assertThat(new TestHttp(port).authorization(other.basic()).get("/api/me").status()).as("other accounts are not locked").isEqualTo(200);
    }

    @Test
    void aPasswordOverBcryptsSeventyTwoBytesIsAFailedSignInNotA500() {
        Fixtures.Login user = fixtures.user(Role.DISPATCHER);
        TestHttp.Response r = new TestHttp(port).authorization(basic(user.username(), "p".repeat(73))).get("/api/me");
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
    }

    @Test
    void anAnonymousBookingWithACustomersEmailCreatesItsOwnContact() {
        Fixtures.Login customer = fixtures.customer();
        String email = db.fetchSingle(CUSTOMER, CUSTOMER.ID.eq(customer.customerId())).getEmail();
        String[] w = available(TUESDAY.plusDays(2)).get(0);
        String body = """
                {"lat": %s, "lon": %s, "addressLine": "Triq il-Kbira 12", "service": "cleaning", "quantity": 1,
                 "date": "%s", "start": "%s", "contact": {"name": "Someone Else", "phone": null, "email": "%s"}}"""
                .formatted(lat, lon, w[0], w[1], email.toUpperCase());
        TestHttp.Response booked = http.send("POST", "/api/public/bookings", body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        long requestId = booked.json().path("requestId").asLong();
        Long bookedFor = db.select(SERVICE_REQUEST.CUSTOMER_ID).from(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(requestId))
                .fetchSingle().value1();
        assertThat(bookedFor).as("not the customer who has a login").isNotEqualTo(customer.customerId());
        assertThat(db.fetchSingle(CUSTOMER, CUSTOMER.ID.eq(bookedFor)).getUserId()).as("a contact without a login").isNull();
        TestHttp.Response cabinet = new TestHttp(port).authorization(customer.basic()).get("/api/requests?limit=500");
        assertThat(cabinet.status()).isEqualTo(200);
        assertThat(cabinet.body()).as("nothing lands in the customer's cabinet")
                .doesNotContain(booked.json().path("registrationNumber").asString());
    }

    @Test
    void releasingAHoldThatDoesNotExistDoesNotBumpThePlanDataVersion() {
        long before = planDataVersion();
        for (int i = 0; i < 3; i++) {
            assertThat(http.delete("/api/public/holds/" + UUID.randomUUID()).status()).isEqualTo(404);
        }
        assertThat(planDataVersion()).as("no row changed, no new version").isEqualTo(before);
        db.execute("UPDATE booking_hold SET quantity = quantity WHERE false");
        assertThat(planDataVersion()).isEqualTo(before);
        String[] w = available(TUESDAY.plusDays(3)).get(0);
        TestHttp.Response held = http.post("/api/public/holds", hold(w[0], w[1]));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        long afterHold = planDataVersion();
        assertThat(afterHold).as("a real hold is a new version").isGreaterThan(before);
        assertThat(http.delete("/api/public/holds/" + held.json().path("holdId").asString()).status()).isEqualTo(204);
        assertThat(planDataVersion()).as("a real release too").isGreaterThan(afterHold);
    }
}
