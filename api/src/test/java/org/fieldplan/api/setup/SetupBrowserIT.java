package org.fieldplan.api.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SCHEDULE_INTERVAL;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE_SERVICE_TYPE;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.persistence.jooq.tables.records.ZoneRecord;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14's "done when", in headless Chromium against the whole service on a company of its own (no demo data; the
 * clock on Monday 1 June 2026): an administrator draws a new zone over Mosta on the street map by clicking points
 * (a crossing outline first: the problem is marked on the map where the service says and nothing is stored), gives it
 * a dispatcher and a service, sets a technician's week with two zones on Tuesday by dragging in the week grid (an
 * overlapping interval is saved with a warning naming both), and the public booking for an address in the new zone
 * then offers Tuesday windows inside that technician's Mosta hours, and a booked one lands on that technician.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_setup_page",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_setup_page",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_setup_page, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class, Fixtures.class})
class SetupBrowserIT {

    static final LocalDate TUESDAY = LocalDate.parse("2026-06-02");

    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Value("${local.server.port}")
    int port;

    @Test
    void anAdministratorDrawsAZoneOverMostaSetsATechniciansTuesdayAndTheBookingOffersThatTechnician() {
        TestHttp http = new TestHttp(port);
        // an address in Mosta from the extract's own address index
        JsonNode address = null;
        List<String> seen = new ArrayList<>();
        for (String q : List.of("Triq il-Kostituzzjoni", "Triq il-Kbira", "Triq")) {
            for (JsonNode s : addresses(http, q)) {
                seen.add(s.path("label").asString() + " (" + s.path("locality").asString() + " " + s.path("lat").asDouble() + ","
                        + s.path("lon").asDouble() + ")");
                double sLat = s.path("lat").asDouble();
                double sLon = s.path("lon").asDouble();
                boolean inMosta = s.path("label").asString().contains("Mosta") || s.path("locality").asString().contains("Mosta")
                        || sLat > 35.903 && sLat < 35.917 && sLon > 14.418 && sLon < 14.434;  // the town around its Rotunda
                if (address == null && inMosta) {
                    address = s;
                }
            }
        }
        assertThat(address).as("a suggested street in Mosta among %s", seen).isNotNull();
        double lat = address.get("lat").asDouble();
        double lon = address.get("lon").asDouble();

        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Fixtures.Login dispatcher = fixtures.user(Role.DISPATCHER);
        long serviceId = fixtures.serviceType("mosta-cleaning");
        String serviceCode = db.fetchValue("SELECT code FROM service_type WHERE id = ?", serviceId).toString();
        Fixtures.Login technician = fixtures.technician();
        // another zone far away (the technician's afternoon) and one that overlaps the new zone's north-east corner
        long valletta = fixtures.squareZone("Valletta", 14.50, 35.89, 0.01, null);
        long neighbour = fixtures.squareZone("Mosta north-east", lon + 0.001, lat + 0.001, 0.01, null);
        db.insertInto(ZONE_SERVICE_TYPE, ZONE_SERVICE_TYPE.ZONE_ID, ZONE_SERVICE_TYPE.SERVICE_TYPE_ID).values(valletta, serviceId).execute();

        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup");
            browser.clickText(".fp-subnav a", "Zones");
            browser.waitUntil("the zone editor", "document.body.dataset.ready === 'true'");
            browser.eval("void document.getElementById('zoneMap').fieldplanMap.map.jumpTo({center: [" + lon + ", " + lat + "], zoom: 15})");
            browser.waitUntil("the map moved and drawn", "document.getElementById('zoneMap').fieldplanMap.map.loaded()");
            browser.click("#newZone");
            browser.type("#name", "Mosta centre").type("#city", "Mosta");
            browser.select("#dispatcherId", String.valueOf(dispatcher.userId()));
            browser.click("#services input[value='" + serviceId + "']");

            double d = 0.002;
            // a bow tie first: the outline crosses itself, the service says where, and the spot is marked on the map
            clickMap(browser, lon - d, lat - d);
            clickMap(browser, lon + d, lat + d);
            clickMap(browser, lon + d, lat - d);
            clickMap(browser, lon - d, lat + d);
            browser.waitFor(".zone-problem");
            assertThat(browser.text("#problems")).contains("crosses itself");
            double markedLon = browser.eval("Number(document.querySelector('.zone-problem').dataset.lon)").asDouble();
            double markedLat = browser.eval("Number(document.querySelector('.zone-problem').dataset.lat)").asDouble();
            assertThat(markedLon).as("the crossing of the bow tie's diagonals").isCloseTo(lon, org.assertj.core.data.Offset.offset(0.0002));
            assertThat(markedLat).isCloseTo(lat, org.assertj.core.data.Offset.offset(0.0002));
            browser.screenshot("setup-zone-crossing");
            browser.click("#save");
            browser.waitForText("#zoneForm .error[data-for=form]", "nothing was saved");
            assertThat(db.fetchCount(ZONE, ZONE.NAME.eq("Mosta centre"))).as("nothing stored while the area is wrong").isZero();

            // the right outline, its last point put a little too far north and dragged onto the corner
            browser.click("#clearArea");
            clickMap(browser, lon - d, lat - d);
            clickMap(browser, lon + d, lat - d);
            clickMap(browser, lon + d, lat + d);
            clickMap(browser, lon - d, lat + d + 0.001);
            // move the last point down onto the square's corner by dragging it
            Point last = pixel(browser, lon - d, lat + d + 0.001);
            Point corner = pixel(browser, lon - d, lat + d);
            browser.drag("#zoneMap", last.x, last.y, corner.x, corner.y);
            browser.waitUntil("no problem left", "document.querySelectorAll('.zone-problem').length === 0"
                    + " && document.getElementById('zoneForm').dataset.valid === 'true'");
            browser.waitFor("#overlaps li[data-zone='" + neighbour + "']");
            browser.screenshot("setup-zone-mosta");
            browser.click("#save");
            browser.waitForText("#saved", "Saved");

            ZoneRecord zone = db.selectFrom(ZONE).where(ZONE.NAME.eq("Mosta centre")).fetchSingle();
            assertThat(zone.getCity()).isEqualTo("Mosta");
            assertThat(zone.getDispatcherId()).isEqualTo(dispatcher.userId());
            assertThat(db.fetchExists(ZONE_SERVICE_TYPE, ZONE_SERVICE_TYPE.ZONE_ID.eq(zone.getId()),
                    ZONE_SERVICE_TYPE.SERVICE_TYPE_ID.eq(serviceId))).isTrue();
            assertThat(zone.getArea().contains(org.fieldplan.api.persistence.Geo.point(lat, lon))).as("the address is inside").isTrue();
            assertThat(zone.getArea().getEnvelopeInternal().getMinY()).isCloseTo(lat - d, org.assertj.core.data.Offset.offset(0.0003));
            assertThat(zone.getArea().getEnvelopeInternal().getMaxY()).as("the dragged point")
                    .isCloseTo(lat + d, org.assertj.core.data.Offset.offset(0.0003));

            // the technician's week: Tuesday 08:00-12:00 in Mosta, 13:00-16:00 in Valletta, every week, by dragging
            browser.go("/setup/schedules?technician=" + technician.technicianId() + "&week=2026-06-01");
            browser.waitUntil("the week grid", "document.body.dataset.ready === 'true'");
            browser.select("#zone", String.valueOf(zone.getId()));
            dragDay(browser, "TUESDAY", "08:00", "12:00");
            browser.waitFor(".day[data-dow=TUESDAY] .interval[data-start='08:00'][data-end='12:00']");
            browser.select("#zone", String.valueOf(valletta));
            dragDay(browser, "TUESDAY", "13:00", "16:00");
            browser.waitFor(".day[data-dow=TUESDAY] .interval[data-start='13:00'][data-end='16:00']");
            // a dated interval over the morning is saved, with a warning naming both
            browser.click("input[name=kind][value=dated]");
            dragDay(browser, "TUESDAY", "12:15", "13:30");
            browser.waitFor("#warnings li");
            assertThat(browser.text("#warnings li")).contains("12:15–13:30").contains("13:00–16:00");
            browser.screenshot("setup-week-warning");
            browser.click(".day[data-dow=TUESDAY] .interval[data-kind=dated]");
            browser.click("#iDelete");
            browser.waitForGone(".day[data-dow=TUESDAY] .interval[data-kind=dated]");
            browser.screenshot("setup-week");
        }

