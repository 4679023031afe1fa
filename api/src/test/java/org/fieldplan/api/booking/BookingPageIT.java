package org.fieldplan.api.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.RouteStore;
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
 * The booking form in headless Chromium on a phone-sized window, against the real service on the Malta demo (planned
 * routes, real roads): a whole booking in English and in Russian, a field error from the server shown next to its
 * field, and the window taken by someone else between choosing and confirming (alternatives offered). Screenshots go
 * to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_bookpage",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_bookpage",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_bookpage, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookingPageIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");


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

    String street;
    String suggestion;
    double lat;
    double lon;

    @BeforeAll
    void plannedCompany() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        LocalDate tuesday = LocalDate.of(2026, 6, 2);
        org.fieldplan.api.PlannedDemo.publishDay(problems, routeWriter, transaction, tuesday, 2);
        // a street of the map inside a zone: the suggestion a customer picks
        // (suggestions name their locality now; the zone is what the windows answer names, with free windows)
        TestHttp http = new TestHttp(port);
        JsonNode found = http.get("/api/public/addresses?q=Triq&limit=50").json();
        for (JsonNode s : found) {
            JsonNode windows = http.get("/api/public/windows?service=meter-verification&lat=" + s.get("lat").asDouble()
                    + "&lon=" + s.get("lon").asDouble()).json();
            if (!windows.path("zone").isNull() && !windows.path("zone").isMissingNode()
                    && windows.toString().contains("\"available\":true")) {
                suggestion = s.get("label").asString();
                lat = s.get("lat").asDouble();
                lon = s.get("lon").asDouble();
                street = suggestion; // typed in full: the same street exists in many towns
                break;
            }
        }
        assertThat(suggestion).as("a Malta street inside a zone").isNotNull();
    }

    private void chooseAddressAndService(Browser browser, String lang) {
        browser.go("/book?lang=" + lang);
        browser.waitUntil("the page", "document.querySelectorAll('#service option').length > 0");
        browser.type("#address", street);
        browser.waitUntil("the page", "[...document.querySelectorAll('#suggestions button')].some(b => b.textContent === "
                + Browser.js(suggestion) + ")");
        browser.eval("[...document.querySelectorAll('#suggestions button')].findIndex(b => b.textContent === "
                + Browser.js(suggestion) + ")");
        int index = browser.eval("[...document.querySelectorAll('#suggestions button')].findIndex(b => b.textContent === "
                + Browser.js(suggestion) + ")").asInt();
        browser.click("#suggestions li:nth-child(" + (index + 1) + ") button");
        browser.waitUntil("the page", "document.querySelector('#lat').value !== ''");
        browser.type("#house", "12");
        browser.select("#service", "meter-verification");
        browser.click("#find");
        browser.waitUntil("the page", "document.querySelector('#windows button:not([disabled])') !== null");
    }

    /** Chooses the first free window of the shown day; returns [date, start]. */
    private String[] chooseFirstWindow(Browser browser) {
        String date = browser.eval("document.querySelector('#days button[aria-selected=\"true\"]').dataset.date").asString();
        String start = browser.eval("document.querySelector('#windows button:not([disabled])').dataset.start").asString();
        browser.click("#windows button:not([disabled])");
        browser.waitUntil("the page", "!document.querySelector('#step-who').hidden && !document.querySelector('#hold').hidden");
        return new String[] {date, start};
    }

    @Test
    void aCustomerBooksOnAPhoneInEnglishAndInRussian() throws Exception {
        for (String lang : List.of("en", "ru")) {
            try (Browser browser = Browser.open(port, Viewport.PHONE, lang)) {
                chooseAddressAndService(browser, lang);
                assertThat(browser.text("h1")).isEqualTo(lang.equals("ru") ? "Запись на визит" : "Book a visit");
                // the page fits a phone: nothing wider than the window
                assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).isTrue();
                String[] chosen = chooseFirstWindow(browser);
                assertThat(browser.text("#hold")).contains(lang.equals("ru") ? "закреплено" : "held for you");
                browser.screenshot("booking-" + lang + "-window");
                browser.type("#name", lang.equals("ru") ? "Анна Борг" : "Anna Borg");
                browser.type("#phone", "+356 2123 4567");
                browser.click("#confirm");
                browser.waitUntil("the page", "!document.querySelector('#done').hidden");
                String number = browser.text("#number");
                assertThat(browser.screenshot("booking-" + lang + "-done")).satisfies(p -> assertThat(Files.size(p)).isPositive());
                assertThat(number).matches("2026-\\d{6}");

                var stored = db.fetchOne("SELECT r.status, r.window_start, r.address_line, c.name FROM service_request r "
                        + "JOIN customer c ON c.id = r.customer_id WHERE r.registration_number = ?", number);
                assertThat(stored).isNotNull();
                assertThat(stored.get("status", String.class)).isEqualTo("scheduled");
                assertThat(stored.get("name", String.class)).isEqualTo(lang.equals("ru") ? "Анна Борг" : "Anna Borg");
                assertThat(stored.get("address_line", String.class)).isEqualTo(suggestion + ", 12");
                var start = stored.get("window_start", java.time.OffsetDateTime.class).atZoneSameInstant(MALTA);
                assertThat(start.toLocalDate().toString()).isEqualTo(chosen[0]);
                assertThat(start.toLocalTime().toString()).isEqualTo(chosen[1]);
                assertThat(db.fetchExists(db.selectOne().from("route_stop s").join("service_request r")
                        .on("r.id = s.request_id").where("r.registration_number = ?", number))).isTrue();
            }
        }
    }

    @Test
    void aServerErrorIsShownNextToItsField() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            chooseAddressAndService(browser, "en");
            chooseFirstWindow(browser);
            browser.type("#name", "N".repeat(201));
            browser.type("#phone", "+356 2123 4567");
            browser.click("#confirm");
            browser.waitUntil("the page", "document.querySelector('.error[data-for=\"contact.name\"]').textContent !== ''");
            assertThat(browser.text(".error[data-for=\"contact.name\"]")).contains("200 characters");
            assertThat(browser.eval("document.querySelector('#done').hidden").asBoolean()).isTrue();
            browser.screenshot("booking-field-error");
        }
    }

    @Test
    void aWindowTakenBeforeConfirmingOffersAlternatives() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            chooseAddressAndService(browser, "en");
            String[] chosen = chooseFirstWindow(browser);
            double lat = Double.parseDouble(browser.eval("document.querySelector('#lat').value").asString());
            double lon = Double.parseDouble(browser.eval("document.querySelector('#lon').value").asString());
            // the hold runs out and other customers fill the window meanwhile
            db.execute("DELETE FROM booking_hold");
            for (int i = 0; i < 60; i++) {
                String body = """
                        {"lat": %s, "lon": %s, "addressLine": "Next door", "service": "meter-verification", "quantity": 1,
                         "date": "%s", "start": "%s", "contact": {"name": "Other %d", "phone": "+356 2000 0000"}}"""
                        .formatted(lat, lon, chosen[0], chosen[1], i);
                if (new TestHttp(port).send("POST", "/api/public/bookings", body,
                        java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString())).status() == 409) {
                    break;
                }
            }
            browser.type("#name", "Late Customer");
            browser.type("#phone", "+356 2123 9999");
            browser.click("#confirm");
            browser.waitUntil("the page", "!document.querySelector('#alternatives').hidden");
            assertThat(browser.eval("document.querySelectorAll('#alternatives button.alternative').length").asInt()).isPositive();
            assertThat(browser.text("#alternatives")).contains("has just been taken");
            browser.screenshot("booking-taken-alternatives");
            // one of the alternatives can be taken straight away
            browser.click("#alternatives button.alternative");
            browser.waitUntil("the page", "!document.querySelector('#hold').hidden && document.querySelector('#hold').textContent.includes('held')");
        }
    }

    /** The last amount ("12.50", "1,234.50") in an English text. */
    private static java.math.BigDecimal amount(String text) {
        var m = java.util.regex.Pattern.compile("\\d[\\d,]*\\.\\d\\d").matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        assertThat(last).as("an amount in '%s'", text).isNotNull();
        return new java.math.BigDecimal(last.replace(",", ""));
    }

    /**
     * Issue 16: an extra service offered in the address's zone is added to the order by the server, shown apart with a
     * remove control; removed, the total drops by its price, and the booked request holds neither its line nor its price.
     * A code that is not a service of the price list is refused by its index, and nothing is written.
     */
    @Test
    void anExtraServiceOfTheZoneIsRemovedBeforeSendingAndTheTotalDrops() {
        List<Long> zones = db.fetch("SELECT id FROM zone WHERE active AND ST_Covers(area, ST_SetSRID(ST_MakePoint(?, ?), 4326))",
                lon, lat).getValues(0, Long.class);
        assertThat(zones).as("zones at the street").isNotEmpty();
        var extraType = db.fetchOne("SELECT id, code, name FROM service_type WHERE active AND code <> 'meter-verification'"
                + " AND base_price > 0 ORDER BY id LIMIT 1");
        assertThat(extraType).isNotNull();
        long extraTypeId = extraType.get("id", Long.class);
        String extraName = extraType.get("name", String.class);
        List<Long> extras = zones.stream().map(z -> db.fetchOne("INSERT INTO extra_service (service_type_id, zone_id, quantity)"
                + " VALUES (?, ?, 1) RETURNING id", extraTypeId, z).get(0, Long.class)).toList();
        try {
            // the API refuses a code it does not know, naming the field by its index and the value; nothing is written
            int requestsBefore = db.fetchCount(db.selectFrom("service_request"));
            String body = """
                    {"lat": %s, "lon": %s, "addressLine": "Unknown extra", "service": "meter-verification", "quantity": 1,
                     "date": "2026-06-03", "start": "08:00", "contact": {"name": "Extra Test", "phone": "+356 2000 0001"},
                     "declinedExtras": ["%s", "no-such-service"]}""".formatted(lat, lon, extraType.get("code", String.class));
            TestHttp.Response refused = new TestHttp(port).send("POST", "/api/public/bookings", body,
                    java.util.Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.body()).contains("declinedExtras[1]").contains("no-such-service").doesNotContain("declinedExtras[0]");
            TestHttp.Response refusedPreview = new TestHttp(port).post("/api/public/prices/preview", """
                    {"lat": %s, "lon": %s, "services": [{"serviceTypeCode": "meter-verification"}], "declinedExtras": ["nope"]}"""
                    .formatted(lat, lon));
            assertThat(refusedPreview.status()).as(refusedPreview.toString()).isEqualTo(400);
            assertThat(refusedPreview.body()).contains("declinedExtras[0]").contains("nope");
            assertThat(db.fetchCount(db.selectFrom("service_request"))).isEqualTo(requestsBefore);

            try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
                chooseAddressAndService(browser, "en");
                browser.waitUntil("the extra", "document.querySelectorAll('#extras .extra-line').length > 0");
                assertThat(browser.text("#extras")).contains(extraName);
                java.math.BigDecimal withExtra = amount(browser.text("#total"));
                java.math.BigDecimal extraPrice = amount(browser.text("#extras .extra-line span"));
                assertThat(extraPrice).isPositive();
                browser.screenshot("booking-extra-offered");
                String totalBefore = browser.text("#total");
                browser.click("#extras .remove-extra");
                browser.waitUntil("the total without the extra", "document.querySelectorAll('#extras .extra-line').length === 0"
                        + " && document.querySelector('#total').textContent.trim() !== " + Browser.js(totalBefore));
                java.math.BigDecimal without = amount(browser.text("#total"));
                assertThat(without).isEqualByComparingTo(withExtra.subtract(extraPrice));
                browser.click("#find");
                browser.waitUntil("the page", "document.querySelector('#windows button:not([disabled])') !== null");
                chooseFirstWindow(browser);
                browser.type("#name", "Extra Declined");
                browser.type("#phone", "+356 2123 4500");
                browser.click("#confirm");
                browser.waitUntil("the page", "!document.querySelector('#done').hidden");
                String number = browser.text("#number");
                long requestId = db.fetchOne("SELECT id FROM service_request WHERE registration_number = ?", number).get(0, Long.class);
                assertThat(db.fetch("SELECT service_type_id FROM service_request_item WHERE request_id = ?", requestId)
                        .getValues(0, Long.class)).isNotEmpty().doesNotContain(extraTypeId);
                assertThat(db.fetchExists(db.selectOne().from("service_request_item")
                        .where("request_id = ? AND extra", requestId))).isFalse();
                assertThat(db.fetchOne("SELECT price_total FROM service_request WHERE id = ?", requestId)
                        .get(0, java.math.BigDecimal.class)).isEqualByComparingTo(without);
            }
        } finally {
            extras.forEach(id -> db.execute("DELETE FROM extra_service WHERE id = ?", id));
        }
    }
}
