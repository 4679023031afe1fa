package org.fieldplan.api.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
 * The technician's day on the Malta demo: only their own route, start and finish with labour and a comment, a
 * proposed change that waits for the dispatcher (confirmed: the quantities change; rejected: nothing changes), and
 * the phone page in headless Chromium.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_field",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_field",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_field, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({FieldWorkIT.Config.class, org.fieldplan.api.OwnSchema.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FieldWorkIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    static final String PASSWORD = "fieldplan-demo";

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-06-02T07:00:00Z"), ZoneId.of("Europe/Malta"));
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
    @Value("${local.server.port}")
    int port;

    TestHttp tech;
    TestHttp dispatcher;
    String techLogin;
    List<Long> stops;

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    void plannedDay() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        org.fieldplan.api.PlannedDemo.publishDay(problems, routeWriter, transaction, TUESDAY, 2);
        // published: the routed requests are scheduled with their technician (what a planning job's publish does)
        db.execute("UPDATE service_request q SET status = 'scheduled' FROM route_stop s WHERE s.request_id = q.id "
                + "AND q.status = 'agreed'");
        db.execute("UPDATE service_request q SET technician_id = r.technician_id FROM route_stop s "
                + "JOIN route r ON r.id = s.route_id WHERE s.request_id = q.id");
        var route = db.fetchOne("SELECT r.id, u.username FROM route r JOIN technician t ON t.id = r.technician_id "
                + "JOIN app_user u ON u.id = t.user_id WHERE r.day = ? ORDER BY (SELECT count(*) FROM route_stop s "
                + "WHERE s.route_id = r.id) DESC, r.id LIMIT 1", TUESDAY);
        techLogin = route.get(1, String.class);
        stops = db.fetch("SELECT request_id FROM route_stop WHERE route_id = ? ORDER BY position", route.get(0, Long.class))
                .getValues(0, Long.class);
        assertThat(stops).hasSizeGreaterThan(3);
        String dispatcherLogin = db.fetchOne("SELECT u.username FROM service_request q JOIN zone z ON z.id = q.zone_id "
                + "JOIN app_user u ON u.id = z.dispatcher_id WHERE q.id = ?", stops.get(2)).get(0, String.class);
        tech = new TestHttp(port).authorization(basic(techLogin));
        dispatcher = new TestHttp(port).authorization(basic(dispatcherLogin));
    }

    @Test
    @Order(1)
    void theTechnicianSeesOnlyTheirOwnDayAndWorksThroughAVisit() {
        JsonNode day = tech.get("/api/field/day?date=" + TUESDAY).json();
        assertThat(day.get("visits").findValues("requestId").stream().map(JsonNode::asLong).toList()).isEqualTo(stops);
        long first = stops.get(0);
        // finishing before starting is not a legal move
        assertThat(tech.post("/api/field/visits/" + first + "/done", "{\"labourMinutes\": 20}").status()).isEqualTo(409);
        assertThat(tech.post("/api/field/visits/" + first + "/start", "").status()).isEqualTo(204);
        TestHttp.Response bad = tech.post("/api/field/visits/" + first + "/done", "{\"labourMinutes\": 0}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("labourMinutes");
        assertThat(tech.post("/api/field/visits/" + first + "/done",
                "{\"labourMinutes\": 35, \"comment\": \"Meter seal replaced\"}").status()).isEqualTo(204);
        var stop = db.fetchOne("SELECT q.status, s.started_at, s.finished_at, s.labour_minutes FROM route_stop s "
                + "JOIN service_request q ON q.id = s.request_id WHERE s.request_id = ?", first);
        assertThat(stop.get(0, String.class)).isEqualTo("done");
        assertThat(stop.get(1, java.time.OffsetDateTime.class)).isNotNull();
        assertThat(stop.get(2, java.time.OffsetDateTime.class)).isNotNull();
        assertThat(stop.get(3, Integer.class)).isEqualTo(35);
        assertThat(db.fetchExists(db.selectOne().from("service_request_comment").where("request_id = ? AND visibility = "
                + "'private' AND body = 'Meter seal replaced'", first))).isTrue();
        // another technician's visit is not theirs to see or touch
        long others = db.fetchOne("SELECT s.request_id FROM route_stop s WHERE s.request_id NOT IN (" + String.join(",",
                stops.stream().map(String::valueOf).toList()) + ") LIMIT 1").get(0, Long.class);
        assertThat(tech.post("/api/field/visits/" + others + "/start", "").status()).isEqualTo(404);
        assertThat(dispatcher.get("/api/field/day").status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void aProposedChangeWaitsForTheDispatcher() {
        long visit = stops.get(2);
        var line = db.fetchOne("SELECT t.code, i.quantity FROM service_request_item i JOIN service_type t ON t.id = i.service_type_id "
                + "WHERE i.request_id = ? ORDER BY i.line LIMIT 1", visit);
        String code = line.get(0, String.class);
        int before = line.get(1, Integer.class);
        int proposed = before + 2;
        TestHttp.Response created = tech.post("/api/field/visits/" + visit + "/edits", """
                {"items": [{"serviceCode": "%s", "quantity": %d}], "note": "Two more meters in the basement"}""".formatted(code, proposed));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long edit = created.json().get("id").asLong();
        assertThat(quantity(visit, code)).as("nothing changes before the dispatcher confirms").isEqualTo(before);
        assertThat(dispatcher.get("/api/edits?status=pending").json().findValues("id").stream().map(JsonNode::asLong)).contains(edit);
        TestHttp.Response confirmed = dispatcher.post("/api/edits/" + edit + "/confirm", "");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(quantity(visit, code)).isEqualTo(proposed);
        assertThat(dispatcher.post("/api/edits/" + edit + "/confirm", "").status()).isEqualTo(409);

        long rejectedEdit = tech.post("/api/field/visits/" + visit + "/edits", """
                {"items": [{"serviceCode": "%s", "quantity": 1}], "note": "Only one after all"}""".formatted(code)).json()
                .get("id").asLong();
        assertThat(dispatcher.post("/api/edits/" + rejectedEdit + "/reject", "{\"reason\": \"Customer confirmed three\"}").status())
                .isEqualTo(200);
        assertThat(quantity(visit, code)).isEqualTo(proposed);
        TestHttp.Response badEdit = tech.post("/api/field/visits/" + visit + "/edits", "{\"items\": [{\"serviceCode\": \"plumbing\", \"quantity\": 0}]}");
        assertThat(badEdit.status()).isEqualTo(400);
        assertThat(badEdit.body()).contains("items[0].serviceCode").contains("items[0].quantity").contains("note");
    }

    private int quantity(long request, String code) {
        return db.fetchOne("SELECT i.quantity FROM service_request_item i JOIN service_type t ON t.id = i.service_type_id "
                + "WHERE i.request_id = ? AND t.code = ?", request, code).get(0, Integer.class);
    }

    @Test
    void thePhonePageShowsTheStreetMapWithTheDaysStopsAndNavigatorLinks() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.timeout(java.time.Duration.ofSeconds(120));     // a first run builds the base map (about a minute)
            browser.login(techLogin, PASSWORD).go("/field?lang=en&date=" + TUESDAY);
            String map = "document.getElementById('basemap').fieldplanMap";
            browser.waitUntil("the street map with the day's stops", map + " && " + map + ".map.loaded() && "
                    + map + ".map.areTilesLoaded() && " + map + ".map.queryRenderedFeatures({layers: ['fp-stops-circle']}).length > 1");
            browser.timeout(java.time.Duration.ofSeconds(20));
            browser.waitUntil("streets under the stops", map + ".map.queryRenderedFeatures({layers: ['road']}).length > 0");
            assertThat(browser.eval(map + ".map.queryRenderedFeatures({layers: ['fp-routes-line']}).length").asInt()).isPositive();
            assertThat(browser.text(".maplibregl-ctrl-attrib")).contains("OpenStreetMap");
            assertThat(browser.eval("document.querySelector('section.visit a.geo').href").asText()).startsWith("geo:");
            assertThat(browser.eval("document.querySelector('section.visit a.yandexNavigator').href").asText())
                    .startsWith("yandexnavi://build_route_on_map?lat_to=");
            if (browser.isShown(".nav.day")) {
                assertThat(browser.eval("document.querySelector('.nav.day a.google').href").asText()).contains("waypoints=");
            }
            browser.screenshot("field-map");
        }
    }

    @Test
    @Order(3)
    void thePhonePageStartsAVisit() {
        long visit = stops.get(3);
        try (Browser browser = Browser.open(port, Viewport.PHONE, "ru")) {
            browser.login(techLogin, PASSWORD).go("/field?lang=ru&date=" + TUESDAY);
            browser.waitFor("section.visit[data-request=\"" + visit + "\"] button.start");
            assertThat(browser.text("h1")).isEqualTo("Мой день");
            browser.click("section.visit[data-request=\"" + visit + "\"] button.start");
            browser.waitFor("section.visit.in_progress[data-request=\"" + visit + "\"] button.done");
            browser.screenshot("field-day-ru");
        }
        assertThat(db.fetchOne("SELECT status FROM service_request WHERE id = ?", visit).get(0, String.class)).isEqualTo("in_progress");
    }
}
