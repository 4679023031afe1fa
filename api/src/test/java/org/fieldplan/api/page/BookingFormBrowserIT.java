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
 * The booking form at {@code /book} in headless Chromium on a phone-sized window, against the whole service on the
 * Malta demo company (real PostGIS, the Malta road network behind the window search): a customer picks a suggested
 * street, a service and a free window, types their contact and gets a registration number; the request is stored in
 * that window. In English and Russian, with a bad field, and losing the window to another customer between hold and
 * confirm. Own schema; a clock the test moves (from Monday 1 June 2026, 07:00 in Malta). Screenshots in
 * {@code target/screenshots/}.
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

    /** Address from a suggestion, house number, cleaning: the page then shows the days with their windows. */
    void chooseAddressAndService(Browser browser) {
        browser.type("#address", query).clickText(".suggestion", label);
        browser.waitForText("#chosen-address", label);
        browser.type("#house", "12");
        browser.select("#service", "cleaning");
        browser.waitFor("#days .day[aria-selected=true]").waitFor("#windows .window");
    }

    /** Clicks the first free window of the selected day and waits for the hold; returns [date, start]. */
    String[] holdFirstFreeWindow(Browser browser) {
        JsonNode slot = browser.eval("(() => { const b = document.querySelector('#windows .window:not(.unavailable)');"
                + " return [b.dataset.date, b.dataset.start]; })()");
        String date = slot.get(0).asString();
        String start = slot.get(1).asString();
        browser.click("#windows .window[data-date='" + date + "'][data-start='" + start + "']");
        browser.waitFor("#hold").waitUntil("the hold countdown", "/^\\d\\d:\\d\\d$/.test(document.getElementById('hold-countdown').innerText)");
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

    void assertStoredInWindow(Record row, String date, String start) {
        OffsetDateTime windowStart = row.get("window_start", OffsetDateTime.class);
        assertThat(windowStart).as("the promised window is stored").isNotNull();
        assertThat(windowStart.atZoneSameInstant(MALTA).toLocalDate()).isEqualTo(LocalDate.parse(date));
        assertThat(windowStart.atZoneSameInstant(MALTA).toLocalTime()).isEqualTo(LocalTime.parse(start));
        assertThat(row.get("window_end", OffsetDateTime.class)).isAfter(windowStart);
        assertThat(row.get("source", String.class)).isEqualTo("site");
        assertThat(row.get("status", String.class)).isEqualTo("scheduled");
        assertThat(row.get("stops", Long.class)).as("the booking is on a route").isEqualTo(1L);
        assertThat(row.get("address_line", String.class)).startsWith("12, ").contains(label);
    }

    long requestsNamed(String name) {
        return ((Number) db.fetchValue("SELECT count(*) FROM service_request r JOIN customer c ON c.id = r.customer_id "
                + "WHERE c.name = ?", name)).longValue();
    }

    @Test
    @Order(1)
    void aWholeBookingInEnglishOnAPhone() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "ru")) {
            browser.go("/book?lang=en").waitFor("#address");
            assertThat(browser.text("h1")).isEqualTo("Book a visit");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("nothing wider than the phone").isTrue();
            assertThat(browser.eval("Math.min(...Array.from(document.querySelectorAll('input, select, #confirm'))"
                    + ".filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().height))").asDouble())
                    .as("touch targets at least 44 px high").isGreaterThanOrEqualTo(44);
            browser.type("#address", query).waitFor(".suggestion");
            browser.screenshot("book-en-1-suggestions");
            chooseAddressAndService(browser);

            // Sunday: nobody works; its windows are shown greyed with the service's reason
            browser.click("#days .day[data-date='" + SUNDAY + "']");
            browser.waitFor("#windows .window.unavailable");
            assertThat(browser.eval("Array.from(document.querySelectorAll('#windows .window')).every(b => b.disabled)").asBoolean()).isTrue();
            JsonNode sunday = null;
            for (JsonNode day : windows(lat, lon, "en").get("days")) {
                if (day.get("date").asString().equals(SUNDAY.toString())) {
                    sunday = day.get("windows").get(0);
                }
            }
            assertThat(sunday).isNotNull();
            assertThat(sunday.get("available").asBoolean()).isFalse();
            assertThat(browser.texts("#windows .window .why")).first().isEqualTo(sunday.get("reason").asString());
            browser.screenshot("book-en-2-sunday");

            browser.click("#days .day:not(.none)");
            String[] slot = holdFirstFreeWindow(browser);
            String left = browser.text("#hold-countdown");
            assertThat(left).as("a ten-minute hold").matches("(09|10):\\d\\d");
            typeContact(browser, "Maria Camilleri");
            browser.type("#email", "maria@example.com");
            browser.screenshot("book-en-3-contact", true);
            browser.click("#confirm").waitFor("#reg-number");
            String number = browser.text("#reg-number");
            assertThat(number).matches("2026-\\d{6}");
            assertThat(browser.text("#done")).contains("Your visit is booked").contains(slot[1]);
            browser.screenshot("book-en-4-done");

            Record row = stored(number);
            assertStoredInWindow(row, slot[0], slot[1]);
            assertThat(row.get("customer", String.class)).isEqualTo("Maria Camilleri");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void aWholeBookingInRussianFromTheBrowsersLanguageAndALostAnswerNeverBooksTwice() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "ru-RU")) {
            browser.go("/book").waitFor("#address");
            assertThat(browser.text("h1")).isEqualTo("Запись на визит");
            assertThat(browser.text("#confirm")).isEqualTo("Записаться");
            chooseAddressAndService(browser);
            assertThat(browser.text("#zone")).startsWith("Ваш район: ");
            assertThat(browser.texts("#days .day .dow")).contains("вс");
            String[] slot = holdFirstFreeWindow(browser);
            typeContact(browser, "Иван Борг");

            // the first answer is lost on the way back (the booking was made): the page asks to press again
            browser.eval("""
                    (() => { const real = window.fetch; let dropped = false;
                      window.fetch = (url, init) => real(url, init).then(r => {
                        if (!dropped && String(url).includes('/api/public/bookings')) { dropped = true; throw new TypeError('lost'); }
                        return r; }); })()""");
            browser.click("#confirm").waitFor("#general-error");
            assertThat(browser.text("#general-error")).contains("дважды мы вас не запишем");
            assertThat(requestsNamed("Иван Борг")).as("the lost answer's booking was made").isEqualTo(1);
            browser.click("#confirm").waitFor("#reg-number");
            String number = browser.text("#reg-number");
            assertThat(number).matches("2026-\\d{6}");
            assertThat(browser.text("#done")).contains("Вы записаны");
            browser.screenshot("book-ru-done");
            assertThat(requestsNamed("Иван Борг")).as("the retry sent the same Idempotency-Key").isEqualTo(1);
            assertStoredInWindow(stored(number), slot[0], slot[1]);
        }
    }

    @Test
    @Order(3)
    void badFieldsAreShownNextToTheFieldAndCoordinatesWorkInsteadOfASuggestion() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en-GB")) {
            browser.go("/book").waitFor("#address");
            assertThat(browser.text("h1")).isEqualTo("Book a visit");
            browser.click(".lang[data-lang=ru]").waitForText("h1", "Запись на визит");
            assertThat(browser.url()).contains("lang=ru");
            browser.click(".lang[data-lang=en]").waitForText("h1", "Book a visit");

            browser.click("#coordinates summary");
            browser.type("#lat", "95").type("#lon", String.valueOf(lon)).click("#use-coords");
            browser.waitFor(".error[data-for=lat]");
            assertThat(browser.text(".error[data-for=lat]")).contains("-90 to 90");
            assertThat(browser.eval("document.getElementById('lat').getAttribute('aria-invalid')").asString()).isEqualTo("true");
            browser.type("#lat", String.valueOf(lat).replace('.', ',')).click("#use-coords");
            browser.waitForGone(".error[data-for=lat]");
            browser.select("#service", "cleaning").waitFor("#windows .window");
            assertThat(browser.text("#zone")).startsWith("Your area: ");

            holdFirstFreeWindow(browser);
            browser.type("#name", "Joe Vella").type("#phone", "12").type("#email", "joe@example");
            browser.click("#confirm").waitFor(".error[data-for='contact.email']");
            assertThat(browser.text(".error[data-for='contact.phone']")).contains("not a phone number");
            assertThat(browser.text(".error[data-for='contact.email']")).contains("name@example.com");
            assertThat(browser.eval("document.getElementById('email').nextElementSibling.dataset.for").asString())
                    .as("the message stands right under its field").isEqualTo("contact.email");
            assertThat(browser.eval("document.activeElement.id").asString()).isEqualTo("phone");
            browser.screenshot("book-en-bad-fields", true);
            assertThat(requestsNamed("Joe Vella")).isZero();

            // the server's own checks land next to their field too (a phone the page lets through, the server refuses)
            browser.eval("document.getElementById('house').value = ''");
            browser.type("#phone", "+356 2123 4567").type("#email", "joe@example.com");
            browser.eval("""
                    (() => { const real = window.fetch; window.fetch = (url, init) => {
                      if (String(url).includes('/api/public/bookings')) { const b = JSON.parse(init.body); b.contact.name = ' ';
                        init = Object.assign({}, init, {body: JSON.stringify(b)}); }
                      return real(url, init); }; })()""");
            browser.click("#confirm").waitFor(".error[data-for='contact.name']");
            assertThat(browser.text(".error[data-for='contact.name']")).contains("is required");
            assertThat(requestsNamed("Joe Vella")).isZero();
        }
    }

    @Test
    @Order(4)
    void aWindowTakenBetweenHoldAndConfirmOffersAlternativesAndOneOfThemBooks() {
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.go("/book").waitFor("#address");
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
            assertThat(browser.text("#alternatives-text")).contains("Free windows nearby");
            List<String> alternatives = browser.texts("#alternatives .alternative");
            assertThat(alternatives).isNotEmpty();
            String takenText = browser.eval("(() => { const d = new Date('" + slot[0] + "T00:00:00Z'); return new Intl.DateTimeFormat('en', "
                    + "{timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long'}).format(d) + ', ' + " + Browser.js(slot[1]) + "; })()").asString();
            assertThat(alternatives).noneMatch(a -> a.startsWith(takenText));
            assertThat(browser.isShown("#reg-number")).isFalse();
            assertThat(requestsNamed("Anna Zammit")).isZero();
            browser.screenshot("book-en-409-alternatives", true);

            JsonNode pick = browser.eval("(() => { const b = document.querySelector('#alternatives .alternative');"
                    + " return [b.dataset.date, b.dataset.start]; })()");
            browser.click("#alternatives .alternative").waitUntil("the hold of the alternative",
                    "document.getElementById('hold-window').innerText.includes(" + Browser.js(pick.get(1).asString()) + ")");
            browser.click("#confirm").waitFor("#reg-number");
            Record row = stored(browser.text("#reg-number"));
            assertStoredInWindow(row, pick.get(0).asString(), pick.get(1).asString());
            assertThat(row.get("customer", String.class)).isEqualTo("Anna Zammit");
            browser.screenshot("book-en-409-booked");
        }
    }

}
