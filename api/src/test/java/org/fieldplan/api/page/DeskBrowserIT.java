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
            assertThat(browser.texts(".fp-subnav a")).containsExactly("Zones", "Schedules", "Technicians and teams", "Services", "Users");
            browser.click(".fp-lang a[data-lang=ru]");
            browser.waitUntil("Russian", "document.documentElement.lang === 'ru'");
            assertThat(browser.text("h1")).isEqualTo("Настройка");
            browser.clickText(".fp-nav a", "Отчёты");
            assertThat(browser.text("h1")).as("the cookie keeps the language").isEqualTo("Отчёты");
            assertThat(browser.text(".fp-coming")).startsWith("Скоро");
            browser.screenshot("reports-coming-ru");
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
}