        var intervals = db.selectFrom(SCHEDULE_INTERVAL).where(SCHEDULE_INTERVAL.TECHNICIAN_ID.eq(technician.technicianId()))
                .orderBy(SCHEDULE_INTERVAL.START_TIME).fetch();
        assertThat(intervals).hasSize(2);
        assertThat(intervals.get(0).getDayOfWeek()).isEqualTo((short) 2);
        assertThat(intervals.get(0).getZoneId()).isEqualTo(db.fetchValue("SELECT id FROM zone WHERE name = 'Mosta centre'"));
        assertThat(intervals.get(0).getStartTime()).isEqualTo(LocalTime.of(8, 0));
        assertThat(intervals.get(0).getEndTime()).isEqualTo(LocalTime.of(12, 0));
        assertThat(intervals.get(1).getZoneId()).isEqualTo(valletta);

        // the booking for the address in the new zone offers Tuesday windows within the technician's Mosta hours
        // (the window search may answer from the horizon prepared before the last change for up to 2 s: ask until it has it)
        JsonNode windows = null;
        for (long until = System.nanoTime() + 30_000_000_000L; System.nanoTime() < until; ) {
            windows = http.get("/api/public/windows?service=" + serviceCode + "&lat=" + lat + "&lon=" + lon
                    + "&from=2026-06-02&to=2026-06-08").json();
            if (windows.path("zone").path("name").asString().equals("Mosta centre")) {
                break;
            }
            sleep(500);
        }
        assertThat(windows.path("zone").path("name").asString()).as(windows.toString()).isEqualTo("Mosta centre");
        List<String> offered = new ArrayList<>();
        for (JsonNode day : windows.path("days")) {
            for (JsonNode w : day.path("windows")) {
                if (w.path("available").asBoolean()) {
                    offered.add(day.path("date").asString() + " " + w.path("start").asString() + "-" + w.path("end").asString());
                }
            }
        }
        assertThat(offered).as(windows.toString()).isNotEmpty()
                .allSatisfy(w -> assertThat(w).startsWith(TUESDAY.toString()));
        for (String w : offered) {
            String[] times = w.substring(11).split("-");
            assertThat(LocalTime.parse(times[0])).as(w).isAfterOrEqualTo(LocalTime.of(8, 0));
            assertThat(LocalTime.parse(times[1])).as(w).isBeforeOrEqualTo(LocalTime.of(12, 0));
        }
        String start = offered.getFirst().substring(11, 16);
        TestHttp.Response hold = http.post("/api/public/holds", "{\"lat\": " + lat + ", \"lon\": " + lon + ", \"addressLine\": "
                + Browser.js(address.get("label").asString()) + ", \"service\": \"" + serviceCode + "\", \"date\": \"" + TUESDAY
                + "\", \"start\": \"" + start + "\"}");
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        TestHttp.Response booked = http.send("POST", "/api/public/bookings", "{\"holdId\": \"" + hold.json().get("holdId").asString()
                + "\", \"lat\": " + lat + ", \"lon\": " + lon + ", \"addressLine\": " + Browser.js(address.get("label").asString())
                + ", \"service\": \"" + serviceCode + "\", \"date\": \"" + TUESDAY + "\", \"start\": \"" + start
                + "\", \"contact\": {\"name\": \"Maria Borg\", \"phone\": \"+35699123456\"}}",
                java.util.Map.of("Idempotency-Key", "setup-" + java.util.UUID.randomUUID()));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        long requestId = booked.json().get("requestId").asLong();
        assertThat(db.select(SERVICE_REQUEST.TECHNICIAN_ID).from(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(requestId)).fetchOne(SERVICE_REQUEST.TECHNICIAN_ID))
                .as("the booked window is the technician's").isEqualTo(technician.technicianId());
    }

    /** The address suggestions; the first question waits for the street index of the extract (slow on a busy machine). */
    private static JsonNode addresses(TestHttp http, String q) {
        for (int attempt = 1; ; attempt++) {
            try {
                return http.get("/api/public/addresses?limit=20&q=" + Browser.query(q)).json();
            } catch (IllegalStateException e) {
                if (attempt == 6) {
                    throw e;
                }
            }
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

    record Point(double x, double y) {}

    private static Point pixel(Browser browser, double lon, double lat) {
        JsonNode p = browser.eval("(() => { const p = document.getElementById('zoneMap').fieldplanMap.map.project([" + lon + ", " + lat
                + "]); return [p.x, p.y]; })()");
        return new Point(p.get(0).asDouble(), p.get(1).asDouble());
    }

    private static void clickMap(Browser browser, double lon, double lat) {
        int before = browser.eval("Number(document.getElementById('zoneMap').dataset.points)").asInt();
        Point p = pixel(browser, lon, lat);
        browser.clickAt("#zoneMap", p.x, p.y);
        browser.waitUntil("a point added", "Number(document.getElementById('zoneMap').dataset.points) > " + before);
    }

    /** Drags down the day's column from one time to another (the grid starts at 06:00, 40 px an hour). */
    private static void dragDay(Browser browser, String day, String from, String to) {
        double y1 = (LocalTime.parse(from).toSecondOfDay() / 3600.0 - 6) * 40;
        double y2 = (LocalTime.parse(to).toSecondOfDay() / 3600.0 - 6) * 40;
        browser.drag(".day[data-dow=" + day + "]", 20, y1 + 1, 20, y2 + 1);
    }
}
