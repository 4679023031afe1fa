package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.TestHttp.Response;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Bad input to the request endpoints: every bad field named with its value, all at once, nothing stored. */
@ApiIntegrationTest
class RequestBadInputIT extends RequestItSupport {

    @Autowired
    DSLContext db;

    private static Map<String, String> fieldsAndValues(Response r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : r.json().path("errors")) {
            out.put(e.path("field").asString(), e.path("value").isNull() ? null : e.path("value").toString());
        }
        return out;
    }

    @Test
    void anIntakeWithManyBadFieldsNamesEachFieldAndValueAndStoresNothing() {
        Company c = company();
        int before = db.fetchCount(SERVICE_REQUEST);
        String body = """
                {"customerId": 987654321,
                 "address": {"line": "", "lat": 91.5, "lon": 14.5},
                 "services": [{"serviceTypeCode": "no-such-service", "quantity": 1}, {"serviceTypeId": %d, "quantity": 0}],
                 "source": "fax", "priority": 9,
                 "deadline": "2020-01-01T10:00:00+01:00",
                 "preferredWindow": {"start": "2030-01-02T12:00:00+01:00", "end": "2030-01-02T10:00:00+01:00"}}
                """.formatted(c.serviceTypeId());

        Response r = as(c.dispatcher()).post("/api/requests", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Map<String, String> errors = fieldsAndValues(r);
        assertThat(errors).containsOnlyKeys("customerId", "address.line", "address.lat", "services[0].serviceTypeCode",
                "services[1].quantity", "source", "priority", "deadline", "preferredWindow.end");
        assertThat(errors.get("customerId")).isEqualTo("987654321");
        assertThat(errors.get("address.lat")).isEqualTo("91.5");
        assertThat(errors.get("services[0].serviceTypeCode")).isEqualTo("\"no-such-service\"");
        assertThat(errors.get("services[1].quantity")).isEqualTo("0");
        assertThat(errors.get("source")).isEqualTo("\"fax\"");
        assertThat(errors.get("priority")).isEqualTo("9");
        assertThat(r.body()).contains("phone, site, email, messenger, partner", "between -90 and 90");
        assertThat(db.fetchCount(SERVICE_REQUEST)).as("nothing half-written").isEqualTo(before);
    }

    @Test
    void missingRequiredFieldsAreEachNamed() {
        Company c = company();
        Response r = as(c.dispatcher()).post("/api/requests", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(fieldsAndValues(r)).containsOnlyKeys("customerId", "address", "services", "source", "deadline");
        assertThat(r.json().path("errors").toString()).contains("every service request has a deadline");
    }

    @Test
    void aSavedAddressOfAnotherCustomerIsRefused() {
        Company c = company();
        long otherCustomer = fixtures.customerWithoutLogin();
        long address = db.insertInto(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS)
                .set(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.CUSTOMER_ID, otherCustomer)
                .set(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.LINE, "9 Elsewhere")
                .set(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.CITY, "Testville")
                .set(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.LOCATION, org.fieldplan.api.persistence.Geo.point(c.insideLat(), c.insideLon()))
                .returningResult(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS.ID).fetchSingle().value1();
        Response r = as(c.dispatcher()).post("/api/requests", """
                {"customerId": %d, "addressId": %d, "services": [{"serviceTypeId": %d}], "source": "phone", "deadline": "%s"}
                """.formatted(c.customer().customerId(), address, c.serviceTypeId(), deadlineInDays(3)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(fieldsAndValues(r)).containsOnlyKeys("addressId");

        Response own = as(c.dispatcher()).post("/api/requests", """
                {"customerId": %d, "addressId": %d, "services": [{"serviceTypeId": %d}], "source": "phone", "deadline": "%s"}
                """.formatted(otherCustomer, address, c.serviceTypeId(), deadlineInDays(3)));
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(own.json().path("addressLine").asString()).isEqualTo("9 Elsewhere, Testville");
        assertThat(own.json().path("zoneId").asLong()).isEqualTo(c.zoneId());
    }

    @Test
    void aCustomerCannotRegisterForSomeoneElse() {
        Company c = company();
        long other = fixtures.customerWithoutLogin();
        Response r = as(c.customer()).post("/api/requests", newRequestJson(other, c.insideLat(), c.insideLon(), c.serviceTypeId()));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("detail").asString()).contains("only for themselves");
    }

    @Test
    void malformedJsonWrongTypesAndUnknownFieldsAre400() {
        Company c = company();
        Response malformed = as(c.dispatcher()).post("/api/requests", "{\"customerId\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        Response wrongType = as(c.dispatcher()).post("/api/requests", "{\"deadline\": \"tomorrow\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).contains("deadline", "tomorrow");

        Response unknown = as(c.dispatcher()).post("/api/requests", "{\"customer\": 5}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("customer", "not a known field");
    }

    @Test
    void badIdsNumbersAndFiltersAreNamed() {
        Company c = company();
        assertThat(as(c.admin()).get("/api/requests/999999999").status()).isEqualTo(404);
        Response notANumber = as(c.admin()).get("/api/requests/abc");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body()).contains("abc");
        Response badNumber = as(c.admin()).get("/api/requests/number/26-12");
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(fieldsAndValues(badNumber)).containsEntry("registrationNumber", "\"26-12\"");
        Response badFilter = as(c.admin()).get("/api/requests?status=finished&limit=5");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(fieldsAndValues(badFilter)).containsEntry("status", "\"finished\"");
        Response badLimit = as(c.admin()).get("/api/requests?limit=100000");
        assertThat(fieldsAndValues(badLimit)).containsEntry("limit", "100000");
        Response badIfMatch = as(c.admin()).send("PATCH", "/api/requests/1", "{}", Map.of("If-Match", "banana"));
        assertThat(badIfMatch.status()).isEqualTo(400);
        assertThat(fieldsAndValues(badIfMatch)).containsEntry("If-Match", "\"banana\"");
    }
}
