package org.fieldplan.api.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.fieldplan.api.DemoMonday;
import org.fieldplan.api.OwnSchema;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.notification.MailParts;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's "done when" in headless Chromium, as the people do it, on the Malta demo company (its Monday as the clock,
 * the real road network behind the window search, a real SMTP server for the cabinet's sign-in codes): a customer books
 * two services with quantities on {@code /book} for a street of a zone with an active discount and sees the total with
 * the discount, priced by the server; the office sends the specification from the desk card; the customer agrees in the
 * cabinet; the technician, on the phone page, adds a photo (a small JPEG made here) and proposes one more unit of a
 * service; the dispatcher confirms the change on the desk card (the photo is there); the catalogue price changes
 * meanwhile, which must not touch the frozen prices; the technician finishes the visit; the act's PDF, read back with
 * PDFBox, has the confirmed lines at the frozen prices; the customer accepts it in the cabinet; the agents' statements
 * (CSV, as the set-up downloads it) show the commission of all three levels of the agent chain on the final lines.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_commerce_journey",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_commerce_journey",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_commerce_journey, public",
        "fieldplan.security.bcrypt-strength=4",
        "fieldplan.notifications.sender=smtp",
        "fieldplan.notifications.from=dispatch@fieldplan.test",
        "fieldplan.cabinet.codes-per-contact=50/1m",
        "fieldplan.cabinet.codes-per-client=500/1m",
        "fieldplan.cabinet.checks-per-client=500/1m",
        "spring.mail.host=127.0.0.1"})
