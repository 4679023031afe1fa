package org.fieldplan.api.schedule;

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
class ScheduleApiIT {

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;

    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }

    long technician;

    @BeforeEach
    void technician() {
        signInAsAdministrator();
        technician = http.post("/api/technicians", """
                {"name": "%s", "home": {"lat": 35.88, "lon": 14.40}}""".formatted(Fixtures.unique("Karl"))).json().path("id").asLong();
    }

    private TestHttp.Response interval(String json) {
        return http.post("/api/schedules", json);
    }

    @Test
    void anOverlappingIntervalIsSavedWithAWarningNamingTheOther() {
        // every Monday 08:00-12:00 in June 2026
        TestHttp.Response weekly = interval("""
                {"technicianId": %d, "dayOfWeek": "MONDAY", "validFrom": "2026-06-01", "validUntil": "2026-06-30",
                 "start": "08:00", "end": "12:00"}""".formatted(technician));
        assertThat(weekly.status()).as(weekly.toString()).isEqualTo(201);
        assertThat(weekly.json().path("warnings").size()).isZero();
        long weeklyId = weekly.json().path("interval").path("id").asLong();

        // Monday 15 June 2026, 11:00-15:00: overlaps the weekly one by an hour
        TestHttp.Response overlapping = interval("""
                {"technicianId": %d, "date": "2026-06-15", "start": "11:00", "end": "15:00"}""".formatted(technician));
        assertThat(overlapping.status()).as(overlapping.toString()).isEqualTo(201);
        JsonNode warnings = overlapping.json().path("warnings");
        assertThat(warnings.size()).isEqualTo(1);
        assertThat(warnings.path(0).path("other").path("id").asLong()).isEqualTo(weeklyId);
        assertThat(warnings.path(0).path("technicianId").asLong()).isEqualTo(technician);
        assertThat(warnings.path(0).path("message").asString()).contains("every MONDAY 08:00-12:00");

        // Tuesday 16 June: no overlap; a Monday in July: outside the weekly one's validity
        assertThat(interval("""
                {"technicianId": %d, "date": "2026-06-16", "start": "11:00", "end": "15:00"}""".formatted(technician))
                .json().path("warnings").size()).isZero();
        assertThat(interval("""
                {"technicianId": %d, "date": "2026-07-06", "start": "09:00", "end": "10:00"}""".formatted(technician))
                .json().path("warnings").size()).isZero();
    }

    @Test
    void aTeamIntervalWarnsAboutItsMembersOwnIntervals() {
        long team = http.post("/api/teams", "{\"name\": \"" + Fixtures.unique("Team") + "\"}").json().path("id").asLong();
        long member = http.post("/api/technicians", """
                {"name": "%s", "home": {"lat": 35.88, "lon": 14.40}, "teamId": %d}""".formatted(Fixtures.unique("Rita"), team))
                .json().path("id").asLong();
        long own = interval("""
                {"technicianId": %d, "date": "2026-06-17", "start": "13:00", "end": "17:00"}""".formatted(member))
                .json().path("interval").path("id").asLong();

        TestHttp.Response teamInterval = interval("""
                {"teamId": %d, "dayOfWeek": "WEDNESDAY", "start": "08:00", "end": "14:00"}""".formatted(team));

        assertThat(teamInterval.status()).isEqualTo(201);
        assertThat(teamInterval.json().path("warnings").size()).as(teamInterval.toString()).isEqualTo(1);
        assertThat(teamInterval.json().path("warnings").path(0).path("technicianId").asLong()).isEqualTo(member);
        assertThat(teamInterval.json().path("warnings").path(0).path("other").path("id").asLong()).isEqualTo(own);
    }

    @Test
    void expandsWeeklyAndTeamIntervalsIntoDatedWorkingIntervals() {
        interval("""
                {"technicianId": %d, "dayOfWeek": "MONDAY", "start": "08:00", "end": "12:00"}""".formatted(technician));
        interval("""
                {"technicianId": %d, "dayOfWeek": "THURSDAY", "start": "13:00", "end": "17:00", "validUntil": "2026-06-10"}""".formatted(technician));
        interval("""
                {"technicianId": %d, "date": "2026-06-12", "start": "09:00", "end": "11:00"}""".formatted(technician));

        // 1-14 June 2026: Mondays 1 and 8, Thursday 4 (the 11th is past validUntil), Friday 12
        JsonNode days = http.get("/api/schedules/working-intervals?technicianId=" + technician + "&from=2026-06-01&to=2026-06-14").json();

        assertThat(days.findValues("date").stream().map(JsonNode::asString))
                .containsExactly("2026-06-01", "2026-06-04", "2026-06-08", "2026-06-12");
        assertThat(days.path(1).path("start").asString()).isEqualTo("13:00:00");
    }

    @Test
    void badInputNamesEachFieldWithItsValue() {
        TestHttp.Response response = interval("""
                {"technicianId": %d, "teamId": 1, "date": "2026-06-15", "start": "15:00", "end": "09:00"}""".formatted(technician));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.findValues("field").stream().map(JsonNode::asString)).containsExactlyInAnyOrder("technicianId", "end");
        assertThat(errors.toString()).contains("\"value\":\"09:00:00\"").contains("crosses midnight");

        TestHttp.Response badDay = interval("""
                {"technicianId": %d, "dayOfWeek": "MONDAYS", "start": "08:00", "end": "09:00"}""".formatted(technician));
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.json().path("errors").path(0).path("field").asString()).isEqualTo("dayOfWeek");
        assertThat(badDay.json().path("errors").path(0).path("value").asString()).isEqualTo("MONDAYS");

        TestHttp.Response unknown = interval("""
                {"technicianId": 99999999, "zoneId": 99999998, "date": "2026-06-15", "start": "08:00", "end": "09:00"}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").findValues("field").stream().map(JsonNode::asString))
                .containsExactly("technicianId", "zoneId");

        TestHttp.Response tooLong = http.get("/api/schedules/working-intervals?from=2026-01-01&to=2026-12-31");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").path(0).path("field").asString()).isEqualTo("to");
    }

    @Test
    void aPutNeedsIfMatchAndALostUpdateIsRefusedKeepingTheFirstChange() {
        long id = interval("""
                {"technicianId": %d, "date": "2026-06-17", "start": "08:00", "end": "12:00"}""".formatted(technician))
                .json().path("interval").path("id").asLong();
        String later = """
                {"technicianId": %d, "date": "2026-06-17", "start": "%s", "end": "12:00"}""";

        TestHttp.Response blind = http.put("/api/schedules/" + id, later.formatted(technician, "09:00"));
        assertThat(blind.status()).as("a PUT without If-Match: " + blind).isEqualTo(428);
        assertThat(blind.json().path("type").asString()).isEqualTo("/problems/if-match-required");
        TestHttp.Response first = http.send("PUT", "/api/schedules/" + id, later.formatted(technician, "09:00"),
                Map.of("If-Match", "\"0\""));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("interval").path("version").asInt()).isEqualTo(1);
        assertThat(first.header("ETag")).isEqualTo("\"1\"");

        TestHttp.Response stale = http.send("PUT", "/api/schedules/" + id, later.formatted(technician, "10:00"),
                Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(1);
        assertThat(http.get("/api/schedules/" + id).json().path("start").asString()).startsWith("09:00");
    }

    @Test
    void unknownIntervalIs404AndDeletedOnesAreGone() {
        assertThat(http.get("/api/schedules/88888888").status()).isEqualTo(404);
        long id = interval("""
                {"technicianId": %d, "date": "2026-06-15", "start": "08:00", "end": "09:00"}""".formatted(technician))
                .json().path("interval").path("id").asLong();
        assertThat(http.delete("/api/schedules/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/schedules/" + id).status()).isEqualTo(404);
    }
}
