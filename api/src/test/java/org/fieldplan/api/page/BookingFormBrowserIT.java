package org.fieldplan.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.fieldplan.api.TestDatabase;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.demo.MaltaDemoLoader;
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
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * More journeys through the booking form at {@code /book} (beside {@code BookingPageIT}) in headless Chromium on a
 * phone-sized window, against the whole service on the Malta demo company (real PostGIS, the Malta road network behind
 * the window search): Russian chosen by the browser's language, full days greyed with the service's reasons, an answer
 * lost on the way back and retried without a second booking; the language switch, coordinates instead of a street,
 * bad fields shown next to their fields (the page's checks and the server's); and a window lost to other customers
 * between hold and confirm, then booked in one of the alternatives offered. Each booking is checked in the database:
 * scheduled, in the chosen window, on a route. Own schema; a clock the test moves (from Monday 1 June 2026, 07:00 in
 * Malta). Screenshots in {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_page",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_page",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_page, public",
        "fieldplan.security.bcrypt-strength=4", "fieldplan.booking.hold=10m"})
@ActiveProfiles("it")
@Import(BookingFormBrowserIT.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BookingFormBrowserIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final LocalDate SUNDAY = LocalDate.of(2026, 6, 7);

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

        @Bean
        FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                flyway.clean();
                flyway.migrate();
                TestDatabase.dropAtExit(flyway.getConfiguration().getDefaultSchema());
            };
        }
    }

    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    DSLContext db;
    @Autowired
    MovableClock clock;
    @Value("${local.server.port}")
    int port;

    TestHttp http;
    /** What the customer types into the address field, and the suggestion they pick. */
    String query;
    String label;
    double lat;
    double lon;

    @BeforeAll
    void demoCompanyAndAStreetWithFreeWindows() {
        demo.load();
        http = new TestHttp(port);
        for (String q : List.of("Triq", "Sqaq", "Vjal", "Pjazza", "Street")) {
            JsonNode suggestions = http.get("/api/public/addresses?limit=8&q=" + q).json();
            for (JsonNode s : suggestions) {
                JsonNode answer = windows(s.get("lat").asDouble(), s.get("lon").asDouble(), "en");
                if (!answer.path("zone").isNull() && firstFree(answer) != null) {
                    query = q;
                    label = s.get("label").asString();
                    lat = s.get("lat").asDouble();
                    lon = s.get("lon").asDouble();
                    return;
                }
            }
        }
        throw new AssertionError("no suggested street of the Malta demo has a free cleaning window");
    }

    JsonNode windows(double lat, double lon, String lang) {
        TestHttp.Response r = http.get("/api/public/windows?service=cleaning&lat=" + lat + "&lon=" + lon + "&lang=" + lang);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static String[] firstFree(JsonNode answer) {
        for (JsonNode day : answer.get("days")) {
            for (JsonNode w : day.get("windows")) {
                if (w.get("available").asBoolean()) {
                    return new String[] {day.get("date").asString(), w.get("start").asString(), w.get("end").asString()};
                }
            }
        }
        return null;
    }

    /** Address from a suggestion, house number, cleaning, "Show free times": the days with their windows. */
    void chooseAddressAndService(Browser browser) {
        browser.waitUntil("the services", "document.querySelectorAll('#service option').length > 0");
        browser.type("#address", query).clickText("#suggestions button", label);
        browser.waitUntil("the suggestion's coordinates", "document.getElementById('lat').value !== ''");
        browser.type("#house", "12");
        browser.select("#service", "cleaning");
        browser.click("#find").waitFor("#days button[aria-selected=true]").waitFor("#windows button");
    }

    /** Clicks the first free window of the selected day and waits for the hold; returns [date, start]. */
    String[] holdFirstFreeWindow(Browser browser) {
        String date = browser.eval("document.querySelector('#days button[aria-selected=\\'true\\']').dataset.date").asString();
        String start = browser.eval("document.querySelector('#windows button:not([disabled])').dataset.start").asString();
        browser.click("#windows button[data-start='" + start + "']");
        browser.waitFor("#step-who").waitFor("#hold");
        return new String[] {date, start};
    }

    void typeContact(Browser browser, String name) {
        browser.type("#name", name).type("#phone", "+356 2123 4567").type("#email", "");
    }

    Record stored(String registrationNumber) {
        Record row = db.fetchOne("SELECT r.id, r.status, r.source, r.window_start, r.window_end, r.address_line, c.name customer, "
                + "(SELECT count(*) FROM route_stop s WHERE s.request_id = r.id) stops "
                + "FROM service_request r JOIN customer c ON c.id = r.customer_id WHERE r.registration_number = ?", registrationNumber);
        assertThat(row).as("a request with the registration number %s", registrationNumber).isNotNull();
        return row;
    }

    void assertStoredInWindow(Record row, String date, String start, String addressLine) {
        OffsetDateTime windowStart = row.get("window_start", OffsetDateTime.class);
        assertThat(windowStart).as("the promised window is stored").isNotNull();
        assertThat(windowStart.atZoneSameInstant(MALTA).toLocalDate()).isEqualTo(LocalDate.parse(date));
        assertThat(windowStart.atZoneSameInstant(MALTA).toLocalTime()).isEqualTo(LocalTime.parse(start));
        assertThat(row.get("window_end", OffsetDateTime.class)).isAfter(windowStart);
        assertThat(row.get("source", String.class)).isEqualTo("site");
        assertThat(row.get("status", String.class)).isEqualTo("scheduled");
        assertThat(row.get("stops", Long.class)).as("the booking is on a route").isEqualTo(1L);
        assertThat(row.get("address_line", String.class)).isEqualTo(addressLine);
    }

    long requestsNamed(String name) {
        return ((Number) db.fetchValue("SELECT count(*) FROM service_request r JOIN customer c ON c.id = r.customer_id "
                + "WHERE c.name = ?", name)).longValue();
    }

    @Test
    @Order(1)
    void russianFromTheBrowsersLanguageWithReasonsForFullDaysAndALostAnswerRetriedWithoutASecondBooking() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "ru-RU")) {
            browser.go("/book").waitFor("#address");
            assertThat(browser.text("h1")).isEqualTo("Запись на визит");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("nothing wider than the phone").isTrue();
            chooseAddressAndService(browser);
            assertThat(browser.text("#zone")).startsWith("Ваш район: ");
            JsonNode small = browser.eval("[...document.querySelectorAll('input, select, button, summary')]"
                    + ".filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)"
                    + ".map(e => e.id || e.outerHTML.slice(0, 60))");
            assertThat(small).as("touch targets under 44 px on a phone").isEmpty();

            // Sunday: nobody works; every window greyed with the service's reason in Russian
            browser.click("#days button[data-date='" + SUNDAY + "']").waitFor("#windows button[disabled]");
            assertThat(browser.eval("[...document.querySelectorAll('#windows button')].every(b => b.disabled)").asBoolean()).isTrue();
            String reason = null;
            for (JsonNode day : windows(lat, lon, "ru").get("days")) {
                if (day.get("date").asString().equals(SUNDAY.toString())) {
                    assertThat(day.get("windows").get(0).get("available").asBoolean()).isFalse();
                    reason = day.get("windows").get(0).get("reason").asString();
                }
            }
            assertThat(reason).isNotBlank();
            assertThat(browser.texts("#windows button small")).first().isEqualTo(reason);
            browser.screenshot("book-ru-sunday");

            browser.click("#days button:not(.none)");
            String[] slot = holdFirstFreeWindow(browser);
            assertThat(browser.text("#hold")).contains("закреплено");
            typeContact(browser, "Иван Борг");
            // the answer to the first confirm is lost on its way back (the booking was made); the customer presses again
            browser.eval("""
                    (() => { const real = window.fetch; let dropped = false;
                      window.fetch = (url, init) => real(url, init).then(r => {
                        if (!dropped && String(url).includes('/api/public/bookings')) { dropped = true; throw new TypeError('lost'); }
                        return r; }); })()""");
            browser.click("#confirm").waitForText("#step-who .error", "попробуйте ещё раз");
            assertThat(requestsNamed("Иван Борг")).as("the lost answer's booking was made").isEqualTo(1);
            browser.click("#confirm").waitFor("#number");
            String number = browser.text("#number");
            assertThat(number).matches("2026-\\d{6}");
            assertThat(browser.text("#done")).contains("Вы записаны");
            browser.screenshot("book-ru-done");
            assertThat(requestsNamed("Иван Борг")).as("the retry sent the same Idempotency-Key: one request").isEqualTo(1);
            assertStoredInWindow(stored(number), slot[0], slot[1], label + ", 12");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void languageSwitchCoordinatesInsteadOfAStreetAndBadFieldsNextToTheirFields() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en-GB")) {
            browser.go("/book").waitFor("#address");
            assertThat(browser.text("h1")).isEqualTo("Book a visit");
            browser.click(".fp-lang a[data-lang=ru]").waitForText("h1", "Запись на визит");
            browser.click(".fp-lang a[data-lang=en]").waitForText("h1", "Book a visit");
            browser.waitUntil("the services", "document.querySelectorAll('#service option').length > 0");

            // coordinates instead of a street: a latitude out of range is refused next to the field
            browser.click("#coords summary");
            browser.type("#lat", "95").type("#lon", String.valueOf(lon));
            browser.select("#service", "cleaning").click("#find");
            browser.waitForText(".error[data-for=lat]", "-90 to 90");
            assertThat(browser.text(".error[data-for=lat]")).contains("95");
            browser.type("#lat", String.valueOf(lat).replace('.', ','));
            browser.click("#find").waitFor("#windows button:not([disabled])");
            assertThat(browser.text("#zone")).isNotBlank();
            assertThat(browser.isShown(".error[data-for=lat]")).isFalse();

            String[] slot = holdFirstFreeWindow(browser);
            browser.type("#name", "Joe Vella").type("#phone", "12").type("#email", "joe@example");
            browser.click("#confirm").waitForText(".error[data-for='contact.phone']", "not a phone number");
            assertThat(browser.text(".error[data-for='contact.email']")).contains("not an e-mail address");
            assertThat(browser.eval("document.getElementById('email').nextElementSibling.dataset.for").asString())
                    .as("the message stands right under its field").isEqualTo("contact.email");
            browser.screenshot("book-en-bad-fields", true);
            assertThat(requestsNamed("Joe Vella")).isZero();

            // the server's own check lands next to its field too (a name the page lets through, the server refuses)
            browser.type("#phone", "+356 2123 4567").type("#email", "joe@example.com");
            browser.eval("""
                    (() => { window.realFetch = window.fetch; window.fetch = (url, init) => {
                      if (String(url).includes('/api/public/bookings')) { const b = JSON.parse(init.body); b.contact.name = ' ';
                        init = Object.assign({}, init, {body: JSON.stringify(b)}); }
                      return window.realFetch(url, init); }; })()""");
            browser.click("#confirm").waitForText(".error[data-for='contact.name']", "is required");
            assertThat(requestsNamed("Joe Vella")).isZero();
            // corrected, the same attempt books
            browser.eval("window.fetch = window.realFetch");
            browser.click("#confirm").waitFor("#number");
            Record row = stored(browser.text("#number"));
            assertThat(row.get("customer", String.class)).isEqualTo("Joe Vella");
            OffsetDateTime windowStart = row.get("window_start", OffsetDateTime.class);
            assertThat(windowStart.atZoneSameInstant(MALTA).toLocalDate()).isEqualTo(LocalDate.parse(slot[0]));
            assertThat(windowStart.atZoneSameInstant(MALTA).toLocalTime()).isEqualTo(LocalTime.parse(slot[1]));
        }
    }

    @Test
    @Order(3)
    void aWindowTakenBetweenHoldAndConfirmOffersAlternativesAndOneOfThemBooks() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.go("/book?lang=en").waitFor("#address");
            chooseAddressAndService(browser);
            String[] slot = holdFirstFreeWindow(browser);
            typeContact(browser, "Anna Zammit");

            // the customer is slow: the hold runs out, and other customers take the window to its last place
            clock.now.set(clock.now.get().plus(Duration.ofMinutes(11)));
            int taken = 0;
            int status = 0;
            for (int i = 0; i < 60 && status != 409; i++) {
                String body = """
                        {"lat": %s, "lon": %s, "addressLine": "Triq il-Kbira %d", "service": "cleaning", "quantity": 1,
                         "date": "%s", "start": "%s", "contact": {"name": "Other %d", "phone": "+356 2100 0000"}}"""
                        .formatted(lat, lon, i, slot[0], slot[1], i);
                TestHttp.Response r = http.send("POST", "/api/public/bookings", body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                status = r.status();
                assertThat(status).as(r.toString()).isIn(201, 409);
                taken += status == 201 ? 1 : 0;
            }
            assertThat(status).as("the window filled up after %d bookings", taken).isEqualTo(409);

            browser.click("#confirm").waitFor("#alternatives .alternative");
            assertThat(browser.text("#alternatives")).contains("has just been taken");
            List<String> alternatives = browser.texts("#alternatives .alternative");
            assertThat(alternatives).isNotEmpty();
            String takenLabel = dayLabel(browser, slot[0]) + " " + slot[1];
            assertThat(alternatives).noneMatch(a -> a.startsWith(takenLabel));
            assertThat(browser.isShown("#number")).isFalse();
            assertThat(requestsNamed("Anna Zammit")).isZero();
            browser.screenshot("book-en-409-alternatives", true);

            String picked = alternatives.getFirst();
            browser.click("#alternatives .alternative").waitFor("#hold");
            browser.click("#confirm").waitFor("#number");
            Record row = stored(browser.text("#number"));
            assertThat(row.get("customer", String.class)).isEqualTo("Anna Zammit");
            OffsetDateTime windowStart = row.get("window_start", OffsetDateTime.class).atZoneSameInstant(MALTA).toOffsetDateTime();
            assertThat(picked).as("booked in the alternative picked")
                    .startsWith(dayLabel(browser, windowStart.toLocalDate().toString()) + " " + windowStart.toLocalTime());
            assertStoredInWindow(row, windowStart.toLocalDate().toString(), windowStart.toLocalTime().toString(), label + ", 12");
            browser.screenshot("book-en-409-booked");
        }
    }

    /** The page's label of a day (en-GB, as the form writes it). */
    static String dayLabel(Browser browser, String isoDate) {
        return browser.eval("new Date(" + Browser.js(isoDate + "T12:00:00") + ").toLocaleDateString('en-GB', "
                + "{weekday: 'short', day: 'numeric', month: 'short'})").asString();
    }
}
