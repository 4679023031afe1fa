package org.fieldplan.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The staff pages on the shared layout, in headless Chromium against the whole service on the Malta demo company
 * (its Monday, 1 June 2026, as the clock): the desk in Russian takes a phone request for a street in Mosta (customer
 * found by phone, address from the suggestions, a free window from the window search, a server problem shown next to
 * the field it names), the card shows it, the board finds it; the layout's navigation and language switch (kept in a
 * cookie); the list's filters in the URL; who may open which page. Screenshots in {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_desk_page",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_desk_page",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_desk_page, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskBrowserIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final String PASSWORD = "fieldplan-demo";
    static final String DISPATCHER = "dispatcher-north";

    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    DSLContext db;
    @Value("${local.server.port}")
    int port;

    /** A customer of the dispatcher's zones, with a phone. */
    long customerId;
    String customerName;
    String customerPhone;
    /** What the dispatcher types for the address, and the Mosta suggestion they pick. */
    String query;
    String label;
    /** A service with a free window there. */
    String service;
    /** The request the desk booked: its technician and day. */
    long requestId;
    long technicianId;
    String day;
    String windowStart;

    @BeforeAll
    void demoCompanyACustomerAndAStreetInMosta() {
        demo.load();
        Record customer = db.fetchOne("SELECT c.id, c.name, c.phone FROM customer c WHERE c.phone IS NOT NULL AND EXISTS ("
                + "SELECT 1 FROM service_request r JOIN zone z ON z.id = r.zone_id JOIN app_user u ON u.id = z.dispatcher_id "
                + "WHERE r.customer_id = c.id AND u.username = ?) ORDER BY c.id LIMIT 1", DISPATCHER);
        assertThat(customer).as("a demo customer of %s with a phone", DISPATCHER).isNotNull();
        customerId = customer.get("id", Long.class);
        customerName = customer.get("name", String.class);
        customerPhone = customer.get("phone", String.class);
        TestHttp http = new TestHttp(port);
        List<String> seen = new java.util.ArrayList<>();
        for (String q : List.of("Triq il-Kostituzzjoni", "Triq il-Kbira", "Triq")) {
            for (JsonNode s : http.get("/api/public/addresses?limit=20&q=" + Browser.query(q)).json()) {
                String l = s.get("label").asString();
                seen.add(l);
                if (!l.contains("Mosta")) {
                    continue;
                }
                for (JsonNode offer : http.get("/api/public/services").json()) {
                    String code = offer.get("code").asString();
                    JsonNode answer = http.get("/api/public/windows?service=" + code + "&lat=" + s.get("lat").asDouble()
                            + "&lon=" + s.get("lon").asDouble()).json();
                    if (hasFreeWindow(answer)) {
                        query = q;
                        label = l;
                        service = code;
                        return;
                    }
                    seen.add(code + ": " + answer.path("message").asString(answer.toString().substring(0, Math.min(300, answer.toString().length()))));
                }
            }
        }
        throw new AssertionError("no suggested street in Mosta has a free window in the demo; suggested: " + seen);
    }

    static boolean hasFreeWindow(JsonNode answer) {
        for (JsonNode day : answer.path("days")) {
            for (JsonNode w : day.path("windows")) {
                if (w.path("available").asBoolean()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    @Order(1)
    void aDispatcherInRussianTakesAPhoneRequestForMostaBooksAWindowAndFindsItOnTheBoard() {
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "ru")) {
            // the sign-in form speaks the browser's language and says when a password is wrong
            browser.go("/login");
            assertThat(browser.text("h1")).isEqualTo("Вход");
            browser.type("#username", DISPATCHER).type("#password", "wrong-password").click("button[type=submit]");
            browser.waitForText(".error", "Неверное имя пользователя или пароль");
            browser.login(DISPATCHER, PASSWORD).go("/");
            browser.waitUntil("the start page of staff", "location.pathname === '/desk'");
            assertThat(browser.text("h1")).isEqualTo("Заявки");
            assertThat(browser.text("#fp-me")).contains(DISPATCHER).contains("диспетчер");
            browser.waitFor("#list tbody tr[data-request]").waitFor("#counts button[data-status=new]");
            assertThat(browser.text("#summary")).startsWith("Заявок:");
            browser.screenshot("desk-list-ru");

            browser.click("#new").waitFor("#customerQuery");
            assertThat(browser.text("h1")).isEqualTo("Новая заявка");
            // the customer, found by phone
            browser.type("#customerQuery", customerPhone).clickText("#customerList li", customerName);
            assertThat(browser.eval("document.querySelector('input[name=customerId]').value").asString()).isEqualTo(String.valueOf(customerId));
            // the address in Mosta from the suggestions
            browser.type("#address", query).clickText("#addressList li", label);
            browser.waitUntil("the address chosen", "document.getElementById('address').value === " + Browser.js(label));
            // cleaning, then a free window from the window search
            browser.waitUntil("the services", "document.querySelectorAll('#service-0 option').length > 0");
            browser.select("#service-0", service);
            browser.click("#findWindows").waitFor("#windows button.window");
            String date = browser.eval("document.querySelector('#windows button.window').dataset.date").asString();
            String start = browser.eval("document.querySelector('#windows button.window').dataset.start").asString();
            browser.click("#windows button.window");
            browser.waitForText("#windowChosen", start);
            browser.type("#description", "Звонок: ключ у соседа");

            // the server's problem lands next to the field it names: no deadline
            browser.type("#deadline", "");
            browser.eval("document.getElementById('deadline').value = ''");
            browser.click("#save");
            browser.waitFor(".error[data-problem='deadline']");
            assertThat(browser.eval("document.getElementById('deadline').getAttribute('aria-invalid')").asString()).isEqualTo("true");
            assertThat(browser.eval("document.activeElement.id").asString()).isEqualTo("deadline");
            browser.screenshot("desk-new-problem-ru", true);

            browser.eval("document.getElementById('deadline').value = '" + LocalDate.parse(date).plusDays(7) + "'");
            browser.click("#save");
            browser.waitUntil("the request card", "location.pathname.startsWith('/desk/requests/')");
            browser.waitForText("#status", "запланирована");
            String number = browser.text("#number");
            assertThat(number).isNotBlank();
            browser.waitForText("#services", "Итого");
            browser.screenshot("desk-card-ru", true);

            Record row = db.fetchOne("SELECT r.id, r.customer_id, r.source, r.zone_id, r.status, r.technician_id, r.window_start, "
                    + "r.address_line, r.description, (SELECT count(*) FROM route_stop s WHERE s.request_id = r.id) stops "
                    + "FROM service_request r WHERE r.registration_number = ?", number);
            assertThat(row).as("the request %s is stored", number).isNotNull();
            assertThat(row.get("customer_id", Long.class)).isEqualTo(customerId);
            assertThat(row.get("source", String.class)).isEqualTo("phone");
            assertThat(row.get("address_line", String.class)).isEqualTo(label);
            assertThat(row.get("description", String.class)).isEqualTo("Звонок: ключ у соседа");
            assertThat(row.get("status", String.class)).isEqualTo("scheduled");
            assertThat(row.get("stops", Long.class)).as("booked onto a route").isEqualTo(1L);
            OffsetDateTime windowStart = row.get("window_start", OffsetDateTime.class);
            assertThat(windowStart).as("the promised window is stored").isNotNull();
            assertThat(windowStart.atZoneSameInstant(MALTA).toLocalDate()).isEqualTo(LocalDate.parse(date));
            assertThat(windowStart.atZoneSameInstant(MALTA).toLocalTime()).isEqualTo(LocalTime.parse(start));
            long requestId = row.get("id", Long.class);
            technicianId = row.get("technician_id", Long.class);
            day = date;
            this.windowStart = start;
            this.requestId = requestId;

            // the list finds it by the caller's phone
            browser.go("/desk?q=" + Browser.query(customerPhone));
            browser.waitForText("#list tbody tr[data-request] td:first-child", number);

            // the board of that day shows it on the technician's route
            browser.go("/board?date=" + date);
            assertThat(browser.text("h1")).isEqualTo("Доска диспетчера");
            browser.waitFor(".bar[data-request=\"" + requestId + "\"]");
            browser.screenshot("desk-request-on-board-ru");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        // and in the technician's day, on their phone
        String technician = db.fetchOne("SELECT u.username FROM app_user u JOIN technician t ON t.user_id = u.id WHERE t.id = ?",
                technicianId).get(0, String.class);
        try (Browser browser = Browser.open(port, Viewport.PHONE, "ru")) {
            browser.login(technician, PASSWORD).go("/field?date=" + day);
            browser.waitForText("section.visit[data-request=\"" + requestId + "\"]", windowStart); // company time
            browser.screenshot("desk-request-in-the-day-ru");
        }
    }

    @Test
    @Order(2)
    void theLayoutNavigatesSwitchesLanguageAndKeepsItInACookie() {
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            browser.login("admin", PASSWORD).go("/desk");
            assertThat(browser.text("h1")).isEqualTo("Requests");
            assertThat(browser.texts(".fp-nav a")).containsExactly("Desk", "Board", "Set-up", "Reports");
            assertThat(browser.eval("document.querySelector('.fp-nav a[aria-current=page]').textContent").asString()).isEqualTo("Desk");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("the list fits a tablet").isTrue();
            browser.clickText(".fp-nav a", "Set-up");
            assertThat(browser.texts(".fp-subnav a")).containsExactly("Zones", "Schedules", "Technicians and teams", "Services", "Users",
                    "Contracts", "Partner companies", "Agents");
            browser.click(".fp-lang a[data-lang=ru]");
            browser.waitUntil("Russian", "document.documentElement.lang === 'ru'");
            assertThat(browser.text("h1")).isEqualTo("Настройка");
            browser.clickText(".fp-nav a", "Отчёты");
            assertThat(browser.text("h1")).as("the cookie keeps the language").isEqualTo("Отчёты");
            // the filters of the list live in the URL
            browser.go("/desk?lang=en&status=new");
            browser.waitFor("#list tbody tr[data-request]");
            assertThat(browser.value("#status")).isEqualTo("new");
            assertThat(browser.texts("#list tbody tr[data-request] td:nth-child(2) .badge:first-child"))
                    .isNotEmpty().allMatch("new"::equals);
            browser.select("#status", "cancelled");
            browser.waitUntil("the URL follows the filter", "location.search.includes('status=cancelled')");
            // keyboard: the skip link comes first
            browser.go("/desk/new").waitFor("#customerQuery");
            browser.press(org.openqa.selenium.Keys.TAB);
            assertThat(browser.eval("document.activeElement.className").asString()).isEqualTo("fp-skip");
        }
    }

    @Test
    @Order(3)
    void pagesAreForTheirRoles() {
        String technician = db.fetchOne("SELECT u.username FROM app_user u JOIN technician t ON t.user_id = u.id ORDER BY u.id LIMIT 1")
                .get(0, String.class);
        assertThat(technician).as("a demo technician with a login").isNotNull();
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.login(technician, PASSWORD).go("/");
            browser.waitUntil("the start page of technicians", "location.pathname === '/field'");
            assertThat(browser.text("h1")).isEqualTo("My day");
            assertThat(browser.texts(".fp-nav a")).containsExactly("My day");
            assertThat(browser.eval("fetch('/desk').then(r => r.status)").asInt()).isEqualTo(403);
            assertThat(browser.eval("fetch('/board').then(r => r.status)").asInt()).isEqualTo(403);
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("the day fits a phone").isTrue();
            browser.screenshot("field-layout-phone");
        }
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(DISPATCHER, PASSWORD);
            assertThat(browser.eval("fetch('/field').then(r => r.status)").asInt()).isEqualTo(403);
            assertThat(browser.eval("fetch('/desk/new').then(r => r.status)").asInt()).isEqualTo(200);
        }
    }

    /**
     * The card of the request booked in the first test, in English: a technician who does not work that day is a
     * problem next to the technician field; the board's rule check answers before anything is stored (what another
     * technician would break, in words, naming them); an allowed technician is assigned and the request moves onto
     * their route; a private comment mentioning a colleague puts a notice for that colleague in the outbox.
     */
    @Test
    @Order(4)
    void theCardAssignsATechnicianWithTheBoardsRuleCheckAndMentionsAColleague() {
        assertThat(requestId).as("the first test booked a request").isPositive();
        TestHttp http = new TestHttp(port).authorization("Basic " + java.util.Base64.getEncoder()
                .encodeToString((DISPATCHER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // the technicians working that day in the dispatcher's zones, from the board; the rule check of each
        List<Long> working = new java.util.ArrayList<>();
        http.get("/api/board/day?date=" + day).json().path("rows").forEach(r -> working.add(r.path("technicianId").asLong()));
        Long allowed = null;
        Long broken = null;
        for (long t : working) {
            if (t == technicianId) {
                continue;
            }
            JsonNode check = http.post("/api/desk/requests/" + requestId + "/assignment",
                    "{\"date\": \"" + day + "\", \"technicianId\": " + t + "}").json();
            if (check.path("allowed").asBoolean() && allowed == null) {
                allowed = t;
            } else if (!check.path("allowed").asBoolean() && broken == null) {
                broken = t;
            }
        }
        assertThat(allowed).as("another technician working on %s may take the request: %s", day, working).isNotNull();
        Record idleRow = db.fetchOne("SELECT t.id FROM technician t WHERE t.id NOT IN (" + String.join(",",
                working.stream().map(String::valueOf).toList()) + ") ORDER BY t.id LIMIT 1");
        Long idle = idleRow == null ? null : idleRow.get(0, Long.class);
        String allowedName = db.fetchOne("SELECT name FROM technician WHERE id = ?", allowed).get(0, String.class);
        long stopsBefore = db.fetchOne("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "WHERE s.request_id = ? AND r.technician_id = ?", requestId, allowed).get(0, Long.class);
        assertThat(stopsBefore).isZero();
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(DISPATCHER, PASSWORD).go("/desk/requests/" + requestId + "?lang=en");
            browser.waitForText("#status", "scheduled");
            browser.waitUntil("the technician's name on the card", "!document.getElementById('technician').textContent.startsWith('#')");
            assertThat(browser.value("#assignDate")).isEqualTo(day);
            browser.waitUntil("the technicians", "document.querySelectorAll('#assignTechnician option').length > 1");

            // nobody's day: the problem goes next to the technician field
            if (idle != null && browser.eval("!!document.querySelector('#assignTechnician option[value=\"" + idle + "\"]')").asBoolean()) {
                browser.select("#assignTechnician", String.valueOf(idle)).click("#assignCheck");
                browser.waitFor(".error[data-problem='technicianId']");
            }
            // a technician the rules do not allow: what it breaks, in words, and nothing stored
            if (broken != null) {
                String brokenName = db.fetchOne("SELECT name FROM technician WHERE id = ?", broken).get(0, String.class);
                browser.select("#assignTechnician", String.valueOf(broken)).click("#assignCheck");
                browser.waitFor("#assignResult ul.violations li");
                assertThat(browser.text("#assignResult")).contains("Not possible with " + brokenName);
                assertThat(db.fetchOne("SELECT technician_id FROM service_request WHERE id = ?", requestId).get(0, Long.class))
                        .isEqualTo(technicianId);
            }
            // an allowed one: checked (arrival in company time), then assigned onto their route
            browser.select("#assignTechnician", String.valueOf(allowed)).click("#assignCheck");
            browser.waitForText("#assignResult", allowedName + " can take it");
            assertThat(db.fetchOne("SELECT technician_id FROM service_request WHERE id = ?", requestId).get(0, Long.class))
                    .as("a check stores nothing").isEqualTo(technicianId);
            browser.click("#assignApply");
            browser.waitForText("#assignResult", "Assigned to " + allowedName);
            browser.waitForText("#technician", allowedName);
            browser.screenshot("desk-card-assigned-en", true);
            Record after = db.fetchOne("SELECT r.status, r.technician_id, (SELECT count(*) FROM route_stop s JOIN route t ON "
                    + "t.id = s.route_id WHERE s.request_id = r.id AND t.technician_id = ? AND t.day = ?::date) stops "
                    + "FROM service_request r WHERE r.id = ?", allowed, day, requestId);
            assertThat(after.get("technician_id", Long.class)).isEqualTo(allowed);
            assertThat(after.get("status", String.class)).isEqualTo("scheduled");
            assertThat(after.get("stops", Long.class)).as("on the new technician's route").isEqualTo(1L);

            // a private comment mentioning a colleague: they are told through the staff notices
            long colleague = db.fetchOne("SELECT id FROM app_user WHERE username = 'dispatcher-central'").get(0, Long.class);
            browser.type("#commentBody", "@dispatcher-central the key is with the neighbour");
            browser.click("#commentForm button[type=submit]");
            browser.waitForText("#comments", "the key is with the neighbour");
            assertThat(db.fetchOne("SELECT count(*) FROM notification_outbox WHERE request_id = ? AND event = 'staff_mention' "
                    + "AND recipient_user_id = ?", requestId, colleague).get(0, Long.class)).isEqualTo(1L);
            // the same rule check in Russian: each broken rule named and explained in Russian words (RuleTexts)
            if (broken != null && !http.send("POST", "/api/desk/requests/" + requestId + "/assignment",
                    "{\"date\": \"" + day + "\", \"technicianId\": " + broken + "}", java.util.Map.of("Accept-Language", "ru"))
                    .json().path("allowed").asBoolean()) {
                browser.go("/desk/requests/" + requestId + "?lang=ru");
                browser.waitUntil("the technicians", "document.querySelectorAll('#assignTechnician option').length > 1");
                browser.select("#assignTechnician", String.valueOf(broken)).click("#assignCheck");
                browser.waitFor("#assignResult ul.violations li");
                assertThat(browser.text("#assignResult")).contains("нельзя");
                List<String> names = List.of("Навык: ", "Расписание зон: ", "Обещанное окно: ", "Срок: ", "Конец смены: ",
                        "Дороги: ", "Обеденный перерыв: ", "Вместимость: ");
                List<String> lines = browser.texts("#assignResult ul.violations li");
                assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(names).anySatisfy(n -> assertThat(line).startsWith(n)));
                assertThat(String.join(" ", lines)).doesNotContain("after the", "arrives", "lacks skill", "route ends");
                browser.screenshot("desk-card-rules-ru", true);
            }
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /**
     * An address whose door the map does not have: the street in its locality is offered ("no such door"), its zone and
     * dispatcher at once; the pin is dropped by clicking the map where the door is, and the registered request keeps
     * that point with the address text.
     */
    @Test
    @Order(5)
    void aDoorTheMapDoesNotHaveIsSetWithThePinAndStoredWithTheAddress() {
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(DISPATCHER, PASSWORD).go("/desk/new?lang=en");
            browser.type("#customerQuery", customerPhone).clickText("#customerList li", customerName);
            browser.type("#address", "Triq il-Kbira 987 Mosta");
            browser.waitForText("#addressList li", "Triq il-Kbira 987");
            String suggestion = browser.texts("#addressList li").stream().filter(x -> x.contains("Triq il-Kbira 987"))
                    .findFirst().orElseThrow();
            // the zone and its responsible dispatcher, or that it is outside every zone, at once in the suggestion
            String dispatcherName = db.fetchOne("SELECT display_name FROM app_user WHERE username = ?", DISPATCHER)
                    .get(0, String.class);
            assertThat(suggestion).as("the suggestion names its zone and dispatcher or says it is outside every zone")
                    .containsAnyOf(dispatcherName, "Outside every zone");
            browser.clickText("#addressList li", "Triq il-Kbira 987");
            browser.waitForText("#zone", "No such door on the map");
            browser.waitFor("#pinMap canvas");
            browser.waitUntil("the map loaded", "document.getElementById('pinMap').fieldplanMap"
                    + " && document.getElementById('pinMap').fieldplanMap.map.loaded()");
            String before = browser.text("#pinAt");
            double width = browser.eval("document.querySelector('#pinMap canvas').getBoundingClientRect().width").asDouble();
            double height = browser.eval("document.querySelector('#pinMap canvas').getBoundingClientRect().height").asDouble();
            browser.clickAt("#pinMap canvas", width / 2 + 70, height / 2 + 40); // right of and below the pin
            browser.waitForText("#pinAt", "The door is set by the pin");
            String after = browser.text("#pinAt");
            assertThat(after).isNotEqualTo(before);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?\\d+\\.\\d+), (-?\\d+\\.\\d+)").matcher(after);
            assertThat(m.find()).as(after).isTrue();
            double lat = Double.parseDouble(m.group(1));
            double lon = Double.parseDouble(m.group(2));
            java.util.regex.Matcher b = java.util.regex.Pattern.compile("(-?\\d+\\.\\d+), (-?\\d+\\.\\d+)").matcher(before);
            assertThat(b.find()).isTrue();
            assertThat(lon).as("a click right of the centre is east of the suggestion").isGreaterThan(Double.parseDouble(b.group(2)));
            assertThat(lat).as("a click below the centre is south of it").isLessThan(Double.parseDouble(b.group(1)));
            browser.waitUntil("the services", "document.querySelectorAll('#service-0 option').length > 0");
            browser.type("#description", "pin test");
            browser.click("#save");
            browser.waitUntil("the request card", "location.pathname.startsWith('/desk/requests/')");
            long id = Long.parseLong(browser.eval("location.pathname.split('/').pop()").asString());
            Record row = db.fetchOne("SELECT address_line, ST_Y(location::geometry) lat, ST_X(location::geometry) lon "
                    + "FROM service_request WHERE id = ?", id);
            assertThat(row.get("address_line", String.class)).contains("Mosta");
            assertThat(row.get("lat", Double.class)).isCloseTo(lat, org.assertj.core.data.Offset.offset(2e-6));
            assertThat(row.get("lon", Double.class)).isCloseTo(lon, org.assertj.core.data.Offset.offset(2e-6));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /**
     * The week calendar in Russian: the request booked in the first test (reassigned in the fourth) shows in its
     * technician's row on its day, opens its card, and the week moves on and back.
     */
    @Test
    @Order(6)
    void theWeekCalendarShowsEachTechniciansVisitsPerDay() {
        assertThat(requestId).as("the first test booked a request").isPositive();
        Record r = db.fetchOne("SELECT sr.registration_number, r.technician_id, r.day, t.name FROM route_stop s "
                + "JOIN route r ON r.id = s.route_id JOIN service_request sr ON sr.id = s.request_id "
                + "JOIN technician t ON t.id = r.technician_id WHERE s.request_id = ?", requestId);
        assertThat(r).as("the request is on a route").isNotNull();
        String number = r.get(0, String.class);
        long technician = r.get(1, Long.class);
        LocalDate visitDay = r.get(2, LocalDate.class);
        LocalDate monday = visitDay.minusDays(visitDay.getDayOfWeek().getValue() - 1L);
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(DISPATCHER, PASSWORD).go("/desk");
            browser.click("#week");
            browser.waitUntil("the week page", "location.pathname === '/desk/week'");
            assertThat(browser.text("h1")).isEqualTo("Календарь недели");
            browser.go("/desk/week?from=" + monday);
            String cell = "#week tr[data-technician=\"" + technician + "\"] td[data-day=\"" + visitDay + "\"] a.visit[data-request=\""
                    + requestId + "\"]";
            browser.waitForText(cell, number);
            assertThat(browser.text("#week tr[data-technician=\"" + technician + "\"] th")).contains(r.get(3, String.class));
            browser.screenshot("desk-week-ru", true);
            browser.click("#next");
            browser.waitUntil("the next week", "location.search.includes('from=" + monday.plusDays(7) + "')");
            assertThat(browser.isShown(cell)).isFalse();
            browser.click("#prev");
            browser.waitForText(cell, number);
            browser.click(cell);
            browser.waitUntil("the card", "location.pathname === '/desk/requests/" + requestId + "'");
            browser.waitForText("#number", number);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /**
     * The intake set-up as the administrator, in English: the e-mail source gets a responsible dispatcher and requires a
     * comment (stored, with the version checked); a template added on the page is listed and stored; a dispatcher sees
     * the sources read-only.
     */
    @Test
    @Order(7)
    void theAdministratorSetsUpASourceAndATemplate() {
        long south = db.fetchOne("SELECT id FROM app_user WHERE username = 'dispatcher-south'").get(0, Long.class);
        String template = "Annual check " + System.nanoTime();
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            browser.login("admin", PASSWORD).go("/desk?lang=en");
            browser.click("#setup");
            browser.waitUntil("the set-up page", "location.pathname === '/desk/setup'");
            assertThat(browser.text("h1")).isEqualTo("Intake set-up");
            String row = "#sources tr[data-source=email]";
            browser.waitUntil("the staff to choose from", "document.querySelectorAll('" + row + " select option').length > 2");
            String version = browser.eval("document.querySelector('" + row + "').dataset.version").asString();
            browser.select(row + " select", String.valueOf(south));
            browser.click(row + " input[value=description]");
            browser.click(row + " button.save");
            browser.waitUntil("stored and shown again", "document.querySelector('" + row + "') && document.querySelector('"
                    + row + "').dataset.version !== '" + version + "'");
            assertThat(browser.eval("document.querySelector('" + row + " input[value=description]').checked").asBoolean()).isTrue();
            Record source = db.fetchOne("SELECT responsible_user_id, required_fields, version FROM intake_source WHERE code = 'email'");
            assertThat(source.get(0, Long.class)).isEqualTo(south);
            assertThat(source.get(1, String.class)).contains("description").contains("customer.email");
            assertThat(source.get(2, Integer.class)).isPositive();

            browser.type("#tName", template);
            browser.waitUntil("the services", "document.querySelectorAll('#tLines select option').length > 0");
            browser.type("#tDays", "5");
            browser.type("#tComment", "Bring seals");
            browser.click("#tSave");
            browser.waitForText("#templates", template);
            Record stored = db.fetchOne("SELECT deadline_days, comment, (SELECT count(*) FROM request_template_item i "
                    + "WHERE i.template_id = t.id) lines FROM request_template t WHERE name = ?", template);
            assertThat(stored).isNotNull();
            assertThat(stored.get(0, Integer.class)).isEqualTo(5);
            assertThat(stored.get(1, String.class)).isEqualTo("Bring seals");
            assertThat(stored.get(2, Long.class)).isEqualTo(1L);
            // the same name twice is refused, said on the form
            browser.type("#tName", template);
            browser.click("#tSave");
            browser.waitFor("#templateForm .error[data-for=form]:not(:empty), #templateForm .error[data-problem]");
            browser.screenshot("desk-setup-en", true);
            assertThat(browser.consoleErrors()).isEmpty();
        }
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(DISPATCHER, PASSWORD).go("/desk/setup");
            assertThat(browser.text("h1")).isEqualTo("Настройка приёма заявок");
            browser.waitFor("#sources tr[data-source=phone]");
            assertThat(browser.eval("document.querySelector('#sources tr[data-source=phone] select').disabled").asBoolean()).isTrue();
            assertThat(browser.eval("document.querySelectorAll('#sources button.save').length").asInt()).isZero();
        }
    }

    /**
     * Issue 13: a template's comment is edited on the set-up page and the new-request form fills itself with the new
     * comment; another template is deleted (two clicks) and is gone from the list, the database and the form.
     */
    @Test
    @Order(8)
    void aTemplateIsEditedAndAnotherDeletedOnTheSetUpPage() {
        long type = db.fetchOne("SELECT id FROM service_type WHERE active ORDER BY id LIMIT 1").get(0, Long.class);
        String kept = "Edit me " + System.nanoTime();
        String gone = "Delete me " + System.nanoTime();
        long keptId = db.fetchOne("INSERT INTO request_template (name, comment, deadline_days, deadline_time, priority, source, "
                + "created_at) VALUES (?, 'Old seals', 2, '17:00', 3, 'phone', now()) RETURNING id", kept).get(0, Long.class);
        long goneId = db.fetchOne("INSERT INTO request_template (name, comment, deadline_days, deadline_time, created_at) "
                + "VALUES (?, 'Never mind', 1, '12:00', now()) RETURNING id", gone).get(0, Long.class);
        for (long id : new long[] {keptId, goneId}) {
            db.execute("INSERT INTO request_template_item (template_id, line, service_type_id, quantity) VALUES (?, 1, ?, 1)", id, type);
        }
        String keptItem = "#templates li[data-template='" + keptId + "']";
        String goneItem = "#templates li[data-template='" + goneId + "']";
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            browser.login("admin", PASSWORD).go("/desk/setup?lang=en");
            browser.waitForText("#templates", kept);
            browser.waitUntil("the services", "document.querySelectorAll('#tLines select option').length > 0");
            browser.click(keptItem + " button.edit");
            assertThat(browser.value("#tName")).isEqualTo(kept);
            assertThat(browser.value("#tComment")).isEqualTo("Old seals");
            assertThat(browser.text("#tSave")).isEqualTo("Save the template");
            browser.type("#tComment", "Bring new seals");
            browser.click("#tSave");
            browser.waitForText(keptItem, "Bring new seals");
            Record stored = db.fetchOne("SELECT comment, version, deadline_days FROM request_template WHERE id = ?", keptId);
            assertThat(stored.get(0, String.class)).isEqualTo("Bring new seals");
            assertThat(stored.get(1, Integer.class)).isEqualTo(1);
            assertThat(stored.get(2, Integer.class)).as("the rest as it was").isEqualTo(2);
            assertThat(browser.text("#tSave")).as("back to adding").isEqualTo("Add the template");

            browser.click(goneItem + " button.delete");
            assertThat(browser.isShown(goneItem)).as("the first click only asks").isTrue();
            assertThat(browser.text(goneItem + " button.delete")).isEqualTo("Delete for good?");
            browser.click(goneItem + " button.delete");
            browser.waitForGone(goneItem);
            assertThat(browser.text("#templates")).doesNotContain(gone).contains(kept);
            assertThat(db.fetchValue("SELECT count(*) FROM request_template WHERE id = ?", goneId)).isEqualTo(0L);

            browser.go("/desk/new?lang=en");
            browser.waitUntil("the templates in the form",
                    "document.querySelector(\"#template option[value='" + keptId + "']\") !== null");
            assertThat(browser.eval("document.querySelectorAll(\"#template option[value='" + goneId + "']\").length").asInt())
                    .isZero();
            browser.select("#template", String.valueOf(keptId));
            browser.waitUntil("the template's comment filled in",
                    "document.getElementById('description').value === 'Bring new seals'");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(DISPATCHER, PASSWORD).go("/desk/setup");
            browser.waitFor(keptItem + " button.edit");
            assertThat(browser.text(keptItem + " button.edit")).isEqualTo("Изменить");
            assertThat(browser.text(keptItem + " button.delete")).isEqualTo("Удалить");
        }
    }

    /**
     * Issue 13: the set-up form edits every service line of a template, in Russian: a template of two lines is opened,
     * the first line's quantity changed, the second removed and two others added; what is stored is exactly the three
     * lines in the page's order. A bad quantity on the third line is refused (400) next to that line's field and
     * nothing is written; a template changed meanwhile by someone else is not overwritten (412, If-Match).
     */
    @Test
    @Order(9)
    void everyServiceLineOfATemplateIsEditedInRussian() {
        List<Record> types = db.fetch("SELECT id, code FROM service_type WHERE active ORDER BY id LIMIT 3");
        assertThat(types).as("three active services in the demo company").hasSize(3);
        long a = types.get(0).get(0, Long.class);
        long b = types.get(1).get(0, Long.class);
        String bCode = types.get(1).get(1, String.class);
        String cCode = types.get(2).get(1, String.class);
        String name = "Строки " + System.nanoTime();
        long id = db.fetchOne("INSERT INTO request_template (name, comment, deadline_days, deadline_time, priority, source, "
                + "created_at) VALUES (?, 'Пломбы', 2, '17:00', 3, 'phone', now()) RETURNING id", name).get(0, Long.class);
        db.execute("INSERT INTO request_template_item (template_id, line, service_type_id, quantity) VALUES (?, 1, ?, 2), "
                + "(?, 2, ?, 5)", id, a, id, b);
        String item = "#templates li[data-template='" + id + "']";
        String rows = "#tLines .t-line";
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(DISPATCHER, PASSWORD).go("/desk/setup");
            browser.waitFor(item + " button.edit");
            browser.waitUntil("the services", "document.querySelectorAll('#tLines select option').length >= 3");
            browser.click(item + " button.edit");
            assertThat(browser.text("#tHeading")).isEqualTo("Правка шаблона " + name);
            assertThat(browser.isShown("#tCancel")).as("editing can be cancelled").isTrue();
            browser.waitUntil("both lines in the form", "document.querySelectorAll('" + rows + "').length === 2");
            assertThat(browser.eval("[...document.querySelectorAll('" + rows + " .quantity')].map(q => q.value).join(',')")
                    .asString()).isEqualTo("2,5");
            assertThat(browser.eval("document.querySelectorAll('" + rows + " select')[1].value").asString()).isEqualTo(bCode);

            browser.type(rows + ":nth-child(1) .quantity", "3");
            browser.click(rows + ":nth-child(2) .remove");
            browser.waitUntil("the second line gone", "document.querySelectorAll('" + rows + "').length === 1");
            assertThat(browser.eval("document.querySelector('" + rows + " .remove').disabled").asBoolean())
                    .as("the last line stays").isTrue();
            browser.click("#tAddLine");
            browser.select(rows + ":nth-child(2) select", cCode);
            browser.type(rows + ":nth-child(2) .quantity", "4");
            browser.click("#tAddLine");
            browser.select(rows + ":nth-child(3) select", bCode);
            browser.type(rows + ":nth-child(3) .quantity", "0");
            browser.click("#tSave");
            browser.waitFor("#templateForm [data-problem='services[2].quantity']");
            assertThat(browser.eval("document.querySelectorAll('" + rows + " .quantity')[2].getAttribute('aria-invalid')")
                    .asString()).as("the third line's quantity is marked").isEqualTo("true");
            assertThat(browser.text("#templateForm .error[data-for=form]")).isEqualTo("Исправьте отмеченные поля.");
            assertThat(lines(id)).as("nothing written").isEqualTo(List.of(a + "x2", b + "x5"));

            browser.type(rows + ":nth-child(3) .quantity", "1");
            browser.click("#tSave");
            browser.waitForText(item, "× 4");
            assertThat(lines(id)).isEqualTo(List.of(a + "x3", types.get(2).get(0, Long.class) + "x4", b + "x1"));
            assertThat(db.fetchValue("SELECT version FROM request_template WHERE id = ?", id)).isEqualTo(1);
            assertThat(browser.isShown("#tCancel")).as("back to adding").isFalse();
            assertThat(browser.eval("document.querySelectorAll('" + rows + "').length").asInt()).as("a fresh form").isEqualTo(1);

            // someone else saves the template while it is open here: the page's save is refused, nothing overwritten
            browser.click(item + " button.edit");
            browser.waitUntil("three lines in the form", "document.querySelectorAll('" + rows + "').length === 3");
            db.execute("UPDATE request_template SET version = version + 1, comment = 'Чужая правка' WHERE id = ?", id);
            browser.type(rows + ":nth-child(1) .quantity", "9");
            browser.click("#tSave");
            browser.waitFor("#templateForm .error[data-for=form]:not(:empty)");
            assertThat(lines(id)).as("the other's save kept").isEqualTo(List.of(a + "x3", types.get(2).get(0, Long.class) + "x4", b + "x1"));
            assertThat(db.fetchValue("SELECT comment FROM request_template WHERE id = ?", id)).isEqualTo("Чужая правка");
            browser.screenshot("desk-setup-template-lines-ru", true);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** A template's lines as "service type id x quantity", in line order. */
    private List<String> lines(long templateId) {
        return db.fetch("SELECT service_type_id, quantity FROM request_template_item WHERE template_id = ? ORDER BY line",
                templateId).map(r -> r.get(0, Long.class) + "x" + r.get(1, Integer.class));
    }
}
