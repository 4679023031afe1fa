package org.fieldplan.api.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
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

/**
 * Route sheets of a planned Malta day (real roads): the PDF read back lists the stops in route order in English and
 * in Russian, the page carries the route map with one numbered marker per stop, only the technician, the zone's
 * dispatcher and administrators see it, and Chromium renders the page at A4 width (screenshot).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_sheet",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_sheet",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_sheet, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteSheetIT {

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
    org.fieldplan.api.map.BaseMapTiles baseMap;
    @Autowired
    TransactionTemplate transaction;
    @Value("${local.server.port}")
    int port;

    long technician;
    String technicianLogin;
    List<String> numbersInOrder;
    List<String> addressesInOrder;

    @BeforeAll
    void plannedDay() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        org.fieldplan.api.PlannedDemo.publishDay(problems, routeWriter, transaction, TUESDAY, 3);
        var route = db.fetchOne("SELECT r.id, r.technician_id, u.username FROM route r JOIN technician t ON t.id = r.technician_id "
                + "JOIN app_user u ON u.id = t.user_id WHERE r.day = ? ORDER BY (SELECT count(*) FROM route_stop s "
                + "WHERE s.route_id = r.id) DESC, r.id LIMIT 1", TUESDAY);
        technician = route.get(1, Long.class);
        technicianLogin = route.get(2, String.class);
        numbersInOrder = db.fetch("SELECT q.registration_number FROM route_stop s JOIN service_request q ON q.id = s.request_id "
                + "WHERE s.route_id = ? ORDER BY s.position", route.get(0, Long.class)).getValues(0, String.class);
        addressesInOrder = db.fetch("SELECT q.address_line FROM route_stop s JOIN service_request q ON q.id = s.request_id "
                + "WHERE s.route_id = ? ORDER BY s.position", route.get(0, Long.class)).getValues(0, String.class);
        assertThat(numbersInOrder).hasSizeGreaterThan(2);
        db.execute("INSERT INTO service_request_comment (request_id, author_name, visibility, body, created_at) "
                + "SELECT id, 'Dispatcher', 'private', 'Gate code 4711, dog in the yard', now() FROM service_request "
                + "WHERE registration_number = ?", numbersInOrder.get(0));
    }

    HttpResponse<byte[]> get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void thePdfListsTheVisitsInRouteOrderInEnglishAndRussian() throws Exception {
        for (String lang : List.of("en", "ru")) {
            HttpResponse<byte[]> pdf = get("/sheets/" + technician + "/" + TUESDAY + ".pdf?lang=" + lang, "admin");
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
            String text;
            try (PDDocument document = Loader.loadPDF(pdf.body())) {
                text = new PDFTextStripper().getText(document);
            }
            assertThat(text).contains(lang.equals("ru") ? "Маршрутный лист" : "Route sheet");
            assertThat(text).contains(lang.equals("ru") ? "Подпись" : "signature");
            assertThat(text).contains("Gate code 4711").doesNotContain(":18\n");
            int at = -1;
            for (String number : numbersInOrder) {
                int next = text.indexOf(number);
                assertThat(next).as(number + " after the previous stop in " + lang).isGreaterThan(at);
                at = next;
            }
        }
    }

    @Test
    void thePageHasTheRouteMapWithOneNumberedMarkerPerStop() throws Exception {
        String html = new String(get("/sheets/" + technician + "/" + TUESDAY + "?lang=en", "admin").body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<svg").contains("class=\"road\"").contains("class=\"zone\"").contains("class=\"scale\"");
        assertThat(html.split("<g class=\"stop\">", -1).length - 1).isEqualTo(numbersInOrder.size());
        assertThat(html.split("<tr class=\"stop\"", -1).length - 1).isEqualTo(numbersInOrder.size());
        assertThat(html).contains("@page { size: A4");
    }

    @Test
    void theMapDrawsTheStreetsAroundTheRouteWithTheOsmAttribution() throws Exception {
        baseMap.map();                                   // built or loaded in the background since start-up: wait for it
        String html = new String(get("/sheets/" + technician + "/" + TUESDAY + "?lang=en", "admin").body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<g class=\"streets\"").contains("© OpenStreetMap contributors");
        String streets = html.substring(html.indexOf("<g class=\"streets\""), html.indexOf("</g>", html.indexOf("<g class=\"streets\"")));
        assertThat(streets.split("<polyline", -1).length - 1).isGreaterThan(50);
        assertThat(html.indexOf("class=\"streets\"")).isLessThan(html.indexOf("class=\"road\""));   // under the route
    }

    @Test
    void aQrCodeOpensTheDayOnThePhone() throws Exception {
        String html = new String(get("/sheets/" + technician + "/" + TUESDAY + "?lang=en", "admin").body(), StandardCharsets.UTF_8);
        int at = html.indexOf("<g class=\"qr\">");
        assertThat(at).isPositive();
        // decode what was drawn: the dark cells of the path, back into a bit matrix, read by ZXing
        String path = html.substring(html.indexOf(" d=\"", at) + 4, html.indexOf("\"/></g>", at));
        java.util.regex.Matcher cell = java.util.regex.Pattern.compile("M([0-9.]+) ([0-9.]+)h").matcher(path);
        java.util.List<double[]> cells = new java.util.ArrayList<>();
        while (cell.find()) {
            cells.add(new double[] {Double.parseDouble(cell.group(1)), Double.parseDouble(cell.group(2))});
        }
        double minX = cells.stream().mapToDouble(c -> c[0]).min().orElseThrow();
        double minY = cells.stream().mapToDouble(c -> c[1]).min().orElseThrow();
        int scale = 8;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(130 * scale + 80, 130 * scale + 80,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(java.awt.Color.BLACK);
        java.util.regex.Matcher h = java.util.regex.Pattern.compile("h([0-9.]+)v").matcher(path);
        assertThat(h.find()).isTrue();
        double cellSize = Double.parseDouble(h.group(1));
        for (double[] c : cells) {
            g.fillRect((int) Math.round((c[0] - minX) * scale) + 40, (int) Math.round((c[1] - minY) * scale) + 40,
                    (int) Math.ceil(cellSize * scale), (int) Math.ceil(cellSize * scale));
        }
        String text = new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
                new com.google.zxing.common.HybridBinarizer(new com.google.zxing.RGBLuminanceSource(image.getWidth(), image.getHeight(),
                        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())))))
                .getText();
        assertThat(text).isEqualTo("http://127.0.0.1:" + port + "/field?date=" + TUESDAY);
    }

    @Test
    void onlyTheTechnicianTheirDispatcherAndAdministratorsSeeIt() throws Exception {
        String path = "/sheets/" + technician + "/" + TUESDAY;
        assertThat(get(path, technicianLogin).statusCode()).isEqualTo(200);
        String other = db.fetchOne("SELECT u.username FROM technician t JOIN app_user u ON u.id = t.user_id WHERE t.id <> ? "
                + "ORDER BY t.id LIMIT 1", technician).get(0, String.class);
        assertThat(get(path, other).statusCode()).isEqualTo(404);
        String theirs = db.fetchOne("SELECT DISTINCT u.username FROM route r JOIN route_stop s ON s.route_id = r.id "
                + "JOIN service_request q ON q.id = s.request_id JOIN zone z ON z.id = q.zone_id JOIN app_user u ON u.id = z.dispatcher_id "
                + "WHERE r.technician_id = ? AND r.day = ? LIMIT 1", technician, TUESDAY).get(0, String.class);
        assertThat(get(path, theirs).statusCode()).isEqualTo(200);
        var notTheirs = db.fetchOne("SELECT u.username FROM app_user u JOIN app_user_role ur ON ur.user_id = u.id "
                + "AND ur.role_code = 'dispatcher' WHERE u.id NOT IN (SELECT z.dispatcher_id FROM route r JOIN route_stop s ON "
                + "s.route_id = r.id JOIN service_request q ON q.id = s.request_id JOIN zone z ON z.id = q.zone_id "
                + "WHERE r.technician_id = ? AND r.day = ?) LIMIT 1", technician, TUESDAY);
        if (notTheirs != null) {
            assertThat(get(path, notTheirs.get(0, String.class)).statusCode()).isEqualTo(404);
        }
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get("/sheets/" + technician + "/2026-06-07", "admin").statusCode()).isEqualTo(404);
    }

    @Test
    void chromiumRendersTheSheetAtA4Width() throws Exception {
        try (Browser browser = Browser.open(port, new Viewport("a4", 794, 1123, 1, false), "ru")) {
            browser.basicAuth("admin", PASSWORD);
            browser.go("/sheets/" + technician + "/" + TUESDAY + "?lang=ru");
            browser.waitFor("svg.route-map");
            assertThat(browser.text("h1")).isEqualTo("Маршрутный лист");
            assertThat(browser.eval("(() => { const r = document.querySelector('svg.route-map').getBoundingClientRect();"
                    + " return r.width > 600 && r.height > 300; })()").asBoolean()).isTrue();
            assertThat(browser.text("body")).contains(numbersInOrder.get(0)).contains(addressesInOrder.get(0));
            assertThat(Files.size(browser.screenshot("route-sheet-ru", true))).isPositive();
        }
    }
}
