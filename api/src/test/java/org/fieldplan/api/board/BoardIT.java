package org.fieldplan.api.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.RouteStore;
import org.jooq.DSLContext;
import org.jooq.Record;
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
 * The dispatcher board on a planned Malta day: the day view's data, moves checked against the hard rules (in words
 * naming the technician) and applied only when legal, pins as a route prefix, free technicians, access; and the page
 * driven in headless Chromium: run a plan with live progress, publish, pin a visit, drag a visit onto another
 * technician and see the check.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_board",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_board",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_board, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoardIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    static final String PASSWORD = "fieldplan-demo";


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
    @Value("${local.server.port}")
    int port;

    TestHttp admin;

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    void plannedDay() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        org.fieldplan.api.PlannedDemo.publishDay(problems, routeWriter, transaction, TUESDAY, 2);
        admin = new TestHttp(port).authorization(basic("admin"));
    }

    JsonNode move(long request, long technician, int position, boolean apply) {
        TestHttp.Response r = admin.post("/api/board/move", """
                {"date": "%s", "requestId": %d, "technicianId": %d, "position": %d, "apply": %s}"""
                .formatted(TUESDAY, request, technician, position, apply));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    @Order(1)
    void theDayShowsEveryWorkingTechnicianWithBarsWorkloadAndUnplannedReasons() {
        JsonNode day = admin.get("/api/board/day?date=" + TUESDAY).json();
        long working = ((Number) db.fetchValue("SELECT count(DISTINCT technician_id) FROM schedule_interval "
                + "WHERE technician_id IS NOT NULL AND on_date = ?", TUESDAY)).longValue();
        assertThat(day.get("rows").size()).isEqualTo((int) working);
        long stops = ((Number) db.fetchValue("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id WHERE r.day = ?",
                TUESDAY)).longValue();
        assertThat(day.findValues("bars").stream().mapToInt(JsonNode::size).sum()).isEqualTo((int) stops);
        for (JsonNode u : day.get("unplanned")) {
            assertThat(u.get("reasons").size()).isPositive();
        }
        assertThat(day.get("zones").size()).isEqualTo(6);
        assertThat(new TestHttp(port).authorization(basic("tech01")).get("/api/board/day?date=" + TUESDAY).status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void aMoveIsCheckedAgainstTheHardRulesFirstAndAppliedOnlyWhenLegal() {
        // a visit needing a skill, and a technician working that day without it
        Record pair = db.fetchOne("SELECT s.request_id, t.id, t.name, st.skill_code FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "JOIN service_request_item i ON i.request_id = s.request_id JOIN service_type_skill st ON st.service_type_id = i.service_type_id "
                + "JOIN route r2 ON r2.day = r.day AND r2.technician_id <> r.technician_id JOIN technician t ON t.id = r2.technician_id "
                + "WHERE r.day = ? AND NOT EXISTS (SELECT 1 FROM technician_skill ts WHERE ts.technician_id = t.id "
                + "AND ts.skill_code = st.skill_code) AND s.pinned = false ORDER BY s.request_id, t.id LIMIT 1", TUESDAY);
        JsonNode refused = move(pair.get(0, Long.class), pair.get(1, Long.class), 0, true);
        assertThat(refused.get("allowed").asBoolean()).isFalse();
        assertThat(refused.get("violations").toString()).contains(pair.get(2, String.class)).contains("lacks skill")
                .contains(pair.get(3, String.class));
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "WHERE s.request_id = ? AND r.technician_id = ?", pair.get(0, Long.class), pair.get(1, Long.class))).longValue()).isZero();

        // a legal move: a new 30-minute meter verification at the door of a stop on a route with time to spare,
        // placed right after that stop by a technician who has the skill
        // make time on one route of a technician with the skill: keep only its first stop (fixture)
        long light = ((Number) db.fetchValue("SELECT r.id FROM route r JOIN technician_skill ts ON ts.technician_id = r.technician_id "
                + "AND ts.skill_code = 'meter-verification' WHERE r.day = ? AND EXISTS (SELECT 1 FROM route_stop s WHERE s.route_id = r.id "
                + "AND s.pinned = false) ORDER BY r.id LIMIT 1", TUESDAY)).longValue();
        db.execute("DELETE FROM route_stop WHERE route_id = ? AND position > 0", light);
        Record host = db.fetchOne("SELECT s.request_id, s.position, r.technician_id, ST_Y(q.location) lat, ST_X(q.location) lon, "
                + "q.customer_id FROM route r JOIN route_stop s ON s.route_id = r.id JOIN service_request q ON q.id = s.request_id "
                + "JOIN technician_skill ts ON ts.technician_id = r.technician_id AND ts.skill_code = 'meter-verification' "
                + "WHERE r.day = ? AND s.position = (SELECT max(position) FROM route_stop x WHERE x.route_id = r.id) "
                + "AND r.id = ?", TUESDAY, light);
        assertThat(host).as("a route with time to spare").isNotNull();
        TestHttp.Response created = admin.post("/api/requests", """
                {"customerId": %d, "address": {"line": "Next door", "lat": %s, "lon": %s},
                 "services": [{"serviceTypeCode": "meter-verification", "quantity": 1}], "source": "phone",
                 "deadline": "%s"}""".formatted(host.get(5, Long.class), host.get(3, Double.class), host.get(4, Double.class),
                TUESDAY.atTime(23, 0).atZone(ZoneId.of("Europe/Malta")).toOffsetDateTime()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long added = created.json().get("id").asLong();
        db.execute("UPDATE service_request SET status = 'agreed' WHERE id = ?", added);
        int position = host.get(1, Integer.class) + 1;
        JsonNode check = move(added, host.get(2, Long.class), position, false);
        assertThat(check.get("allowed").asBoolean()).as(check.toString()).isTrue();
        JsonNode done = move(added, host.get(2, Long.class), position, true);
        assertThat(done.get("allowed").asBoolean()).isTrue();
        assertThat(db.fetchOne("SELECT s.position FROM route_stop s JOIN route r ON r.id = s.route_id WHERE s.request_id = ? "
                + "AND r.technician_id = ?", added, host.get(2, Long.class)).get(0, Integer.class)).isEqualTo(position);
    }

    @Test
    @Order(3)
    void pinsFormARoutePrefix() {
        long route = ((Number) db.fetchValue("SELECT route_id FROM route_stop GROUP BY route_id HAVING count(*) >= 4 ORDER BY route_id LIMIT 1"))
                .longValue();
        List<Long> stops = db.fetch("SELECT request_id FROM route_stop WHERE route_id = ? ORDER BY position", route).getValues(0, Long.class);
        assertThat(admin.post("/api/board/pin", "{\"requestId\": " + stops.get(2) + ", \"pinned\": true}").status()).isEqualTo(204);
        assertThat(pinned(route)).containsExactly(true, true, true, false);
        assertThat(admin.post("/api/board/pin", "{\"requestId\": " + stops.get(1) + ", \"pinned\": false}").status()).isEqualTo(204);
        assertThat(pinned(route)).containsExactly(true, false, false, false);
        JsonNode refused = move(stops.get(0), ((Number) db.fetchValue("SELECT technician_id FROM route WHERE id = ?", route)).longValue(), 3, false);
        assertThat(refused.get("violations").toString()).contains("pinned");
    }

    private List<Boolean> pinned(long route) {
        return db.fetch("SELECT pinned FROM route_stop WHERE route_id = ? ORDER BY position LIMIT 4", route).getValues(0, Boolean.class);
    }

    @Test
    @Order(4)
    void freeTechniciansHaveNoVisitInTheInterval() {
        long zone = ((Number) db.fetchValue("SELECT zone_id FROM schedule_interval WHERE on_date = ? AND zone_id IS NOT NULL "
                + "GROUP BY zone_id ORDER BY count(*) DESC LIMIT 1", TUESDAY)).longValue();
        JsonNode free = admin.get("/api/board/free?date=" + TUESDAY + "&zoneId=" + zone + "&from=15:00&to=15:30").json();
        for (JsonNode f : free) {
            long busy = ((Number) db.fetchValue("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id WHERE r.day = ? "
                    + "AND r.technician_id = ? AND s.arrival_at < ?::timestamptz AND s.end_at > ?::timestamptz", TUESDAY,
                    f.get("technicianId").asLong(), TUESDAY.atTime(15, 30).atZone(ZoneId.of("Europe/Malta")).toOffsetDateTime(),
                    TUESDAY.atTime(15, 0).atZone(ZoneId.of("Europe/Malta")).toOffsetDateTime())).longValue();
            assertThat(busy).as(f.toString()).isZero();
        }
        assertThat(admin.get("/api/board/free?date=" + TUESDAY + "&zoneId=" + zone + "&from=15:00&to=14:00").status()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void theBoardRunsAPlanPublishesPinsAndChecksADraggedVisit() {
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login("admin", PASSWORD).go("/board?lang=en&date=" + TUESDAY);
            browser.waitFor(".bar");
            browser.screenshot("board-day");
            browser.type("#seconds", "3");
            browser.click("#run");
            browser.waitUntil("progress shown", "document.querySelector('#progress').textContent.includes('placed')");
            browser.waitUntil("the job to finish", "!document.querySelector('#publish').disabled");
            browser.screenshot("board-planned");
            browser.click("#publish");
            browser.waitUntil("published", "document.querySelector('#progress').textContent === 'Published'");
            // pin the second visit of a route: it and the first get the pin mark
            browser.waitFor(".rowwrap .bar");
            String second = browser.eval("[...document.querySelectorAll('.trow')].map(r => r.querySelectorAll('.bar'))"
                    + ".find(b => b.length >= 2 && !b[1].classList.contains('pinned'))[1].dataset.request").asString();
            browser.click(".bar[data-request=\"" + second + "\"]");
            browser.waitFor("#card h4"); // the card is complete (its history has come)
            browser.click("#card button.pin");
            browser.waitFor(".bar.pinned[data-request=\"" + second + "\"]");
            // drag an unpinned visit onto another technician's row: the hard-rule check answers first
            String moved = browser.eval("[...document.querySelectorAll('.bar:not(.pinned)')][0].dataset.request").asString();
            browser.eval("(() => { const bar = document.querySelector('.bar[data-request=\"" + moved + "\"]');"
                    + " const rows = [...document.querySelectorAll('.trow')].filter(r => !r.contains(bar));"
                    + " const target = rows[rows.length - 1]; const dt = new DataTransfer();"
                    + " bar.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
                    + " const r = target.getBoundingClientRect();"
                    + " target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + 5}));"
                    + " target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + 5}));"
                    + " return true; })()");
            browser.waitUntil("the move check", "!document.querySelector('#check').hidden && document.querySelector('#check').textContent.length > 10");
            assertThat(browser.text("#check")).matches("(?s).*(No rule is broken|Not allowed).*");
            browser.screenshot("board-move-check");
        }
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM plan_job WHERE status = 'published'")).longValue()).isPositive();
    }

    @Test
    @Order(6)
    void onATabletInRussianTheBoardFitsTheScreen() {
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login("admin", PASSWORD).go("/board?lang=ru&date=" + TUESDAY);
            browser.waitFor(".bar");
            assertThat(browser.text("h1")).isEqualTo("Доска диспетчера");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).isTrue();
            browser.screenshot("board-tablet-ru", true);
        }
    }
}
