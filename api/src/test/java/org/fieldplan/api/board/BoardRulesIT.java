package org.fieldplan.api.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The board's backend on the Malta demo with real roads and a published plan (made by a real planning job): pins as
 * a route prefix, move checks naming the rule, technician and time, a move rewriting both routes, free technicians,
 * workload and access.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_boardrules",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_boardrules",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_boardrules, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import(BoardRulesIT.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardRulesIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":fieldplan-demo").getBytes(StandardCharsets.UTF_8));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-06-01T05:00:00Z"), MALTA);
        }

        @Bean
        org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                flyway.clean();
                flyway.migrate();
                org.fieldplan.api.TestDatabase.dropAtExit(flyway.getConfiguration().getDefaultSchema());
            };
        }
    }

    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    DSLContext db;
    @Autowired
    PlanningProblems problems;
    @Value("${local.server.port}")
    int port;

    TestHttp admin;

    @BeforeAll
    void publishedDay() throws InterruptedException {
        demo.load();
        db.execute("UPDATE service_request SET status = 'agreed' WHERE status IN ('new', 'quoted') AND zone_id IS NOT NULL");
        admin = new TestHttp(port).authorization(basic("admin"));
        TestHttp.Response r = admin.post("/api/plan-jobs", """
                {"from": "%s", "to": "%s", "zoneIds": [], "seconds": 4}""".formatted(TUESDAY, TUESDAY));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!admin.get("/api/plan-jobs/" + id).json().get("status").asString().equals("finished")) {
            assertThat(System.nanoTime()).as("job " + id + " finishes").isLessThan(deadline);
            Thread.sleep(300);
        }
        TestHttp.Response published = admin.post("/api/plan-jobs/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
    }

    String move(long requestId, long technicianId, int position) {
        return """
                {"requestId": %d, "technicianId": %d, "date": "%s", "position": %d, "apply": false}""".formatted(requestId,
                technicianId, TUESDAY, position);
    }

    List<String> hard(long requestId, long technicianId, int position) {
        TestHttp.Response r = admin.post("/api/board/move", move(requestId, technicianId, position));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("violations").forEach(n -> out.add(n.asString()));
        assertThat(r.json().get("allowed").asBoolean()).isEqualTo(out.isEmpty());
        return out;
    }

    LoadedPlan day() {
        return problems.load(PlanScope.day(TUESDAY));
    }

    @Test
    void aTechnicianWithoutTheSkillIsNamed() {
        LoadedPlan loaded = day();
        for (Visit v : loaded.plan().getVisits()) {
            if (v.getRequiredSkills().isEmpty()) {
                continue;
            }
            for (Shift s : loaded.plan().getShifts()) {
                if (v.isMissingSkillIn(s)) {
                    String code = v.getRequiredSkills().stream().filter(k -> !s.getTechnician().skills().contains(k))
                            .findFirst().orElseThrow().code();
                    assertThat(hard(loaded.requestId(v), loaded.technicianId(s), 0))
                            .anyMatch(h -> h.startsWith(s.getTechnician().name() + " lacks skill ") && h.contains(code));
                    return;
                }
            }
        }
        throw new AssertionError("no visit with a skill some technician lacks on " + TUESDAY);
    }

    @Test
    void aTechnicianOutsideTheZoneIsNamedWithTheTime() {
        LoadedPlan loaded = day();
        for (Visit v : loaded.plan().getVisits()) {
            for (Shift s : loaded.plan().getShifts()) {
                boolean serves = v.getZones().stream().anyMatch(s::serves);
                if (!serves && !v.isMissingSkillIn(s) && !v.getZones().isEmpty()) {
                    List<String> hard = hard(loaded.requestId(v), loaded.technicianId(s), 0);
                    assertThat(hard).anyMatch(h -> h.matches(".* at \\d\\d:\\d\\d is outside " + java.util.regex.Pattern.quote(
                            s.getTechnician().name()) + "'s zone schedule.*"));
                    return;
                }
            }
        }
        throw new AssertionError("no technician outside a visit's zone on " + TUESDAY);
    }

    /** A same-zone, skilled shift other than the visit's own, with some stops. */
    record Candidate(Visit visit, Shift target) {}

    List<Candidate> candidates(LoadedPlan loaded) {
        List<Candidate> out = new ArrayList<>();
        for (Shift from : loaded.plan().getShifts()) {
            for (Visit v : from.getVisits()) {
                for (Shift to : loaded.plan().getShifts()) {
                    if (to != from && !v.isMissingSkillIn(to) && v.getZones().stream().anyMatch(to::serves)
                            && !to.getVisits().isEmpty()) {
                        out.add(new Candidate(v, to));
                    }
                }
            }
        }
        assertThat(out).as("candidate moves").isNotEmpty();
        return out;
    }

    @Test
    void aLateArrivalNamesThePromisedWindow() {
        LoadedPlan loaded = day();
        Candidate c = candidates(loaded).stream().filter(x -> x.target().getVisits().size() >= 3).findFirst().orElseThrow();
        long requestId = loaded.requestId(c.visit());
        String oldStart = String.valueOf(db.fetchValue("SELECT window_start::text FROM service_request WHERE id = ?", requestId));
        String oldEnd = String.valueOf(db.fetchValue("SELECT window_end::text FROM service_request WHERE id = ?", requestId));
        db.execute("UPDATE service_request SET window_start = ?::timestamptz, window_end = ?::timestamptz WHERE id = ?",
                TUESDAY.atTime(7, 0).atZone(MALTA).toOffsetDateTime().toString(),
                TUESDAY.atTime(7, 1).atZone(MALTA).toOffsetDateTime().toString(), requestId);
        try {
            List<String> hard = hard(requestId, loaded.technicianId(c.target()), c.target().getVisits().size());
            assertThat(hard).anyMatch(h -> h.matches(".*: .+ arrives \\d\\d:\\d\\d, after the promised window 07:00.07:01"));
        } finally {
            db.execute("UPDATE service_request SET window_start = ?::timestamptz, window_end = ?::timestamptz WHERE id = ?", oldStart, oldEnd, requestId);
        }
    }

    @Test
    void aRouteEndingAfterTheShiftNamesTheEnd() {
        LoadedPlan loaded = day();
        Candidate c = candidates(loaded).get(0);
        long requestId = loaded.requestId(c.visit());
        db.execute("UPDATE service_request_item SET quantity = quantity * 40 WHERE request_id = ?", requestId);
        try {
            String name = c.target().getTechnician().name();
            List<String> hard = hard(requestId, loaded.technicianId(c.target()), c.target().getVisits().size());
            assertThat(hard).anyMatch(h -> h.matches(java.util.regex.Pattern.quote(name)
                    + "'s route ends \\d\\d:\\d\\d, after the shift's end \\d\\d:\\d\\d"));
        } finally {
            db.execute("UPDATE service_request_item SET quantity = quantity / 40 WHERE request_id = ?", requestId);
        }
    }

    @Test
    void anAllowedMoveRewritesBothRoutes() {
        // the published day is full: make room on one technician's route (keep only its first stop), then move a
        // visit of another route there, at a position where the check allows it
        LoadedPlan before = day();
        List<String> seen = new ArrayList<>();
        int tried = 0;
        for (Shift roomy : before.plan().getShifts()) {
            if (roomy.getVisits().size() < 2 || tried > 120) {
                continue;
            }
            long target = before.technicianId(roomy);
            db.execute("DELETE FROM route_stop WHERE position > 0 AND route_id = (SELECT id FROM route WHERE technician_id = ? AND day = ?)",
                    target, TUESDAY);
            LoadedPlan loaded = day();
            for (Candidate c : candidates(loaded)) {
                if (loaded.technicianId(c.target()) != target || c.visit().isPinned()) {
                    continue;
                }
                long requestId = loaded.requestId(c.visit());
                Shift from = loaded.plan().getShifts().stream().filter(s -> s.getVisits().contains(c.visit())).findFirst().orElse(null);
                if (from == null) {
                    continue;
                }
                for (int position = 0; position <= 1; position++) {
                    tried++;
                    List<String> hard = hard(requestId, target, position);
                    if (!hard.isEmpty()) {
                        seen.addAll(hard);
                        continue;
                    }
                    long source = loaded.technicianId(from);
                    int sourceStops = stops(source).size();
                    TestHttp.Response r = admin.post("/api/board/move", move(requestId, target, position).replace("\"apply\": false", "\"apply\": true"));
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    List<Long> targetStops = stops(target);
                    assertThat(targetStops).hasSize(2);
                    assertThat(targetStops.get(position)).isEqualTo(requestId);
                    assertThat(stops(source)).hasSize(sourceStops - 1).doesNotContain(requestId);
                    // positions stay 0..n-1 and times follow the engine's clock (each stop starts after the previous ends)
                    assertThat(db.fetch("SELECT position FROM route_stop s JOIN route r ON r.id = s.route_id WHERE r.technician_id = ? "
                            + "AND r.day = ? ORDER BY position", source, TUESDAY).getValues(0, Integer.class))
                            .isEqualTo(java.util.stream.IntStream.range(0, sourceStops - 1).boxed().toList());
                    assertThat(((Number) db.fetchValue("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id "
                            + "JOIN route_stop p ON p.route_id = s.route_id AND p.position = s.position - 1 "
                            + "WHERE r.technician_id IN (?, ?) AND r.day = ? AND s.start_at < p.end_at", source, target, TUESDAY)).longValue()).isZero();
                    return;
                }
            }
        }
        throw new AssertionError("no allowed move among " + tried + " tries: " + seen.subList(0, Math.min(10, seen.size())));
    }

    List<Long> stops(long technicianId) {
        return db.fetch("SELECT s.request_id FROM route_stop s JOIN route r ON r.id = s.route_id WHERE r.technician_id = ? "
                + "AND r.day = ? ORDER BY s.position", technicianId, TUESDAY).getValues(0, Long.class);
    }

    @Test
    void onlyStaffOfTheBoardMayCheckMoves() {
        assertThat(new TestHttp(port).authorization(basic("tech01")).post("/api/board/move", move(1, 1, 0)).status()).isEqualTo(403);
        assertThat(new TestHttp(port).post("/api/board/move", move(1, 1, 0)).status()).isEqualTo(401);
        assertThat(admin.post("/api/board/move", "{}").status()).isEqualTo(400);
    }
}
