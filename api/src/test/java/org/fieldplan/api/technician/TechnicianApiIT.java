package org.fieldplan.api.technician;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class TechnicianApiIT {

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;

    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }

    @BeforeEach
    void skills() {
        signInAsAdministrator();
        assertThat(http.put("/api/skills/electrical", "{\"name\": \"Electrical work\"}").status()).isIn(200, 201);
        assertThat(http.put("/api/skills/meter-verification", "{\"name\": \"Meter verification\"}").status()).isIn(200, 201);
    }

    private static String technician(String name, String skills, double lat, double lon) {
        return """
                {"name": "%s", "phone": "+356 2123 4567", "homeAddress": "Triq il-Kbira, Mosta",
                 "home": {"lat": %s, "lon": %s}, "skills": %s}""".formatted(name, lat, lon, skills);
    }

    @Test
    void createsReadsListsAndReplacesATechnician() {
        String name = Fixtures.unique("Maria Borg");
        TestHttp.Response created = http.post("/api/technicians", technician(name, "[\"electrical\", \"meter-verification\"]", 35.9097, 14.4261));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("home").path("lat").asDouble()).isEqualTo(35.9097);
        assertThat(created.json().path("home").path("lon").asDouble()).isEqualTo(14.4261);
        assertThat(created.json().path("skills").toString()).isEqualTo("[\"electrical\",\"meter-verification\"]");
        assertThat(created.json().path("active").asBoolean()).isTrue();

        assertThat(http.get("/api/technicians/" + id).json().path("name").asString()).isEqualTo(name);
        assertThat(http.get("/api/technicians?skill=electrical").json().findValues("id").stream().map(JsonNode::asLong))
                .contains(id);

        assertThat(http.send("PUT", "/api/technicians/" + id, technician(name, "[\"electrical\"]", 35.9097, 14.4261),
                Map.of("If-Match", "\"7\"")).status()).as("a stale version").isEqualTo(412);
        TestHttp.Response deactivated = http.send("PUT", "/api/technicians/" + id,
                technician(name, "[\"electrical\"]", 35.9097, 14.4261).replace("}\n", "}").replaceFirst("\\}$", ", \"active\": false}"),
                Map.of("If-Match", "\"0\""));
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        assertThat(deactivated.json().path("active").asBoolean()).isFalse();
        assertThat(deactivated.json().path("skills").toString()).isEqualTo("[\"electrical\"]");
        assertThat(http.get("/api/technicians?active=true").json().findValues("id").stream().map(JsonNode::asLong))
                .doesNotContain(id);
    }

    @Test
    void badInputNamesEachFieldWithItsValue() {
        TestHttp.Response response = http.post("/api/technicians", technician("", "[\"electrical\", \"plumbing\"]", 95.0, 14.4));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.findValues("field").stream().map(JsonNode::asString)).containsExactlyInAnyOrder("name", "home.lat");
        assertThat(errors.toString()).contains("{\"field\":\"home.lat\",\"value\":95.0,\"reason\":\"must be a latitude between -90 and 90 degrees\"}");

        TestHttp.Response unknownSkill = http.post("/api/technicians", technician("Joe", "[\"electrical\", \"plumbing\"]", 35.9, 14.4));
        assertThat(unknownSkill.status()).isEqualTo(400);
        assertThat(unknownSkill.json().path("errors").path(0).path("field").asString()).isEqualTo("skills[1]");
        assertThat(unknownSkill.json().path("errors").path(0).path("value").asString()).isEqualTo("plumbing");
        assertThat(unknownSkill.json().path("errors").path(0).path("reason").asString()).contains("PUT /api/skills/{code}");

        TestHttp.Response badSkillCode = http.put("/api/skills/Bad%20Code", "{\"name\": \"x\"}");
        assertThat(badSkillCode.status()).isEqualTo(400);
        assertThat(badSkillCode.json().path("errors").path(0).path("field").asString()).isEqualTo("code");
    }

    @Test
    void unknownTechnicianIs404() {
        assertThat(http.get("/api/technicians/424242424").status()).isEqualTo(404);
        assertThat(http.send("PUT", "/api/technicians/424242424", technician("x", "[]", 35.9, 14.4), Map.of("If-Match", "\"0\""))
                .status()).isEqualTo(404);
        assertThat(http.put("/api/technicians/424242424", technician("x", "[]", 35.9, 14.4)).status())
                .as("without If-Match").isEqualTo(428);
    }

    @Test
    void teamsListTheirMembers() {
        String teamName = Fixtures.unique("Night crew");
        TestHttp.Response team = http.post("/api/teams", "{\"name\": \"" + teamName + "\"}");
        assertThat(team.status()).isEqualTo(201);
        long teamId = team.json().path("id").asLong();
        long member = http.post("/api/technicians", technician(Fixtures.unique("Paul"), "[]", 35.9, 14.4)
                .replaceFirst("\\}$", ", \"teamId\": " + teamId + "}")).json().path("id").asLong();

        JsonNode teams = http.get("/api/teams").json();
        JsonNode mine = null;
        for (JsonNode t : teams) {
            if (t.path("id").asLong() == teamId) {
                mine = t;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("technicianIds").toString()).isEqualTo("[" + member + "]");
        assertThat(http.post("/api/teams", "{\"name\": \"" + teamName + "\"}").status()).isEqualTo(400);
    }
}
