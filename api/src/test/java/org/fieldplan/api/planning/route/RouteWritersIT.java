package org.fieldplan.api.planning.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.PlannedDemo;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.planning.PlanningProblems;
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
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * One writer per table, over HTTP on the planned Malta demo: a board move reassigns the request (the new technician
 * starts the visit, the old one no longer sees it); a stale route version is refused with 409 naming the route; a
 * confirmed technician's edit writes history and a new version and is refused on a closed request; publishing a
 * job after a booking landed and a dispatcher moved a visit on its day keeps both (or refuses naming them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_writers",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_writers",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_writers, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteWritersIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    static final LocalDate WEDNESDAY = TUESDAY.plusDays(1);
    static final String PASSWORD = "fieldplan-demo";

    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    PlanningProblems problems;
    @Autowired
    RouteWriter routeWriter;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transaction;
    @Value("${local.server.port}")
    int port;

    TestHttp admin;
    long moved;

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    void plannedDays() {
        demo.load();
        PlannedDemo.agreeAll(db);
        for (LocalDate day : List.of(TUESDAY, WEDNESDAY)) {
            PlannedDemo.publishDay(problems, routeWriter, transaction, day, 2);
        }
        // published: the routed requests are scheduled with their technician (what a planning job's publish does)
        db.execute("UPDATE service_request q SET status = 'scheduled' FROM route_stop s WHERE s.request_id = q.id "
                + "AND q.status = 'agreed'");
        db.execute("UPDATE service_request q SET technician_id = r.technician_id FROM route_stop s "
                + "JOIN route r ON r.id = s.route_id WHERE s.request_id = q.id");
        admin = new TestHttp(port).authorization(basic("admin"));
    }

    /** A legal move on {@code day} of a stop off a route with at least two, found with the board's own check. */
    long[] legalMove(LocalDate day) {
        JsonNode board = admin.get("/api/board/day?date=" + day).json();
        List<JsonNode> rows = new ArrayList<>();
        board.get("rows").forEach(rows::add);
        for (JsonNode from : rows) {
            if (from.get("bars").size() < 2) {
                continue;
            }
            for (JsonNode bar : from.get("bars")) {
                if (bar.get("pinned").asBoolean()) {
                    continue;
                }
                for (JsonNode to : rows) {
                    if (to.get("technicianId").asLong() == from.get("technicianId").asLong()) {
                        continue;
                    }
                    for (int position : new int[] {to.get("bars").size(), 0}) {
                        JsonNode check = move(day, bar.get("requestId").asLong(), to.get("technicianId").asLong(), position,
                                false, null);
                        if (check.get("allowed").asBoolean()) {
                            return new long[] {bar.get("requestId").asLong(), from.get("technicianId").asLong(),
                                    to.get("technicianId").asLong(), position};
                        }
                    }
                }
            }
        }
        throw new AssertionError("no legal move on " + day + " in " + board);
    }

    JsonNode move(LocalDate day, long request, long technician, long position, boolean apply, Integer targetVersion) {
        TestHttp.Response r = admin.post("/api/board/move", """
                {"date": "%s", "requestId": %d, "technicianId": %d, "position": %d, "apply": %s, "targetVersion": %s}"""
                .formatted(day, request, technician, position, apply, targetVersion));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    TestHttp login(long technicianId) {
        String user = db.fetchOne("SELECT u.username FROM technician t JOIN app_user u ON u.id = t.user_id WHERE t.id = ?",
                technicianId).get(0, String.class);
        return new TestHttp(port).authorization(basic(user));
    }

    long technicianOf(long request) {
        return db.fetchOne("SELECT technician_id FROM service_request WHERE id = ?", request).get(0, Long.class);
    }

    @Test
    @Order(1)
    void aBoardMoveReassignsTheRequestSoTheNewTechnicianStartsItAndTheOldOneNoLongerSeesIt() {
        long[] m = legalMove(TUESDAY);
        long request = m[0];
        long before = m[1];
        long after = m[2];
        assertThat(technicianOf(request)).isEqualTo(before);
        int version = db.fetchOne("SELECT version FROM service_request WHERE id = ?", request).get(0, Integer.class);

        assertThat(move(TUESDAY, request, after, m[3], true, null).get("allowed").asBoolean()).isTrue();

        assertThat(technicianOf(request)).isEqualTo(after);
        assertThat(db.fetchOne("SELECT version FROM service_request WHERE id = ?", request).get(0, Integer.class))
                .isEqualTo(version + 1);
        assertThat(db.fetchOne("SELECT note FROM service_request_history WHERE request_id = ? ORDER BY id DESC LIMIT 1",
                request).get(0, String.class)).contains("Moved on the board").contains("->");
        TestHttp old = login(before);
        assertThat(old.get("/api/requests/" + request).status()).isEqualTo(404);
        assertThat(old.post("/api/field/visits/" + request + "/start", "").status()).isEqualTo(404);
        TestHttp now = login(after);
        assertThat(now.get("/api/requests/" + request).status()).isEqualTo(200);
        TestHttp.Response started = now.post("/api/field/visits/" + request + "/start", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(204);
        assertThat(db.fetchOne("SELECT status FROM service_request WHERE id = ?", request).get(0, String.class))
                .isEqualTo("in_progress");
        moved = request;
    }

    @Test
    @Order(2)
    void aStaleRouteVersionIsRefusedWith409NamingTheRoute() {
        // the last stop of a route with two stops or more moves (pinning the first below leaves it unpinned); the version
        // is checked before the move's legality
        JsonNode board = admin.get("/api/board/day?date=" + TUESDAY).json();
        long[] m = null;
        Integer read = null;
        String name = null;
        for (JsonNode row : board.get("rows")) {
            if (m == null && row.get("bars").size() >= 2 && !row.get("routeVersion").isNull()) {
                long target = -1;
                for (JsonNode other : board.get("rows")) {
                    if (other.get("technicianId").asLong() != row.get("technicianId").asLong()) {
                        target = other.get("technicianId").asLong();
                        break;
                    }
                }
                m = new long[] {row.get("bars").get(row.get("bars").size() - 1).get("requestId").asLong(), row.get("technicianId").asLong(), target, 0};
                read = row.get("routeVersion").asInt();
                name = row.get("name").asString();
            }
        }
        assertThat(m).as("a route with two stops on " + TUESDAY).isNotNull();
        assertThat(read).as("the source has a route").isNotNull();
        // someone pins another stop of the source route meanwhile: its version moves on
        long other = db.fetchOne("SELECT s.request_id FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "WHERE r.technician_id = ? AND r.day = ? AND s.request_id <> ? ORDER BY s.position LIMIT 1",
                m[1], TUESDAY, m[0]).get(0, Long.class);
        assertThat(admin.post("/api/board/pin", "{\"requestId\": " + other + ", \"pinned\": true, \"routeVersion\": " + read
                + "}").status()).isEqualTo(204);

        TestHttp.Response stale = admin.post("/api/board/move", """
                {"date": "%s", "requestId": %d, "technicianId": %d, "position": %d, "apply": true, "sourceVersion": %d}"""
                .formatted(TUESDAY, m[0], m[2], m[3], read));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.body()).contains("stale-route").contains(name).contains(TUESDAY.toString())
                .contains("version " + read + " then, version " + (read + 1) + " now");
        assertThat(technicianOf(m[0])).as("nothing moved").isEqualTo(m[1]);
        TestHttp.Response stalePin = admin.post("/api/board/pin", "{\"requestId\": " + other + ", \"pinned\": false, "
                + "\"routeVersion\": " + read + "}");
        assertThat(stalePin.status()).isEqualTo(409);
        assertThat(db.fetchOne("SELECT pinned FROM route_stop WHERE request_id = ?", other).get(0, Boolean.class)).isTrue();
    }

    @Test
    @Order(3)
    void aConfirmedEditWritesHistoryAndANewVersionAndIsRefusedOnAClosedRequest() {
        long request = moved;
        TestHttp tech = login(technicianOf(request));
        var line = db.fetchOne("SELECT t.code, i.quantity FROM service_request_item i JOIN service_type t ON t.id = i.service_type_id "
                + "WHERE i.request_id = ? ORDER BY i.line LIMIT 1", request);
        String code = line.get(0, String.class);
        int quantity = line.get(1, Integer.class);
        long edit = tech.post("/api/field/visits/" + request + "/edits", """
                {"items": [{"serviceCode": "%s", "quantity": %d}], "note": "One more on the roof"}""".formatted(code, quantity + 1))
                .json().get("id").asLong();
        int version = db.fetchOne("SELECT version FROM service_request WHERE id = ?", request).get(0, Integer.class);

        TestHttp.Response confirmed = admin.post("/api/edits/" + edit + "/confirm", "");

        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(db.fetchOne("SELECT version FROM service_request WHERE id = ?", request).get(0, Integer.class))
                .isEqualTo(version + 1);
        assertThat(db.fetchOne("SELECT note FROM service_request_history WHERE request_id = ? ORDER BY id DESC LIMIT 1",
                request).get(0, String.class)).contains("Edit " + edit).contains(code + " " + quantity + " -> " + (quantity + 1));
        TestHttp.Response etag = admin.get("/api/requests/" + request);
        assertThat(etag.json().get("version").asInt()).isEqualTo(version + 1);

        long late = tech.post("/api/field/visits/" + request + "/edits", """
                {"items": [{"serviceCode": "%s", "quantity": %d}], "note": "And another"}""".formatted(code, quantity + 5))
                .json().get("id").asLong();
        db.execute("UPDATE service_request SET status = 'accepted' WHERE id = ?", request); // the customer accepted meanwhile
        TestHttp.Response refused = admin.post("/api/edits/" + late + "/confirm", "");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.body()).contains("request-closed").contains("accepted");
        assertThat(db.fetchOne("SELECT i.quantity FROM service_request_item i JOIN service_type t ON t.id = i.service_type_id "
                + "WHERE i.request_id = ? AND t.code = ?", request, code).get(0, Integer.class)).isEqualTo(quantity + 1);
    }

    @Test
    @Order(4)
    void publishingAfterABookingAndABoardMoveOnItsDayKeepsBothOrRefusesNamingThem() throws InterruptedException {
        TestHttp.Response started = admin.post("/api/plan-jobs", """
                {"from": "%s", "to": "%s", "zoneIds": [], "seconds": 3}""".formatted(WEDNESDAY, WEDNESDAY));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        long job = started.json().get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!admin.get("/api/plan-jobs/" + job).json().get("status").asString().equals("finished")) {
            assertThat(System.nanoTime()).as("job finishes").isLessThan(deadline);
            Thread.sleep(300);
        }

        // after the job loaded: a customer books on Wednesday, a dispatcher moves a visit
        var place = db.fetchOne("SELECT ST_Y(r.location) lat, ST_X(r.location) lon FROM route_stop s "
                + "JOIN service_request r ON r.id = s.request_id JOIN route ro ON ro.id = s.route_id "
                + "JOIN zone_service_type zs ON zs.zone_id = r.zone_id "
                + "JOIN service_type t ON t.id = zs.service_type_id AND t.code = 'cleaning' WHERE ro.day = ? ORDER BY r.id LIMIT 1",
                WEDNESDAY);
        double lat = place.get("lat", Double.class);
        double lon = place.get("lon", Double.class);
        JsonNode windows = new TestHttp(port).get("/api/public/windows?lat=" + lat + "&lon=" + lon
                + "&service=cleaning&from=" + WEDNESDAY + "&to=" + WEDNESDAY).json();
        String start = null;
        for (JsonNode day : windows.get("days")) {
            for (JsonNode w : day.get("windows")) {
                if (start == null && w.get("available").asBoolean()) {
                    start = w.get("start").asString();
                }
            }
        }
        assertThat(start).as("a free window on Wednesday: " + windows).isNotNull();
        TestHttp.Response booked = new TestHttp(port).send("POST", "/api/public/bookings", """
                {"lat": %s, "lon": %s, "addressLine": "Triq il-Kbira 12", "service": "cleaning", "quantity": 1,
                 "date": "%s", "start": "%s", "contact": {"name": "Race Booker", "phone": "+356 2123 4567", "email": null},
                 "holdId": null}""".formatted(lat, lon, WEDNESDAY, start), Map.of("Idempotency-Key", "race-" + job));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        long bookedRequest = booked.json().get("requestId").asLong();
        String bookedNumber = booked.json().get("registrationNumber").asString();
        assertThat(db.fetchExists(db.selectOne().from("route_stop").where("request_id = ?", bookedRequest))).isTrue();
        long[] m = legalMove(WEDNESDAY);
        assertThat(move(WEDNESDAY, m[0], m[2], m[3], true, null).get("allowed").asBoolean()).isTrue();
        String movedNumber = db.fetchOne("SELECT registration_number FROM service_request WHERE id = ?", m[0]).get(0, String.class);

        TestHttp.Response published = admin.post("/api/plan-jobs/" + job + "/publish", "");

        if (published.status() == 409) {
            // refused: it must name what changed, and nothing was written
            assertThat(published.body()).containsAnyOf(bookedNumber, movedNumber);
            assertThat(technicianOf(m[0])).isEqualTo(m[2]);
        } else {
            assertThat(published.status()).as(published.toString()).isEqualTo(200);
            assertThat(published.json().get("status").asString()).isEqualTo("published");
        }
        // either way: the booked stop is on a route of Wednesday and the moved visit stays with its new technician
        assertThat(db.fetchOne("SELECT r.day FROM route_stop s JOIN route r ON r.id = s.route_id WHERE s.request_id = ?",
                bookedRequest)).as("booked stop kept").isNotNull();
        assertThat(db.fetchOne("SELECT r.technician_id FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "WHERE s.request_id = ?", m[0]).get(0, Long.class)).as("move kept").isEqualTo(m[2]);
        assertThat(technicianOf(m[0])).isEqualTo(m[2]);
        assertThat(db.fetchOne("SELECT status FROM service_request WHERE id = ?", bookedRequest).get(0, String.class))
                .isEqualTo("scheduled");
    }

    @Test
    @Order(5)
    void aCancelledVisitLeavesItsRouteAndTheVisitsAfterItMoveEarlier() {
        // a Tuesday route of three stops or more, none started or pinned, whose second stop may start at the first's time
        var route = db.fetchOne("""
                SELECT r.id, r.version FROM route r WHERE r.day = ?
                  AND (SELECT count(*) FROM route_stop s WHERE s.route_id = r.id) >= 3
                  AND NOT EXISTS (SELECT 1 FROM route_stop s WHERE s.route_id = r.id
                                  AND (s.started_at IS NOT NULL OR s.pinned))
                  AND EXISTS (SELECT 1 FROM route_stop s JOIN route_stop f ON f.route_id = s.route_id AND f.position = 0
                              JOIN service_request q ON q.id = s.request_id
                              WHERE s.route_id = r.id AND s.position = 1
                                AND (q.window_start IS NULL OR q.window_start <= f.start_at))
                ORDER BY r.id LIMIT 1""", TUESDAY);
        assertThat(route).as("a route to cancel from on " + TUESDAY).isNotNull();
        long routeId = route.get(0, Long.class);
        int version = route.get(1, Integer.class);
        List<Long> before = db.fetch("SELECT request_id FROM route_stop WHERE route_id = ? ORDER BY position", routeId)
                .getValues(0, Long.class);
        List<java.time.OffsetDateTime> startsBefore = db.fetch("SELECT start_at FROM route_stop WHERE route_id = ? "
                + "ORDER BY position", routeId).getValues(0, java.time.OffsetDateTime.class);
        long cancelled = before.getFirst();
        int requestVersion = db.fetchOne("SELECT version FROM service_request WHERE id = ?", cancelled).get(0, Integer.class);

        TestHttp.Response response = admin.send("POST", "/api/requests/" + cancelled + "/status",
                "{\"status\": \"cancelled\", \"note\": \"The customer called off the visit\"}",
                Map.of("If-Match", "\"" + requestVersion + "\""));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Long> after = db.fetch("SELECT request_id FROM route_stop WHERE route_id = ? ORDER BY position", routeId)
                .getValues(0, Long.class);
        assertThat(after).as("the others keep their order").isEqualTo(before.subList(1, before.size()));
        List<java.time.OffsetDateTime> startsAfter = db.fetch("SELECT start_at FROM route_stop WHERE route_id = ? "
                + "ORDER BY position", routeId).getValues(0, java.time.OffsetDateTime.class);
        for (int i = 0; i < startsAfter.size(); i++) {
            assertThat(startsAfter.get(i)).as("stop " + after.get(i) + " starts no later than before")
                    .isBeforeOrEqualTo(startsBefore.get(i + 1));
        }
        assertThat(startsAfter.getFirst()).as("the new first stop takes the freed time").isBefore(startsBefore.get(1));
        assertThat(db.fetchOne("SELECT version FROM route WHERE id = ?", routeId).get(0, Integer.class))
                .as("the route's version moved on").isGreaterThan(version);
    }
}
