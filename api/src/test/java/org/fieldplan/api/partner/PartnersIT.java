package org.fieldplan.api.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER_API_KEY;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A partner management company files requests with its own API key (hashed at rest, revocable); they are attributed
 * to it and it sees them as a customer sees theirs, and nobody else's; a re-send with the same reference files
 * nothing twice; without a key, or with a wrong or revoked one, 401.
 */
@ApiIntegrationTest
class PartnersIT {

    static final AtomicInteger REGION = new AtomicInteger();

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;

    Response partnerCall(String method, String path, String key, String body) {
        return http.authorization(null).send(method, path, body, key == null ? Map.of() : Map.of("X-Api-Key", key));
    }

    @Test
    void aPartnerFilesRequestsWithItsKeySeesOnlyItsOwnAndARevokedKeyIsRefused() {
        double lon0 = -30.0 + REGION.getAndIncrement() * 1.5; // open Atlantic at latitude 28
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("partners", lon0, 28.0, 1.0, dispatcher.userId());
        long service = fixtures.serviceType("verify");
        long company = fixtures.customerWithoutLogin();
        long otherCompany = fixtures.customerWithoutLogin();


        Response partner = http.authorization(admin.basic()).post("/api/partners", "{\"name\": \"%s\", \"customerId\": %d}".formatted(Fixtures.unique("MC North"), company));
        assertThat(partner.status()).as(partner.toString()).isEqualTo(201);
        long partnerId = partner.json().path("id").asLong();
        Response other = http.authorization(admin.basic()).post("/api/partners", "{\"name\": \"%s\", \"customerId\": %d}".formatted(Fixtures.unique("MC South"), otherCompany));
        long otherId = other.json().path("id").asLong();

        Response keyMade = http.authorization(admin.basic()).post("/api/partners/" + partnerId + "/keys", "{\"label\": \"their CRM\"}");
        assertThat(keyMade.status()).as(keyMade.toString()).isEqualTo(201);
        assertThat(keyMade.header("Cache-Control")).contains("no-store");
        String key = keyMade.json().path("key").asString();
        long keyId = keyMade.json().path("id").asLong();
        assertThat(key).startsWith("fpk_" + keyMade.json().path("prefix").asString() + "_");
        String otherKey = http.authorization(admin.basic()).post("/api/partners/" + otherId + "/keys", "").json().path("key").asString();
        // hashed at rest: the key is nowhere in the table, and the listing shows only the prefix
        assertThat(db.selectFrom(PARTNER_API_KEY).where(PARTNER_API_KEY.ID.eq(keyId)).fetchSingle().formatJSON()).doesNotContain(key.substring(15));
        assertThat(http.authorization(admin.basic()).get("/api/partners").body()).doesNotContain(key).contains(keyMade.json().path("prefix").asString());

        String body = """
                {"externalRef": "MC-%s", "address": {"line": "3 Partner Road", "lat": 28.5, "lon": %s},
                 "services": [{"serviceTypeId": %d, "quantity": 4}], "deadline": "%s", "description": "Four meters in the stairwell."}
                """;
        String deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(10).withNano(0).toString();
        String ref = Fixtures.unique("r");
        Response filed = partnerCall("POST", "/api/partner/requests", key, body.formatted(ref, lon0 + 0.5, service, deadline));
        assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(filed.json().path("source").asString()).isEqualTo("partner");
        assertThat(filed.json().path("customerId").asLong()).isEqualTo(company);
        assertThat(filed.json().path("zoneId").asLong()).isEqualTo(zone);
        assertThat(filed.json().path("price").path("total").decimalValue()).isEqualByComparingTo("102.00");
        assertThat(db.select(PARTNER_REQUEST.PARTNER_ID).from(PARTNER_REQUEST).where(PARTNER_REQUEST.REQUEST_ID.eq(id)).fetchOne().value1())
                .isEqualTo(partnerId);

        // a re-send with the same reference: the same request, nothing filed twice
        Response again = partnerCall("POST", "/api/partner/requests", key, body.formatted(ref, lon0 + 0.5, service, deadline));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(id);
        assertThat(db.fetchCount(SERVICE_REQUEST, SERVICE_REQUEST.CUSTOMER_ID.eq(company))).isEqualTo(1);

        // visible to it like a customer's: its own, no private comments; the office sees it too
        http.authorization(admin.basic()).post("/api/requests/" + id + "/comments", "{\"body\": \"Staff only: check the landlord.\", \"visibility\": \"private\"}");
        assertThat(partnerCall("GET", "/api/partner/requests", key, null).json().findValues("id").stream().map(n -> n.asLong()).toList())
                .containsExactly(id);
        Response one = partnerCall("GET", "/api/partner/requests/" + id, key, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).doesNotContain("check the landlord");
        assertThat(partnerCall("GET", "/api/partner/requests?externalRef=MC-" + ref, key, null).json().get(0).path("id").asLong()).isEqualTo(id);
        assertThat(http.authorization(dispatcher.basic()).get("/api/requests/" + id).status()).isEqualTo(200);
        // ... and not to another partner
        assertThat(partnerCall("GET", "/api/partner/requests/" + id, otherKey, null).status()).isEqualTo(404);
        assertThat(partnerCall("GET", "/api/partner/requests", otherKey, null).json().size()).isZero();

        // bad input: named; the partner source requires a description
        Response bad = partnerCall("POST", "/api/partner/requests", key, """
                {"address": {"line": "3 Partner Road", "lat": 28.5, "lon": %s}, "services": [{"serviceTypeCode": "no-such"}],
                 "deadline": "%s"}""".formatted(lon0 + 0.5, deadline));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValues("field").stream().map(n -> n.asString()).toList())
                .contains("services[0].serviceTypeCode", "description");

        // no key, a made-up key, a user's password: 401; a revoked key: 401 saying so
        assertThat(partnerCall("GET", "/api/partner/requests", null, null).status()).isEqualTo(401);
        assertThat(partnerCall("GET", "/api/partner/requests", key.substring(0, key.length() - 2) + "xx", null).status()).isEqualTo(401);
        assertThat(http.authorization(admin.basic()).get("/api/partner/requests").status()).isEqualTo(401);
        assertThat(http.authorization(admin.basic()).delete("/api/partners/" + partnerId + "/keys/" + keyId).status()).isEqualTo(204);
        Response revoked = partnerCall("POST", "/api/partner/requests", key, body.formatted(Fixtures.unique("r"), lon0 + 0.5, service, deadline));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.contentType()).startsWith("application/problem+json");
        assertThat(revoked.json().path("detail").asString()).contains("revoked");
        assertThat(db.fetchCount(SERVICE_REQUEST, SERVICE_REQUEST.CUSTOMER_ID.eq(company))).isEqualTo(1);
        assertThat(http.authorization(admin.basic()).delete("/api/partners/" + partnerId + "/keys/" + keyId).status()).isEqualTo(409);
        assertThat(http.authorization(dispatcher.basic()).post("/api/partners/" + partnerId + "/keys", "").status()).isEqualTo(403);
    }
}
