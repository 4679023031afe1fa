package org.fieldplan.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class CustomerApiIT {

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;
    @Autowired
    org.jooq.DSLContext db;

    @org.junit.jupiter.api.BeforeEach
    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }

    @Test
    void createsACustomerWithContactsAndAddressesAndReplacesThem() {
        String name = Fixtures.unique("Sliema Residents Association");
        TestHttp.Response created = http.post("/api/customers", """
                {"name": "%s", "kind": "association", "email": "office@example.org", "phone": "+356 2133 0000",
                 "contacts": [{"name": "Anna Vella", "role": "chair", "phone": "+356 7900 0001"}],
                 "addresses": [
                   {"label": "Block A", "line": "12 Triq it-Torri", "city": "Sliema", "location": {"lat": 35.9122, "lon": 14.5042}},
                   {"label": "Block B", "line": "14 Triq it-Torri", "city": "Sliema", "location": {"lat": 35.9125, "lon": 14.5047}}
                 ]}""".formatted(name));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode customer = created.json();
        long id = customer.path("id").asLong();
        assertThat(customer.path("kind").asString()).isEqualTo("association");
        assertThat(customer.path("contacts").path(0).path("name").asString()).isEqualTo("Anna Vella");
        assertThat(customer.path("addresses").findValues("label").stream().map(JsonNode::asString)).containsExactly("Block A", "Block B");
        assertThat(customer.path("addresses").path(0).path("location").path("lat").asDouble()).isEqualTo(35.9122);
        long blockA = customer.path("addresses").path(0).path("id").asLong();

        // keep Block A (by id, moved), drop Block B, add Block C
        TestHttp.Response replaced = http.send("PUT", "/api/customers/" + id, """
                {"name": "%s", "kind": "association",
                 "addresses": [
                   {"id": %d, "label": "Block A", "line": "12 Triq it-Torri", "city": "Sliema", "location": {"lat": 35.9130, "lon": 14.5040}},
                   {"label": "Block C", "line": "16 Triq it-Torri", "city": "Sliema", "location": {"lat": 35.9128, "lon": 14.5050}}
                 ]}""".formatted(name, blockA), java.util.Map.of("If-Match", created.header("ETag")));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        JsonNode addresses = http.get("/api/customers/" + id).json().path("addresses");
        assertThat(addresses.findValues("label").stream().map(JsonNode::asString)).containsExactly("Block A", "Block C");
        assertThat(addresses.path(0).path("id").asLong()).isEqualTo(blockA);
        assertThat(addresses.path(0).path("location").path("lat").asDouble()).isEqualTo(35.9130);
        assertThat(http.get("/api/customers/" + id).json().path("contacts").size()).isZero();

        TestHttp.Response search = http.get("/api/customers?q=" + name.substring(0, 20).replace(" ", "%20") + "&limit=5");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().findValues("id").stream().map(JsonNode::asLong)).contains(id);
        assertThat(Integer.parseInt(search.header("X-Total-Count"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void badInputNamesEachFieldWithItsValue() {
        TestHttp.Response response = http.post("/api/customers", """
                {"name": "Joe", "kind": "alien", "email": "not-an-email",
                 "addresses": [{"line": "", "city": "Mosta", "location": {"lat": 35.9, "lon": 200}}]}""");

        assertThat(response.status()).isEqualTo(400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.findValues("field").stream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("kind", "email", "addresses[0].line", "addresses[0].location.lon");
        assertThat(errors.toString()).contains("\"value\":\"alien\"").contains("\"value\":\"not-an-email\"").contains("\"value\":200");

        long other = http.post("/api/customers", """
                {"name": "Other", "addresses": [{"line": "1 Main St", "city": "Mosta", "location": {"lat": 35.9, "lon": 14.4}}]}""")
                .json().path("addresses").path(0).path("id").asLong();
        TestHttp.Response foreign = http.post("/api/customers", """
                {"name": "Thief", "addresses": [{"id": %d, "line": "1 Main St", "city": "Mosta", "location": {"lat": 35.9, "lon": 14.4}}]}"""
                .formatted(other));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().path("errors").path(0).path("field").asString()).isEqualTo("addresses[0].id");
    }

    @Test
    void unknownCustomerIs404AndBadPagingIs400() {
        assertThat(http.get("/api/customers/55555555").status()).isEqualTo(404);
        TestHttp.Response paging = http.get("/api/customers?limit=0");
        assertThat(paging.status()).isEqualTo(400);
        assertThat(paging.json().path("errors").path(0).path("field").asString()).isEqualTo("limit");
    }

    @Test
    void aPutWithoutIfMatchIs428AndAPutWithoutUserIdKeepsTheLogin() {
        org.fieldplan.api.Fixtures.Login login = fixtures.customer();
        String body = """
                {"name": "Customer with a login", "kind": "resident", "email": "kept@example.org"}""";
        TestHttp.Response blind = http.put("/api/customers/" + login.customerId(), body);
        assertThat(blind.status()).as(blind.toString()).isEqualTo(428);
        TestHttp.Response read = http.get("/api/customers/" + login.customerId());
        TestHttp.Response replaced = http.send("PUT", "/api/customers/" + login.customerId(), body,
                java.util.Map.of("If-Match", read.header("ETag")));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().path("userId").asLong()).as("the login stays linked").isEqualTo(login.userId());
        TestHttp.Response stale = http.send("PUT", "/api/customers/" + login.customerId(), body,
                java.util.Map.of("If-Match", read.header("ETag")));
        assertThat(stale.status()).isEqualTo(412);
    }

    @Test
    void mergesAnAnonymousBookingsContactIntoTheCustomerMovingItsRequestsWithHistory() {
        long kept = http.post("/api/customers", """
                {"name": "%s", "email": "maria@example.org"}""".formatted(Fixtures.unique("Maria Borg"))).json().path("id").asLong();
        TestHttp.Response dup = http.post("/api/customers", """
                {"name": "Maria B.", "phone": "+356 7912 3456",
                 "addresses": [{"line": "7 Triq il-Kbira", "city": "Mosta", "location": {"lat": 35.9100, "lon": 14.4250}}]}""");
        long duplicate = dup.json().path("id").asLong();
        long service = fixtures.serviceType("merge");
        long request = http.post("/api/requests", """
                {"customerId": %d, "address": {"line": "7 Triq il-Kbira", "lat": 35.91, "lon": 14.425},
                 "services": [{"serviceTypeId": %d, "quantity": 1}], "source": "site", "priority": 3,
                 "deadline": "2027-01-30T12:00:00Z"}""".formatted(duplicate, service)).json().path("id").asLong();
        int requestVersion = db.fetchOne("SELECT version FROM service_request WHERE id = ?", request).get(0, Integer.class);
        String etag = http.get("/api/customers/" + kept).header("ETag");

        TestHttp.Response blind = http.post("/api/customers/" + kept + "/merge", "{\"duplicateId\": " + duplicate + "}");
        assertThat(blind.status()).as(blind.toString()).isEqualTo(428);
        TestHttp.Response merged = http.send("POST", "/api/customers/" + kept + "/merge", "{\"duplicateId\": " + duplicate + "}",
                java.util.Map.of("If-Match", etag));

        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.json().path("requests").asInt()).isEqualTo(1);
        assertThat(merged.json().path("customer").path("phone").asString()).as("filled from the duplicate").isEqualTo("+356 7912 3456");
        assertThat(merged.json().path("customer").path("email").asString()).as("kept").isEqualTo("maria@example.org");
        assertThat(db.fetchOne("SELECT customer_id FROM service_request WHERE id = ?", request).get(0, Long.class)).isEqualTo(kept);
        assertThat(db.fetchOne("SELECT version FROM service_request WHERE id = ?", request).get(0, Integer.class))
                .isEqualTo(requestVersion + 1);
        assertThat(db.fetchOne("SELECT note FROM service_request_history WHERE request_id = ? ORDER BY id DESC LIMIT 1", request)
                .get(0, String.class)).contains("merged into " + kept);
        assertThat(db.fetchCount(db.selectFrom("customer_address").where("customer_id = ?", kept))).isEqualTo(1);
        assertThat(http.get("/api/customers/" + duplicate).status()).isEqualTo(404);

        // a customer who can sign in is never folded into another record
        long withLogin = fixtures.customer().customerId();
        TestHttp.Response refused = http.send("POST", "/api/customers/" + kept + "/merge", "{\"duplicateId\": " + withLogin + "}",
                java.util.Map.of("If-Match", merged.header("ETag")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("type").asString()).contains("customer-has-login");
        assertThat(http.get("/api/customers/" + withLogin).status()).isEqualTo(200);
        TestHttp.Response self = http.send("POST", "/api/customers/" + kept + "/merge", "{\"duplicateId\": " + kept + "}",
                java.util.Map.of("If-Match", merged.header("ETag")));
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.json().path("errors").path(0).path("field").asString()).isEqualTo("duplicateId");
    }
}