@ActiveProfiles("it")
@Import({OwnSchema.class, DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommercialJourneyBrowserIT {

    static final String DEMO_PASSWORD = "fieldplan-demo";
    static final String FIRST = "meter-installation";
    static final String SECOND = "meter-verification";
    private static final GreenMail MAIL = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));

    static {
        MAIL.start();
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        MAIL.stop();
    }

    @Autowired MaltaDemoLoader demo;
    @Autowired DSLContext db;
    @Value("${local.server.port}") int port;

    TestHttp admin;
    String query;
    String label;
    long zoneId;
    String dispatcher;
    BigDecimal discountPercent;
    String discountName;

    @BeforeAll
    void demoCompanyAStreetOfADiscountedZone() {
        demo.load();
        db.execute("UPDATE notification_outbox SET status = 'logged' WHERE status = 'pending'");
        admin = new TestHttp(port).authorization("Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        TestHttp anonymous = new TestHttp(port);
        // a street of the Sliema zone (the demo's discounted zone) with a free window for the whole visit
        for (String q : List.of("Triq Bisazza", "Triq it-Torri", "Triq Manwel Dimech", "Triq San Gorg")) {
            for (JsonNode s : anonymous.get("/api/public/addresses?limit=8&q=" + q.replace(" ", "%20")).json()) {
                TestHttp.Response r = anonymous.get("/api/public/windows?service=" + FIRST + "&lat=" + s.get("lat").asDouble()
                        + "&lon=" + s.get("lon").asDouble() + "&also=" + SECOND + ":2");
                if (r.status() == 200 && !r.json().path("zone").isNull() && r.toString().contains("\"available\":true")) {
                    query = q;
                    label = s.get("label").asString();
                    zoneId = r.json().path("zone").path("id").asLong();
                    break;
                }
            }
            if (query != null) {
                break;
            }
        }
        assertThat(query).as("a Sliema street of the demo with a free %s window", FIRST).isNotNull();
        // the zone's active discount: the demo's, or one made here through the API when the street lies elsewhere
        for (JsonNode m : admin.get("/api/price-modifiers").json()) {
            if (m.path("zoneId").asLong() == zoneId && m.path("effect").asString().equals("discount")
                    && m.path("method").asString().equals("percent") && m.path("requestType").isNull() && m.path("active").asBoolean(true)) {
                discountPercent = m.path("amount").decimalValue();
                discountName = m.path("name").asString();
            }
        }
        if (discountName == null) {
            TestHttp.Response made = admin.post("/api/price-modifiers", "{\"name\": \"Journey discount\", \"effect\": \"discount\", "
                    + "\"method\": \"percent\", \"amount\": 10, \"zoneId\": " + zoneId + "}");
            assertThat(made.status()).as(made.toString()).isEqualTo(201);
            discountPercent = BigDecimal.TEN;
            discountName = "Journey discount";
        }
        dispatcher = db.fetchOne("SELECT u.username FROM zone z JOIN app_user u ON u.id = z.dispatcher_id WHERE z.id = ?", zoneId)
                .get(0, String.class);
    }

    @Test
    void bookedWithADiscountQuotedAgreedChangedOnSiteActAcceptedAndTheAgentsPaid() throws Exception {
        // the prices the customer will be shown, worked out here from the catalogue and the discount
        Map<String, BigDecimal> base = new TreeMap<>();
        Map<String, Boolean> from = new TreeMap<>();
        for (JsonNode s : new TestHttp(port).get("/api/public/services").json()) {
            base.put(s.path("code").asString(), s.path("price").decimalValue());
            from.put(s.path("code").asString(), s.path("priceIsFrom").asBoolean());
        }
        BigDecimal unitFirst = discounted(base.get(FIRST));
        BigDecimal unitSecond = discounted(base.get(SECOND));
        BigDecimal booked = unitFirst.add(unitSecond.multiply(BigDecimal.valueOf(2)));
        boolean isFrom = from.get(FIRST) || from.get(SECOND);
        assertThat(unitFirst).as("the discount lowers the price").isLessThan(base.get(FIRST));

        // 1. the customer books on the site: the first service once, a second service twice; the total is the server's
        String email = "olga.commerce@example.test";
        String number;
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.go("/book").waitFor("#address");
            browser.waitUntil("the services", "document.querySelectorAll('#service option').length > 0");
            browser.type("#address", query).clickText("#suggestions button", label);
            browser.waitUntil("the suggestion's coordinates", "document.getElementById('lat').value !== ''");
            browser.type("#house", "12");
            browser.select("#service", FIRST);
            browser.click("#addService").waitFor("#more .more-line");
            browser.select("#more .more-line .more-service", SECOND);
            browser.type("#more .more-line .more-quantity", "2");
            String expected = "Preliminary total: " + (isFrom ? "from " : "") + "€" + booked.toPlainString();
            browser.waitForText("#total", expected);
            assertThat(browser.text("#total")).isEqualTo(expected);
            assertThat(browser.text("#priceNotes")).contains(discountName);
            browser.screenshot("commerce-book-total");
            browser.click("#find").waitFor("#days button[aria-selected=true]").waitFor("#windows button");
            String start = browser.eval("document.querySelector('#windows button:not([disabled])').dataset.start").asString();
            browser.click("#windows button[data-start='" + start + "']");
            browser.waitFor("#step-who").waitFor("#hold");
            browser.type("#name", "Olga Commerce").type("#email", email);
            browser.click("#confirm").waitFor("#done");
            browser.waitUntil("the registration number", "document.getElementById('number').textContent.trim() !== ''");
            number = browser.text("#number");
            assertThat(browser.text("#doneTotal")).isEqualTo(expected);
            assertThat(browser.consoleErrors()).isEmpty();
        }
        Record row = db.fetchOne("SELECT r.id, r.status, r.price_total, r.window_start FROM service_request r WHERE r.registration_number = ?", number);
        long requestId = row.get("id", Long.class);
        assertThat(row.get("status", String.class)).isEqualTo("scheduled");
        assertThat(row.get("price_total", BigDecimal.class)).as("priced once, on the server").isEqualByComparingTo(booked);
        String day = row.get("window_start", java.time.OffsetDateTime.class).atZoneSameInstant(java.time.ZoneId.of("Europe/Malta"))
                .toLocalDate().toString();
        assertThat(quantities(requestId)).isEqualTo(Map.of(FIRST, 1, SECOND, 2));

        // the office names the agent who brought the customer (the demo's field agent, two levels above them)
        TestHttp.Response agent = admin.put("/api/agent-requests/" + requestId, "{\"agentCode\": \"agent-field\"}");
        assertThat(agent.status()).as(agent.toString()).isEqualTo(200);

        // 2. the office sends the specification from the desk card
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(dispatcher, DEMO_PASSWORD).go("/desk/requests/" + requestId);
            browser.waitFor("#documents li[data-kind=specification]").waitFor("#specForm:not([hidden])");
            browser.type("#specConditions", "Payment on completion; the installation price includes the seal.");
            browser.click("#sendSpec").waitFor("#documents li[data-kind=specification][data-number='2'][data-state=issued]");
            assertThat(browser.text("#documents")).contains("Specification 2");
            assertThat(browser.consoleErrors()).isEmpty();
        }

        // 3. the customer agrees in the cabinet (signed in with a code from the e-mail)
        Path photo = jpeg();
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.go("/cabinet/requests/" + requestId).waitFor("#signin");
            signIn(browser, email);
            browser.waitForText("#d-status", "scheduled");
            browser.waitFor("#d-documents li[data-kind=specification][data-number='2'][data-state=issued]");
            browser.click("#d-actions button[data-action=agree]");
            browser.waitFor("#d-documents li[data-kind=specification][data-number='2'][data-state=agreed]");
            assertThat(browser.isShown("#d-actions button[data-action=agree]")).isFalse();
            assertThat(browser.text("#d-status")).contains("scheduled");
            // and writes to the office with a photo of where the meters are (issue 15: files in the conversation)
            browser.type("#comment", "The meters are behind the kitchen door, see the photo.").attach("#comment-files", photo);
            browser.click("#send-comment").waitFor("#d-messages li .files img");
            browser.waitUntil("the thumbnail in the conversation", "document.querySelector('#d-messages li .files img').naturalWidth > 0");
            assertThat(browser.text("#d-messages")).contains("behind the kitchen door", "meter-before.jpg");
            browser.screenshot("commerce-cabinet-agreed");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(db.fetchValue("SELECT state FROM request_document WHERE request_id = ? AND kind = 'specification' AND number = 2",
                requestId)).isEqualTo("agreed");

        // the catalogue changes later: the booked (frozen) prices must not follow it
        JsonNode price = null;
        for (JsonNode p : admin.get("/api/prices").json()) {
            if (p.path("code").asString().equals(SECOND) || p.path("serviceTypeCode").asString().equals(SECOND)) {
                price = p;
            }
        }
        assertThat(price).isNotNull();
        long secondId = price.has("serviceTypeId") ? price.path("serviceTypeId").asLong() : price.path("id").asLong();
        TestHttp.Response raised = admin.put("/api/prices/" + secondId, "{\"basePrice\": 99.00, \"unit\": " + Browser.js(price.path("unit").asString())
                + ", \"priceIsFrom\": " + price.path("priceIsFrom").asBoolean() + ", \"requestType\": " + Browser.js(price.path("requestType").asString()) + "}");
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);

        // 4. the technician, on the phone: a photo of the meter and one more verification than booked
        String technician = db.fetchOne("SELECT u.username FROM service_request r JOIN technician t ON t.id = r.technician_id "
                + "JOIN app_user u ON u.id = t.user_id WHERE r.id = ?", requestId).get(0, String.class);
        String card = "section.visit[data-request='" + requestId + "']";
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.login(technician, DEMO_PASSWORD).go("/field?date=" + day);
            browser.waitFor(card);
            browser.attach(card + " input.photo", photo);
            browser.waitForText(card + " .files li .name", "meter-before.jpg");
            browser.waitUntil("the thumbnail", "document.querySelector(" + Browser.js(card + " .files img") + ")?.naturalWidth > 0");
            browser.click(card + " details.propose summary");
            browser.type(card + " details.propose input[data-code='" + SECOND + "']", "3");
            browser.type(card + " details.propose textarea.note", "Three meters in the flat, not two: the third one verified too.");
            browser.click(card + " details.propose button.send").waitFor(card + " .notice");
            browser.screenshot("commerce-field-proposed");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(quantities(requestId)).as("nothing changes before the office confirms").isEqualTo(Map.of(FIRST, 1, SECOND, 2));

        // 5. the dispatcher confirms it on the desk card, where the photo is
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(dispatcher, DEMO_PASSWORD).go("/desk/requests/" + requestId);
            browser.waitFor("#files li img");
            browser.waitFor("#comments li .files a.name");
            assertThat(browser.text("#comments")).contains("behind the kitchen door", "meter-before.jpg");
            browser.waitUntil("the photo's thumbnail", "document.querySelector('#files li img').naturalWidth > 0");
            browser.waitFor("#edits form.edit button.confirm").click("#edits form.edit button.confirm");
            browser.waitForText("#services", "× 3");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(quantities(requestId)).isEqualTo(Map.of(FIRST, 1, SECOND, 3));

        // the technician starts and finishes the visit on the phone
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.login(technician, DEMO_PASSWORD).go("/field?date=" + day);
            browser.click(card + " button.start").waitFor(card + " button.done");
            browser.type(card + " input.labour", "75").click(card + " button.done");
            browser.waitUntil("the visit done", "document.querySelector(" + Browser.js(card) + ")?.classList.contains('done')");
        }

        // 6. the act: the confirmed lines at the frozen prices, read back from the PDF
        BigDecimal finalTotal = unitFirst.add(unitSecond.multiply(BigDecimal.valueOf(3)));
        JsonNode act = null;
        for (JsonNode d : admin.get("/api/requests/" + requestId + "/documents").json()) {
            if (d.path("kind").asString().equals("act")) {
                act = d;
            }
        }
        assertThat(act).as("the act issued when the work was done").isNotNull();
        assertThat(act.path("total").decimalValue()).isEqualByComparingTo(finalTotal);
        String pdf = pdfText("/api/requests/" + requestId + "/documents/act/" + act.path("number").asInt() + ".pdf?lang=en");
        assertThat(pdf).contains("Act of completed work", "Meter verification", "Meter installation", number);
        assertThat(pdf).contains(money(unitSecond, from.get(SECOND)), money(unitSecond.multiply(BigDecimal.valueOf(3)), from.get(SECOND)),
                money(unitFirst, from.get(FIRST)), money(finalTotal, isFrom));
        assertThat(pdf).as("the catalogue's new price is not the frozen one").doesNotContain("€99.00", "€89.10");

        // 7. the customer accepts the act in the cabinet
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.go("/cabinet/requests/" + requestId).waitFor("#signin");
            signIn(browser, email);
            browser.waitForText("#d-status", "done");
            browser.waitFor("#d-documents li[data-kind=act] a");
            browser.click("#d-actions button[data-action=accept]").waitForText("#d-status", "accepted");
            browser.waitFor("#d-documents li[data-kind=act][data-state=accepted]");
            browser.screenshot("commerce-cabinet-accepted");
            assertThat(browser.consoleErrors()).isEmpty();
        }

        // 8. the agents' statements, as the administrator downloads them: each level's percent of the final lines
        JsonNode scheme = admin.get("/api/commission-scheme").json();
        BigDecimal counted = BigDecimal.ZERO;
        for (JsonNode code : scheme.path("serviceTypeCodes")) {
            if (code.asString().equals(FIRST)) {
                counted = counted.add(unitFirst);
            }
            if (code.asString().equals(SECOND)) {
                counted = counted.add(unitSecond.multiply(BigDecimal.valueOf(3)));
            }
        }
        assertThat(counted).as("meter work counts toward commission in the demo").isPositive();
        String month = day.substring(0, 7);
        String[] chain = {"agent-field", "agent-team", "agent-lead"};
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login("admin", DEMO_PASSWORD).go("/");
            for (int level = 1; level <= 3; level++) {
                long agentId = db.fetchOne("SELECT id FROM agent WHERE code = ?", chain[level - 1]).get(0, Long.class);
                String csv = browser.eval("fetch('/api/agents/" + agentId + "/statement.csv?month=" + month + "').then(r => r.text())").asString();
                BigDecimal percent = scheme.path("levels").get(level - 1).decimalValue();
                BigDecimal owed = BigDecimal.ZERO;
                for (String line : csv.split("\r\n")) {
                    String[] cells = line.split(",");
                    if (cells.length > 6 && cells[1].equals(number)) {
                        assertThat(cells[2]).as("the level of %s in %s", chain[level - 1], line).isEqualTo(String.valueOf(level));
                        owed = owed.add(new BigDecimal(cells[6]));
                    }
                }
                assertThat(owed).as("what %s earns on %s (level %s, %s %%): %s", chain[level - 1], number, level, percent, csv)
                        .isEqualByComparingTo(counted.multiply(percent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP));
            }
        }
    }

    BigDecimal discounted(BigDecimal price) {
        return price.multiply(BigDecimal.ONE.subtract(discountPercent.divide(BigDecimal.valueOf(100))))
                .setScale(2, RoundingMode.HALF_UP);
    }

    /** An amount as the English documents write it (euros, two decimals, "from" for a minimum). */
    static String money(BigDecimal amount, boolean from) {
        return (from ? "from " : "") + "€" + String.format(java.util.Locale.ENGLISH, "%,.2f", amount);
    }

    Map<String, Integer> quantities(long requestId) {
        Map<String, Integer> q = new TreeMap<>();
        db.fetch("SELECT t.code, i.quantity FROM service_request_item i JOIN service_type t ON t.id = i.service_type_id "
                + "WHERE i.request_id = ? AND NOT i.extra", requestId).forEach(r -> q.put(r.get(0, String.class), r.get(1, Integer.class)));
        return q;
    }

    /** A small real JPEG, as a phone camera would send (a picture of a "meter"). */
    static Path jpeg() throws IOException {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, 640, 480);
        g.setColor(Color.WHITE);
        g.fillOval(170, 90, 300, 300);
        g.setColor(Color.BLACK);
        g.drawString("00412.7 m3", 280, 245);
        g.dispose();
        Path dir = Files.createDirectories(Path.of("target", "journey-files"));
        Path file = dir.resolve("meter-before.jpg");
        ImageIO.write(image, "jpg", file.toFile());
        return file;
    }

    String pdfText(String path) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        try (PDDocument doc = Loader.loadPDF(response.body())) {
            return new PDFTextStripper().getText(doc).replace('\u00a0', ' ');
        }
    }

    /** The cabinet's sign-in: the contact, the code from the newest e-mail to it. */
    void signIn(Browser browser, String email) throws Exception {
        int before = MailParts.to(MAIL, email).size();
        browser.type("#contact", email).click("#send").waitFor("#verifyForm");
        String code = null;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (code == null && System.nanoTime() < until) {
            List<MimeMessage> got = MailParts.to(MAIL, email);
            for (MimeMessage m : got.subList(before, got.size())) {
                // the sign-in message (sent straight, not through the outbox), by its subject
                Matcher c = Pattern.compile("sign-in code: (\\d{6})").matcher(String.valueOf(m.getSubject()));
                if (c.find()) {
                    code = c.group(1);
                }
            }
            Thread.sleep(100);
        }
        assertThat(code).as("a sign-in code by e-mail").isNotNull();
        browser.type("#code", code).click("#verify").waitFor("#detail");
    }


}
