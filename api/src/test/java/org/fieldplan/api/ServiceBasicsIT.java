package org.fieldplan.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldplan.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.annotation.Autowired;

/** The service starts on the migrated database, serves its OpenAPI description, and answers errors as problems. */
@ApiIntegrationTest
@Import(Fixtures.class)
class ServiceBasicsIT {

    @Autowired
    TestHttp http;

    @Autowired
    Fixtures fixtures;

    @org.junit.jupiter.api.BeforeEach
    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }

    @Test
    void servesTheOpenApiDescriptionAndItsUiToAnyone() {
        http.authorization(null);
        TestHttp.Response docs = http.get("/v3/api-docs");
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        assertThat(docs.json().path("openapi").asString()).startsWith("3.");
        for (String path : new String[] {"/api/zones", "/api/zones/{id}", "/api/zones/geojson", "/api/technicians",
                "/api/skills/{code}", "/api/teams", "/api/schedules", "/api/schedules/working-intervals",
                "/api/service-types", "/api/customers/{id}"}) {
            assertThat(docs.json().path("paths").has(path)).as("OpenAPI describes " + path).isTrue();
        }

        TestHttp.Response ui = http.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    void anUnknownPathIsA404Problem() {
        TestHttp.Response response = http.authorization(fixtures.user(Role.ADMINISTRATOR).basic()).get("/api/no-such-thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
        assertThat(response.json().path("instance").asString()).isEqualTo("/api/no-such-thing");
    }

    @Test
    void malformedJsonIsA400ThatSaysWhere() {
        TestHttp.Response response = http.post("/api/zones", "{\"name\": \"Valletta\", \"city\": }");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("/problems/malformed-json");
        assertThat(response.json().path("detail").asString()).contains("line 1, column");
    }

    @Test
    void anUnknownFieldAndAWrongTypeAreNamed() {
        TestHttp.Response unknown = http.post("/api/zones", "{\"name\": \"Valletta\", \"citty\": \"Valletta\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").path(0).path("field").asString()).isEqualTo("citty");
        assertThat(unknown.json().path("errors").path(0).path("reason").asString()).contains("city");

        TestHttp.Response wrongType = http.post("/api/zones", "{\"name\": \"V\", \"city\": \"V\", \"area\": {}, \"dispatcherId\": \"seven\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("errors").path(0).path("field").asString()).isEqualTo("dispatcherId");
        assertThat(wrongType.json().path("errors").path(0).path("value").asString()).isEqualTo("seven");
        assertThat(wrongType.json().path("errors").path(0).path("reason").asString()).contains("whole number");
    }

    @Test
    void anOversizedBodyIs413() {
        String big = "{\"name\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";

        TestHttp.Response response = http.post("/api/zones", big);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("limitBytes").asLong()).isEqualTo(2L * 1024 * 1024);
    }
}
