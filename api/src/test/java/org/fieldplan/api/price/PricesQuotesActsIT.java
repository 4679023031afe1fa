package org.fieldplan.api.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Prices from the catalogue and a zone's discount, computed on the server and frozen at the quote; the specification
 * agreed; a technician's confirmed quantity change; the act from what was done at the frozen prices, disputed; PDFs
 * read back in both languages; modifiers the rule cannot order refused.
 */
@ApiIntegrationTest
class PricesQuotesActsIT {

    static final AtomicInteger REGION = new AtomicInteger();

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Autowired
    RequestWriter writer;
    @Autowired
    TransactionTemplate tx;
    @Value("${local.server.port}")
    int port;

    /** A zone of its own in the ocean at latitude 20 (no other test draws there), its dispatcher and two services. */
    record Shop(Login admin, Login dispatcher, Login customer, long zoneId, long meterId, String meterCode, long visitId,
                String visitCode, double lat, double lon) {}

    Shop shop() {
        double lon0 = -40.0 + REGION.getAndIncrement() * 1.5;
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("prices", lon0, 20.0, 1.0, dispatcher.userId());
        long meter = fixtures.serviceType("meter");
        long visit = fixtures.serviceType("visit");
        String meterCode = db.select(SERVICE_TYPE.CODE).from(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(meter)).fetchSingle().value1();
        String visitCode = db.select(SERVICE_TYPE.CODE).from(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(visit)).fetchSingle().value1();
        return new Shop(admin, dispatcher, fixtures.customer(), zone, meter, meterCode, visit, visitCode, 20.5, lon0 + 0.5);
    }

    TestHttp as(Login login) {
        return http.authorization(login.basic());
    }

