package org.fieldplan.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GET /api/schedules/free: who works in a zone over a range of days, the planners' list of the field reports. */
@ApiIntegrationTest
class FreeTechniciansIT {

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;

    @Test
    void theTechniciansScheduledInTheZoneDayByDayWithoutAbsencesAndHoursNotCovered() {
        Fixtures.Login dispatcherA = fixtures.user(Role.DISPATCHER);
        long zoneA = fixtures.squareZone("Free A", 50.0, 50.0, 0.1, dispatcherA.userId());
        long zoneB = fixtures.squareZone("Free B", 51.0, 50.0, 0.1, null);
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
        String anna = Fixtures.unique("Anna");
        String boris = Fixtures.unique("Boris");
        long a = http.post("/api/technicians", "{\"name\": \"" + anna + "\", \"home\": {\"lat\": 50.05, \"lon\": 50.05}}").json().path("id").asLong();
        long b = http.post("/api/technicians", "{\"name\": \"" + boris + "\", \"home\": {\"lat\": 50.05, \"lon\": 51.05}}").json().path("id").asLong();
        // Anna: every Tuesday 08:00-12:00 in A, every Wednesday 09:00-17:00 anywhere, Thursday 4 June 10:00-11:00 in A
        post("{\"technicianId\": %d, \"zoneId\": %d, \"dayOfWeek\": \"TUESDAY\", \"start\": \"08:00\", \"end\": \"12:00\"}".formatted(a, zoneA));
        post("{\"technicianId\": %d, \"dayOfWeek\": \"WEDNESDAY\", \"start\": \"09:00\", \"end\": \"17:00\"}".formatted(a));
        post("{\"technicianId\": %d, \"zoneId\": %d, \"date\": \"2026-06-04\", \"start\": \"10:00\", \"end\": \"11:00\"}".formatted(a, zoneA));
        // Boris works in B only
        post("{\"technicianId\": %d, \"zoneId\": %d, \"dayOfWeek\": \"TUESDAY\", \"start\": \"08:00\", \"end\": \"12:00\"}".formatted(b, zoneB));
        // Anna is off on Wednesday 10 June
        db.execute("INSERT INTO technician_absence (technician_id, day, reason, created_at) VALUES (?, DATE '2026-06-10', 'leave', now())", a);

        TestHttp.Response free = http.get("/api/schedules/free?zoneId=" + zoneA + "&from=2026-06-01&to=2026-06-14&start=09:00&end=11:00");
        assertThat(free.status()).as(free.toString()).isEqualTo(200);
        assertThat(free.json().findValues("technicianId").stream().map(JsonNode::asLong)).containsExactly(a);
        List<String> days = new ArrayList<>();
        for (JsonNode day : free.json().path(0).path("days")) {
            days.add(day.path("date").asString() + " " + day.path("hours").path(0).path("start").asString().substring(0, 5));
        }
        // Thursday 4 June 10:00-11:00 does not cover 09:00-11:00; Wednesday 10 June is an absence
        assertThat(days).containsExactly("2026-06-02 08:00", "2026-06-03 09:00", "2026-06-09 08:00");

        JsonNode anyHours = http.get("/api/schedules/free?zoneId=" + zoneA + "&from=2026-06-04&to=2026-06-04").json();
        assertThat(anyHours.path(0).path("days").path(0).path("hours").path(0).path("start").asString()).startsWith("10:00");

        assertThat(http.get("/api/schedules/free?zoneId=" + zoneA + "&from=2026-06-14&to=2026-06-01").status()).isEqualTo(400);
        assertThat(http.get("/api/schedules/free?zoneId=" + zoneA + "&from=2026-06-01&to=2026-06-02&start=11:00&end=09:00").status()).isEqualTo(400);
        assertThat(http.get("/api/schedules/free?zoneId=987654321&from=2026-06-01&to=2026-06-02").status()).isEqualTo(404);
        // a dispatcher asks about their own zone, not another
        http.authorization(dispatcherA.basic());
        assertThat(http.get("/api/schedules/free?zoneId=" + zoneA + "&from=2026-06-01&to=2026-06-02").status()).isEqualTo(200);
        assertThat(http.get("/api/schedules/free?zoneId=" + zoneB + "&from=2026-06-01&to=2026-06-02").status()).isEqualTo(403);
    }

    private void post(String json) {
        TestHttp.Response r = http.post("/api/schedules", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
