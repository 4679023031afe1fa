package org.fieldplan.api.servicetype;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class ServiceTypeApiIT {

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;

    @org.junit.jupiter.api.BeforeEach
    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }

    private static String type(String code, int minutes, String skills, String price) {
        return """
                {"code": "%s", "name": "Meter verification", "durationMinutes": %d, "requiredSkills": %s,
                 "basePrice": %s, "priceIsFrom": true}""".formatted(code, minutes, skills, price);
    }

    @Test
    void createsAndReplacesAServiceType() {
        http.put("/api/skills/meter-verification", "{\"name\": \"Meter verification\"}");
        String code = Fixtures.unique("meter-verification").toLowerCase();

        TestHttp.Response created = http.post("/api/service-types", type(code, 45, "[\"meter-verification\"]", "25.50"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("durationMinutes").asInt()).isEqualTo(45);
        assertThat(created.json().path("basePrice").decimalValue()).isEqualByComparingTo("25.50");
        assertThat(created.json().path("priceIsFrom").asBoolean()).isTrue();
        assertThat(created.json().path("countsForCommission").asBoolean()).isTrue();
        assertThat(created.json().path("requiredSkills").toString()).isEqualTo("[\"meter-verification\"]");

        assertThat(http.put("/api/service-types/" + id, type(code, 60, "[]", "30")).status()).as("without If-Match").isEqualTo(428);
        assertThat(http.send("PUT", "/api/service-types/" + id, type(code, 60, "[]", "30"), java.util.Map.of("If-Match", "\"5\""))
                .status()).as("stale").isEqualTo(412);
        TestHttp.Response replaced = http.send("PUT", "/api/service-types/" + id, type(code, 60, "[]", "30"),
                java.util.Map.of("If-Match", created.header("ETag")));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(http.get("/api/service-types/" + id).json().path("durationMinutes").asInt()).isEqualTo(60);
        assertThat(http.get("/api/service-types").json().findValues("code").stream().map(JsonNode::asString)).contains(code);
    }

    @Test
    void badInputNamesEachFieldWithItsValue() {
        TestHttp.Response response = http.post("/api/service-types", type("Meter Verification", 0, "[]", "-1"));

        assertThat(response.status()).isEqualTo(400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.findValues("field").stream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("code", "durationMinutes", "basePrice");
        assertThat(errors.toString()).contains("\"value\":\"Meter Verification\"").contains("\"value\":0").contains("\"value\":-1");

        String code = Fixtures.unique("cleaning").toLowerCase();
        assertThat(http.post("/api/service-types", type(code, 30, "[]", "10")).status()).isEqualTo(201);
        TestHttp.Response duplicate = http.post("/api/service-types", type(code, 30, "[\"juggling\"]", "10"));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().path("errors").findValues("field").stream().map(JsonNode::asString))
                .containsExactly("code", "requiredSkills[0]");
    }

    @Test
    void unknownServiceTypeIs404() {
        assertThat(http.get("/api/service-types/777777777").status()).isEqualTo(404);
    }
}