    static String deadline() {
        return OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).withNano(0).toString();
    }

    @Test
    void aZoneDiscountIsComputedOnTheServerFrozenAtTheQuoteAndCarriedIntoTheAct() throws IOException {
        Shop s = shop();
        // the catalogue: meter verification 25.50 per piece; a visit 40.00 per hour, a "from" price
        Response price = as(s.admin()).put("/api/prices/" + s.visitId(), "{\"basePrice\": 40.00, \"unit\": \"hour\", \"priceIsFrom\": true, \"requestType\": \"verification\"}");
        assertThat(price.status()).as(price.toString()).isEqualTo(200);
        assertThat(price.json().path("priceText").asString()).isEqualTo("from €40.00");
        Response modifier = as(s.admin()).post("/api/price-modifiers", """
                {"name": "Winter discount", "effect": "discount", "method": "percent", "amount": 10, "zoneId": %d}
                """.formatted(s.zoneId()));
        assertThat(modifier.status()).as(modifier.toString()).isEqualTo(201);
        long modifierId = modifier.json().path("id").asLong();

        // preview: 2 x 25.50 - 10% = 2 x 22.95; 1 x 40.00 - 10% = 36.00 "from"
        String services = "[{\"serviceTypeCode\": \"%s\", \"quantity\": 2}, {\"serviceTypeCode\": \"%s\", \"quantity\": 1}]"
                .formatted(s.meterCode(), s.visitCode());
        Response preview = http.authorization(null).post("/api/public/prices/preview",
                "{\"lat\": %s, \"lon\": %s, \"services\": %s, \"lang\": \"ru\"}".formatted(s.lat(), s.lon(), services));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().path("zoneId").asLong()).isEqualTo(s.zoneId());
        assertThat(preview.json().path("lines").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("22.95");
        assertThat(preview.json().path("lines").get(0).path("modifiers").get(0).path("name").asString()).isEqualTo("Winter discount");
        assertThat(preview.json().path("lines").get(1).path("unitPrice").decimalValue()).isEqualByComparingTo("36.00");
        assertThat(preview.json().path("total").decimalValue()).isEqualByComparingTo("81.90");
        assertThat(preview.json().path("from").asBoolean()).isTrue();
        assertThat(preview.json().path("totalText").asString()).isEqualTo("от 81,90 €");
        assertThat(preview.json().path("requestType").asString()).isEqualTo("verification");

        // the customer registers; the price is the server's, stored per line with the modifier that applied
        Response created = as(s.customer()).post("/api/requests", """
                {"address": {"line": "1 Price Street", "lat": %s, "lon": %s}, "services": %s, "source": "site",
                 "deadline": "%s", "unitPrice": 0.01}
                """.formatted(s.lat(), s.lon(), services, deadline()));
        if (created.status() == 400) { // unknown fields are refused: send it without the forged price
            created = as(s.customer()).post("/api/requests", """
                    {"address": {"line": "1 Price Street", "lat": %s, "lon": %s}, "services": %s, "source": "phone",
                     "deadline": "%s"}
                    """.formatted(s.lat(), s.lon(), services, deadline()));
        }
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("price").path("total").decimalValue()).isEqualByComparingTo("81.90");
        assertThat(created.json().path("services").get(0).path("modifiers").get(0).asString()).isEqualTo("Winter discount");

        // the office quotes: the prices freeze; the specification is issued
        Response spec = as(s.dispatcher()).post("/api/requests/" + id + "/specification",
                "{\"conditions\": \"Payment on completion.\"}");
        assertThat(spec.status()).as(spec.toString()).isEqualTo(201);
        assertThat(spec.json().path("number").asInt()).isEqualTo(1);
        assertThat(spec.json().path("total").decimalValue()).isEqualByComparingTo("81.90");
        assertThat(as(s.customer()).get("/api/requests/" + id).json().path("status").asString()).isEqualTo("quoted");

        // the discount ends; the quoted request keeps its prices
        assertThat(as(s.admin()).delete("/api/price-modifiers/" + modifierId).status()).isEqualTo(204);

        String ru = pdfText(s.customer(), "/api/requests/" + id + "/documents/specification/1.pdf?lang=ru");
        assertThat(ru).contains("Спецификация № 1", "22,95 €", "от 81,90 €", "Payment on completion.");

        Response wrongNumber = as(s.customer()).post("/api/requests/" + id + "/specification/decision", "{\"number\": 7, \"decision\": \"agree\"}");
        assertThat(wrongNumber.status()).isEqualTo(409);
        Response agreed = as(s.customer()).post("/api/requests/" + id + "/specification/decision", "{\"number\": 1, \"decision\": \"agree\"}");
        assertThat(agreed.status()).as(agreed.toString()).isEqualTo(200);
        assertThat(agreed.json().path("state").asString()).isEqualTo("agreed");

        // the work: scheduled, started; the technician's edit (3 meters, not 2) confirmed by the dispatcher
        move(s.dispatcher(), id, "scheduled");
        move(s.dispatcher(), id, "in_progress");
        tx.executeWithoutResult(t -> writer.changeItems(id, null, List.of(new RequestWriter.ItemChange(s.meterId(), 3)),
                "Confirmed technician's edit.", CurrentUser.system("test")));
        move(s.dispatcher(), id, "done");

        Response docs = as(s.customer()).get("/api/requests/" + id + "/documents");
        JsonNode act = null;
        for (JsonNode d : docs.json()) {
            if (d.path("kind").asString().equals("act")) {
                act = d;
            }
        }
        assertThat(act).as(docs.toString()).isNotNull();
        assertThat(act.path("lines").get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(act.path("lines").get(0).path("unitPrice").decimalValue()).as("the frozen price").isEqualByComparingTo("22.95");
        assertThat(act.path("total").decimalValue()).isEqualByComparingTo("104.85");
        String en = pdfText(s.customer(), "/api/requests/" + id + "/documents/act/1.pdf?lang=en");
        assertThat(en).contains("Act of completed work No", "€68.85", "from €104.85");

        Response noReason = as(s.customer()).post("/api/requests/" + id + "/act/decision", "{\"number\": 1, \"decision\": \"dispute\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("errors").get(0).path("field").asString()).isEqualTo("comment");
        Response disputed = as(s.customer()).post("/api/requests/" + id + "/act/decision",
                "{\"number\": 1, \"decision\": \"dispute\", \"comment\": \"Only two meters were verified.\"}");
        assertThat(disputed.status()).as(disputed.toString()).isEqualTo(200);
        assertThat(disputed.json().path("state").asString()).isEqualTo("disputed");
        assertThat(as(s.dispatcher()).get("/api/requests/" + id).json().path("status").asString()).isEqualTo("disputed");
        assertThat(as(s.dispatcher()).get("/api/requests/" + id + "/comments").body()).contains("Only two meters were verified.");

        Login other = fixtures.customer();
        assertThat(as(other).get("/api/requests/" + id + "/documents").status()).isEqualTo(404);
        assertThat(as(other).get("/api/requests/" + id + "/documents/act/1.pdf").status()).isEqualTo(404);
    }

    @Test
    void modifiersTheRuleCannotOrderAreRefusedAndBadInputNamesTheField() {
        Shop s = shop();
        String body = "{\"name\": \"%s\", \"effect\": \"discount\", \"method\": \"percent\", \"amount\": 5, \"zoneId\": %d, \"validFrom\": \"%s\", \"validTo\": \"%s\"}";
        Response first = as(s.admin()).post("/api/price-modifiers", body.formatted("December", s.zoneId(), "2026-12-01", "2026-12-31"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        Response overlapping = as(s.admin()).post("/api/price-modifiers", body.formatted("Christmas", s.zoneId(), "2026-12-20", "2027-01-10"));
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.contentType()).startsWith("application/problem+json");
        assertThat(overlapping.json().path("conflicts").get(0).path("name").asString()).isEqualTo("December");
        assertThat(overlapping.json().path("detail").asString()).contains("'December'", "same scope");
        Response after = as(s.admin()).post("/api/price-modifiers", body.formatted("January", s.zoneId(), "2027-01-01", "2027-01-31"));
        assertThat(after.status()).isEqualTo(201);
        Response narrower = as(s.admin()).post("/api/price-modifiers",
                "{\"name\": \"Installations in December\", \"effect\": \"markup\", \"method\": \"amount\", \"amount\": 3, \"zoneId\": %d, \"requestType\": \"installation\"}"
                        .formatted(s.zoneId()));
        assertThat(narrower.status()).as("more specific: ordered by the rule").isEqualTo(201);

        Response bad = as(s.admin()).post("/api/price-modifiers", "{\"name\": \"\", \"effect\": \"bonus\", \"method\": \"percent\", \"amount\": -5, \"zoneId\": 999999999, \"requestType\": \"nope\", \"validFrom\": \"2027-01-02\", \"validTo\": \"2027-01-01\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValues("field").stream().map(JsonNode::asString).toList())
                .containsExactly("name", "effect", "amount", "zoneId", "requestType", "validTo");
        assertThat(as(s.dispatcher()).post("/api/price-modifiers", body.formatted("x", s.zoneId(), "2030-01-01", "2030-01-02")).status()).isEqualTo(403);

        Response unknown = as(s.customer()).post("/api/prices/preview", "{\"services\": [{\"serviceTypeCode\": \"no-such-service\"}, {\"serviceTypeCode\": \"%s\", \"quantity\": -2}]}".formatted(s.meterCode()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("services[0].serviceTypeCode");
        assertThat(unknown.json().path("errors").get(0).path("value").asString()).isEqualTo("no-such-service");
        assertThat(unknown.json().path("errors").get(1).path("field").asString()).isEqualTo("services[1].quantity");
        assertThat(unknown.json().path("errors").get(1).path("value").asInt()).isEqualTo(-2);
        Response russian = http.authorization(null).post("/api/public/prices/preview", "{\"services\": [{\"serviceTypeCode\": \"no-such-service\"}], \"lang\": \"ru\"}");
        assertThat(russian.status()).isEqualTo(400);
        assertThat(russian.json().path("errors").get(0).path("reason").asString()).isEqualTo("такой услуги нет");
    }

    @Test
    void extraServicesOfTheZoneAreAddedAutomaticallyShownApartAndRemovable() {
        Shop s = shop();
        Response extra = as(s.admin()).post("/api/extra-services", "{\"serviceTypeId\": %d, \"zoneId\": %d}".formatted(s.visitId(), s.zoneId()));
        assertThat(extra.status()).as(extra.toString()).isEqualTo(201);
        String ask = "{\"zoneId\": %d, \"services\": [{\"serviceTypeId\": %d, \"quantity\": 1}]%s}";
        Response with = as(s.customer()).post("/api/prices/preview", ask.formatted(s.zoneId(), s.meterId(), ""));
        assertThat(with.status()).as(with.toString()).isEqualTo(200);
        assertThat(with.json().path("lines")).hasSize(1);
        assertThat(with.json().path("extras")).hasSize(1);
        assertThat(with.json().path("extras").get(0).path("serviceTypeCode").asString()).isEqualTo(s.visitCode());
        assertThat(with.json().path("total").decimalValue()).isEqualByComparingTo("51.00");
        Response without = as(s.customer()).post("/api/prices/preview",
                ask.formatted(s.zoneId(), s.meterId(), ", \"declinedExtras\": [\"" + s.visitCode() + "\"]"));
        assertThat(without.json().path("extras")).isEmpty();
        assertThat(without.json().path("total").decimalValue()).isEqualByComparingTo("25.50");

        Response created = as(s.customer()).post("/api/requests", """
                {"address": {"line": "2 Extra Street", "lat": %s, "lon": %s}, "services": [{"serviceTypeId": %d}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(s.lat(), s.lon(), s.meterId(), deadline()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("services")).hasSize(2);
        assertThat(created.json().path("services").get(1).path("extra").asBoolean()).isTrue();
        Response declined = as(s.customer()).post("/api/requests", """
                {"address": {"line": "2 Extra Street", "lat": %s, "lon": %s}, "services": [{"serviceTypeId": %d}],
                 "source": "phone", "deadline": "%s", "declinedExtras": ["%s"]}
                """.formatted(s.lat(), s.lon(), s.meterId(), deadline(), s.visitCode()));
        assertThat(declined.json().path("services")).hasSize(1);
        assertThat(declined.json().path("price").path("total").decimalValue()).isEqualByComparingTo("25.50");
    }

    @Test
    void theOfficeRemovesAnExtraBeforeTheQuoteAndIsRefusedAfterIt() {
        Shop s = shop();
        assertThat(as(s.admin()).post("/api/extra-services", "{\"serviceTypeId\": %d, \"zoneId\": %d}".formatted(s.visitId(), s.zoneId()))
                .status()).isEqualTo(201);
        String body = """
                {"address": {"line": "3 Extra Street", "lat": %s, "lon": %s}, "services": [{"serviceTypeId": %d, "quantity": 2}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(s.lat(), s.lon(), s.meterId(), deadline());
        Response created = as(s.customer()).post("/api/requests", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        JsonNode extra = created.json().path("services").get(1);
        assertThat(extra.path("extra").asBoolean()).isTrue();
        int line = extra.path("line").asInt();
        int meterLine = created.json().path("services").get(0).path("line").asInt();
        // the test's own sum of the catalogue: 2 meter checks at 25.50 and the visit at 25.50, no modifier in this zone
        java.math.BigDecimal meter = new java.math.BigDecimal(String.valueOf(db.fetchValue("SELECT base_price FROM service_type WHERE id = ?", s.meterId())));
        java.math.BigDecimal visit = new java.math.BigDecimal(String.valueOf(db.fetchValue("SELECT base_price FROM service_type WHERE id = ?", s.visitId())));
        assertThat(created.json().path("price").path("total").decimalValue()).isEqualByComparingTo(meter.multiply(java.math.BigDecimal.TWO).add(visit));

        String path = "/api/requests/" + id + "/extras/";
        String etag = created.header("ETag");
        assertThat(as(s.dispatcher()).send("DELETE", path + line, null, Map.of()).status()).as("If-Match is required").isEqualTo(428);
        assertThat(as(s.customer()).send("DELETE", path + line, null, Map.of("If-Match", etag)).status()).isEqualTo(403);
        Login stranger = fixtures.user(Role.DISPATCHER);
        assertThat(as(stranger).send("DELETE", path + line, null, Map.of("If-Match", etag)).status()).isEqualTo(404);
        Response notExtra = as(s.dispatcher()).send("DELETE", path + meterLine, null, Map.of("If-Match", etag));
        assertThat(notExtra.status()).as(notExtra.toString()).isEqualTo(400);
        assertThat(notExtra.json().path("errors").get(0).path("field").asString()).isEqualTo("line");
        assertThat(notExtra.json().path("errors").get(0).path("reason").asString()).contains("not an extra", "[" + line + "]");

        Response removed = as(s.dispatcher()).send("DELETE", path + line, null, Map.of("If-Match", etag));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().path("services")).hasSize(1);
        assertThat(removed.json().path("services").get(0).path("extra").asBoolean()).isFalse();
        assertThat(removed.json().path("price").path("total").decimalValue()).isEqualByComparingTo(meter.multiply(java.math.BigDecimal.TWO));
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM service_request_item WHERE request_id = ? AND extra", id)).longValue()).isZero();
        assertThat(new java.math.BigDecimal(String.valueOf(db.fetchValue("SELECT price_total FROM service_request WHERE id = ?", id))))
                .isEqualByComparingTo(meter.multiply(java.math.BigDecimal.TWO));
        assertThat(as(s.dispatcher()).get("/api/requests/" + id + "/history").body()).contains("Extra service removed: " + s.visitCode());
        assertThat(as(s.dispatcher()).send("DELETE", path + line, null, Map.of("If-Match", etag)).status())
                .as("the old version").isEqualTo(412);

        // another request, quoted: the extra stays, 409 naming the state; nothing changed
        Response second = as(s.customer()).post("/api/requests", body);
        long quoted = second.json().path("id").asLong();
        int secondLine = second.json().path("services").get(1).path("line").asInt();
        move(s.dispatcher(), quoted, "quoted");
        Response now = as(s.dispatcher()).get("/api/requests/" + quoted);
        Response refused = as(s.admin()).send("DELETE", "/api/requests/" + quoted + "/extras/" + secondLine, null, Map.of("If-Match", now.header("ETag")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("status").asString()).isEqualTo("quoted");
        assertThat(refused.json().path("detail").asString()).contains("'quoted'", second.json().path("registrationNumber").asString());
        assertThat(as(s.dispatcher()).get("/api/requests/" + quoted).json().path("services")).hasSize(2);
    }

    @Test
    void aSpecificationSentToABookedVisitIsAgreedOrRefusedWithoutMovingTheVisit() {
        Shop s = shop();
        Response created = as(s.customer()).post("/api/requests", """
                {"address": {"line": "2 Price Street", "lat": %s, "lon": %s}, "services": [{"serviceTypeCode": "%s", "quantity": 2}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(s.lat(), s.lon(), s.meterCode(), deadline()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(as(s.dispatcher()).post("/api/requests/" + id + "/specification", "{}").status()).isEqualTo(201);
        assertThat(as(s.customer()).post("/api/requests/" + id + "/specification/decision", "{\"number\": 1, \"decision\": \"agree\"}")
                .status()).isEqualTo(200);
        move(s.dispatcher(), id, "scheduled");

        // the office's exact specification for the booked visit: number 2, waiting; the visit stays scheduled
        Response second = as(s.dispatcher()).post("/api/requests/" + id + "/specification", "{\"conditions\": \"Seals included.\"}");
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().path("number").asInt()).isEqualTo(2);
        assertThat(second.json().path("state").asString()).isEqualTo("issued");
        assertThat(as(s.customer()).get("/api/requests/" + id).json().path("status").asString()).isEqualTo("scheduled");
        Response cabinet = as(s.customer()).get("/api/cabinet/requests/" + id);
        assertThat(cabinet.status()).as(cabinet.toString()).isEqualTo(200);
        assertThat(cabinet.body()).contains("\"action\":\"agree\"", "\"action\":\"refuse\"");

        Response agreed = as(s.customer()).post("/api/requests/" + id + "/specification/decision", "{\"number\": 2, \"decision\": \"agree\"}");
        assertThat(agreed.status()).as(agreed.toString()).isEqualTo(200);
        assertThat(agreed.json().path("state").asString()).isEqualTo("agreed");
        assertThat(as(s.customer()).get("/api/requests/" + id).json().path("status").asString()).isEqualTo("scheduled");
        Response twice = as(s.customer()).post("/api/requests/" + id + "/specification/decision", "{\"number\": 2, \"decision\": \"refuse\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(as(s.customer()).get("/api/cabinet/requests/" + id).body()).doesNotContain("\"action\":\"agree\"");

        // a third one refused from the cabinet: the office hears it as a public comment; the visit stays booked
        assertThat(as(s.dispatcher()).post("/api/requests/" + id + "/specification", "{}").status()).isEqualTo(201);
        Response refused = as(s.customer()).post("/api/cabinet/requests/" + id + "/actions", "{\"action\": \"refuse\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(200);
        assertThat(refused.json().path("status").asString()).isEqualTo("scheduled");
        assertThat(db.fetchValue("SELECT state FROM request_document WHERE request_id = ? AND kind = 'specification' AND number = 3", id))
                .isEqualTo("refused");
        assertThat(as(s.dispatcher()).get("/api/requests/" + id + "/comments").body()).contains("Specification 3 refused.");

        // once the work has started, no more specifications
        move(s.dispatcher(), id, "in_progress");
        Response late = as(s.dispatcher()).post("/api/requests/" + id + "/specification", "{}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body()).contains("not-quotable");
    }

    void move(Login who, long id, String status) {
        Response current = as(who).get("/api/requests/" + id);
        Response moved = as(who).send("POST", "/api/requests/" + id + "/status", "{\"status\": \"" + status + "\"}",
                Map.of("If-Match", current.header("ETag")));
        assertThat(moved.status()).as("%s -> %s: %s", id, status, moved).isEqualTo(200);
    }

    String pdfText(Login caller, String path) throws IOException {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", caller.basic()).GET().build();
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
            try (PDDocument pdf = Loader.loadPDF(response.body())) {
                return new PDFTextStripper().getText(pdf).replace('\u00a0', ' ');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}
