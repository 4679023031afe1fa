package org.fieldplan.api.planning.replan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.PlannedDemo;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The automatic replan proposal after an overrunning visit (issue 12), on the real database and road network of Malta
 * (own schema; the service's clock is set by the test). Anna works in Mosta on Monday from 06:00; three requests are
 * published on her route: two without a window (at once, one after the other) and one promised for 11:00-13:00. She
 * starts the first on her phone and does not finish it: 10 minutes past its planned end the watch does nothing (the
 * margin is 20 min); 32 minutes past it the watch proposes a replan saying why (English, Russian), once only; the next
 * visit gets a new time, the 11:00 one keeps its own; applying tells the first customer (an outbox row) and not the
 * other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_triggers",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_triggers",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_triggers, public",
        "fieldplan.security.bcrypt-strength=4",
        "fieldplan.replan.seconds=2",
        "fieldplan.replan.overrun-margin=20m",
        "fieldplan.replan.overrun-watch=false"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, ReplanTriggersIT.Time.class, Fixtures.class})
class ReplanTriggersIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final LocalDate MONDAY = LocalDate.of(2026, 6, 1);

    /** The service's clock, moved by the test. */
    static final class MovableClock extends Clock {
        volatile Instant now = MONDAY.atTime(6, 0).atZone(MALTA).toInstant();

        @Override
        public ZoneId getZone() {
            return MALTA;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        static final MovableClock CLOCK = new MovableClock();

        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Autowired
    PlanningProblems problems;
    @Autowired
    RouteWriter routeWriter;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    OverrunWatch watch;
    @Autowired
    ReplanProposals proposals;
    @Value("${local.server.port}")
    int port;

    long request(Fixtures.Login customer, long service, double lat, double lon) {
        return request(customer, service, "Triq il-Kbira, Mosta", lat, lon, MONDAY);
    }

    /** A phone request of {@code service} at the address, due at 18:00 on {@code day}; answers its id. */
    long request(Fixtures.Login customer, long service, String line, double lat, double lon, LocalDate day) {
        TestHttp.Response created = new TestHttp(port).authorization(customer.basic()).post("/api/requests", """
                {"address": {"line": "%s", "lat": %s, "lon": %s}, "services": [{"serviceTypeId": %d}],
                 "source": "phone", "deadline": "%s"}""".formatted(line, lat, lon, service,
                day.atTime(18, 0).atZone(MALTA).toOffsetDateTime()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    long outbox(long requestId) {
        return db.fetchValue("SELECT count(*) FROM notification_outbox WHERE request_id = ?", requestId) instanceof Number n
                ? n.longValue() : -1;
    }

    OffsetDateTime stopStart(long requestId) {
        return db.fetchValue(ROUTE_STOP.START_AT, ROUTE_STOP.REQUEST_ID.eq(requestId));
    }

    void at(OffsetDateTime t) {
        Time.CLOCK.now = t.toInstant();
    }

    @Test
    void anOverrunningVisitGetsOneReplanProposalAndApplyingTellsOnlyTheCustomersWhoseTimeChanged() {
        Fixtures.Login dispatcher = fixtures.user(Role.DISPATCHER);
        long mosta = fixtures.squareZone("Mosta", 14.40, 35.89, 0.05, dispatcher.userId());
        Fixtures.Login anna = fixtures.technician();
        db.execute("UPDATE technician SET name = 'Anna Borg', home = ST_SetSRID(ST_MakePoint(14.4210, 35.9125), 4326) WHERE id = ?",
                anna.technicianId());
        db.execute("INSERT INTO schedule_interval (technician_id, on_date, start_time, end_time, zone_id) VALUES (?, ?, ?, ?, ?)",
                anna.technicianId(), MONDAY, LocalTime.of(6, 0), LocalTime.of(18, 0), mosta);
        long service = fixtures.serviceType("overrun");
        Fixtures.Login customer = fixtures.customer();
        long first = request(customer, service, 35.9097, 14.4261);
        long second = request(customer, service, 35.9060, 14.4330);
        long later = request(customer, service, 35.9100, 14.4290);
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.WINDOW_START, MONDAY.atTime(11, 0).atZone(MALTA).toOffsetDateTime())
                .set(SERVICE_REQUEST.WINDOW_END, MONDAY.atTime(13, 0).atZone(MALTA).toOffsetDateTime())
                .where(SERVICE_REQUEST.ID.eq(later)).execute();
        PlannedDemo.agreeAll(db);
        PlannedDemo.publishDay(problems, routeWriter, transaction, MONDAY, 2);

        List<Long> order = db.fetch("SELECT s.request_id FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "WHERE r.technician_id = ? ORDER BY s.position", anna.technicianId()).getValues(0, Long.class);
        assertThat(order).as("all three on Anna's route, the 11:00 one last").hasSize(3).endsWith(later);
        // as publishing the plan does: the requests are scheduled with their technician
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.TECHNICIAN_ID, anna.technicianId()).set(SERVICE_REQUEST.STATUS, "scheduled")
                .where(SERVICE_REQUEST.ID.in(order)).execute();
        long running = order.get(0);
        long next = order.get(1);
        assertThat(List.of(running, next)).containsExactlyInAnyOrder(first, second);
        OffsetDateTime plannedEnd = db.fetchValue(ROUTE_STOP.END_AT, ROUTE_STOP.REQUEST_ID.eq(running));
        OffsetDateTime nextStart = stopStart(next);
        OffsetDateTime laterStart = stopStart(later);
        assertThat(laterStart.atZoneSameInstant(MALTA).toLocalTime()).isBetween(LocalTime.of(11, 0), LocalTime.of(13, 0));

        // Anna starts the first visit on her phone and is still there long after its planned end
        at(plannedEnd.minusMinutes(40).isBefore(MONDAY.atTime(6, 0).atZone(MALTA).toOffsetDateTime())
                ? MONDAY.atTime(6, 5).atZone(MALTA).toOffsetDateTime() : plannedEnd.minusMinutes(40));
        TestHttp.Response started = new TestHttp(port).authorization(anna.basic()).post("/api/field/visits/" + running + "/start", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(204);

        at(plannedEnd.plusMinutes(10));
        assertThat(watch.runOnce()).as("10 min past the planned end is within the 20 min margin").isEmpty();
        at(plannedEnd.plusMinutes(32));
        List<Long> made = watch.runOnce();
        assertThat(made).hasSize(1);
        assertThat(watch.runOnce()).as("never twice for the same overrun").isEmpty();
        long id = made.get(0);

        String number = db.fetchValue("SELECT registration_number FROM service_request WHERE id = ?", running).toString();
        TestHttp.Response en = new TestHttp(port).authorization(dispatcher.basic()).send("GET",
                "/api/replan/proposals?date=" + MONDAY, null, Map.of("Accept-Language", "en"));
        assertThat(en.status()).as(en.toString()).isEqualTo(200);
        assertThat(en.json()).as(en.toString()).hasSize(1);
        JsonNode p = en.json().get(0);
        assertThat(p.get("id").asLong()).isEqualTo(id);
        assertThat(p.get("cause").asString()).isEqualTo("overrun");
        assertThat(p.get("causeRequestId").asLong()).isEqualTo(running);
        assertThat(p.get("reason").asString()).isEqualTo("Visit " + number + " runs 32 min past its planned end (Anna Borg)");
        TestHttp.Response ru = new TestHttp(port).authorization(dispatcher.basic()).send("GET",
                "/api/replan/proposals/" + id, null, Map.of("Accept-Language", "ru"));
        assertThat(ru.status()).as(ru.toString()).isEqualTo(200);
        assertThat(ru.json().get("reason").asString())
                .isEqualTo("Визит " + number + " идёт на 32 мин дольше запланированного (Anna Borg)");
        // the board's replan panel titles the proposal with its cause (not "after an absence")
        try (org.fieldplan.api.browser.Browser browser = org.fieldplan.api.browser.Browser.open(port,
                org.fieldplan.api.browser.Viewport.DESKTOP, "en")) {
            browser.login(dispatcher.username(), Fixtures.PASSWORD).go("/board?lang=en&date=" + MONDAY);
            String title = "#replan .proposal[data-proposal=\"" + id + "\"] > p";
            browser.waitFor(title);
            assertThat(browser.text(title)).isEqualTo("Visit " + number + " runs 32 min past its planned end (Anna Borg)");
        }

        JsonNode changes = p.get("changes");
        assertThat(changes).as(p.toString()).hasSize(1);
        assertThat(changes.get(0).get("requestId").asLong()).isEqualTo(next);
        assertThat(changes.get(0).get("newTime").asBoolean()).as(p.toString()).isTrue();

        long toldNext = outbox(next);
        long toldLater = outbox(later);
        TestHttp.Response applied = new TestHttp(port).authorization(dispatcher.basic())
                .post("/api/replan/proposals/" + id + "/apply", "{}");
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.json().get("customersTold").toString()).isEqualTo("[" + next + "]");
        assertThat(outbox(next)).as("the customer whose time changed is told").isGreaterThan(toldNext);
        assertThat(outbox(later)).as("the 11:00 customer keeps the time and is not told").isEqualTo(toldLater);
        assertThat(stopStart(next)).as("the next visit now starts after the overrun")
                .isAfter(nextStart).isAfterOrEqualTo(plannedEnd.plusMinutes(32));
        assertThat(stopStart(later)).isEqualTo(laterStart);
        assertThat(watch.runOnce()).as("still nothing new for the same overrun").isEmpty();
        assertThat(Duration.between(plannedEnd, OffsetDateTime.now(Time.CLOCK)).toMinutes()).isEqualTo(32);

        // an urgent request for today is registered and agreed: the watch proposes to place it, once
        long urgent = request(customer, service, 35.9110, 14.4250);
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.PRIORITY, (short) 5).where(SERVICE_REQUEST.ID.eq(urgent)).execute();
        PlannedDemo.agreeAll(db);
        List<Long> placing = watch.runOnce();
        assertThat(placing).hasSize(1);
        assertThat(watch.runOnce()).as("never twice for the same urgent request").isEmpty();
        String urgentNumber = db.fetchValue("SELECT registration_number FROM service_request WHERE id = ?", urgent).toString();
        TestHttp.Response u = new TestHttp(port).authorization(dispatcher.basic()).send("GET",
                "/api/replan/proposals/" + placing.get(0), null, Map.of("Accept-Language", "en"));
        assertThat(u.status()).as(u.toString()).isEqualTo(200);
        assertThat(u.json().get("cause").asString()).isEqualTo("urgent");
        assertThat(u.json().get("reason").asString()).isEqualTo("Urgent request " + urgentNumber + " for today");
        JsonNode place = u.json().get("changes").get(0);
        assertThat(place.get("requestId").asLong()).as(u.toString()).isEqualTo(urgent);
        assertThat(place.get("toTechnicianId").asLong()).isEqualTo(anna.technicianId());
        assertThat(u.json().get("words").get(0).asString()).as(u.toString()).contains("placed at").contains("Anna Borg");
        TestHttp.Response uru = new TestHttp(port).authorization(dispatcher.basic()).send("GET",
                "/api/replan/proposals/" + placing.get(0), null, Map.of("Accept-Language", "ru"));
        assertThat(uru.json().get("reason").asString()).isEqualTo("Срочная заявка " + urgentNumber + " на сегодня");
        long toldUrgent = outbox(urgent);
        toldLater = outbox(later);
        TestHttp.Response placed = new TestHttp(port).authorization(dispatcher.basic())
                .post("/api/replan/proposals/" + placing.get(0) + "/apply", "{}");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(200);
        assertThat(stopStart(urgent)).as("on Anna's route now").isNotNull();
        assertThat(outbox(urgent)).as("the urgent request's customer is told the time").isGreaterThan(toldUrgent);
        assertThat(outbox(later)).as("the 11:00 customer is not told").isEqualTo(toldLater);
        assertThat(watch.runOnce()).isEmpty();
    }

    static final LocalDate TUESDAY = MONDAY.plusDays(1);

    /** An urgent request for Tuesday (priority 5, agreed, due at 18:00) of {@code service}. */
    long urgentTuesday(Fixtures.Login customer, long service, double lat, double lon) {
        long id = request(customer, service, "Triq il-Wied, Birkirkara", lat, lon, TUESDAY);
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.PRIORITY, (short) 5).where(SERVICE_REQUEST.ID.eq(id)).execute();
        PlannedDemo.agreeAll(db);
        return id;
    }

    /**
     * Tuesday (a day of its own: the Monday story above never sees it). Carmel alone works in Birkirkara. An urgent request
     * of twelve hours fits nobody: the watch solves for it once and then skips it, minute after minute, until the plan
     * data change (a new request); an urgent request for a team of two waits the same way until Dimitri's day is added,
     * and is then proposed whole (both members, one technician each, the same start) and applied. When Dimitri falls ill,
     * the absence proposal leaves the team out; an urgent request arriving while that proposal is open replaces it with
     * one that still carries the team's need (the team is still left out whole, never its lead alone) and places the new
     * request.
     */
    @Test
    void anUrgentRequestNobodyCanTakeWaitsForAChangeAndUrgentTeamsAreProposedWhole() {
        at(TUESDAY.atTime(7, 0).atZone(MALTA).toOffsetDateTime());
        try {
            tuesday();
        } finally {
            Time.CLOCK.now = MONDAY.atTime(6, 0).atZone(MALTA).toInstant(); // as the Monday story expects to start
        }
    }

    private void tuesday() {
        Fixtures.Login dispatcher = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("Birkirkara", 14.455, 35.885, 0.02, dispatcher.userId());
        Fixtures.Login carmel = fixtures.technician();
        Fixtures.Login dimitri = fixtures.technician();
        db.execute("UPDATE technician SET name = 'Carmel Zammit', home = ST_SetSRID(ST_MakePoint(14.4600, 35.8950), 4326) WHERE id = ?",
                carmel.technicianId());
        db.execute("UPDATE technician SET name = 'Dimitri Vella', home = ST_SetSRID(ST_MakePoint(14.4700, 35.9000), 4326) WHERE id = ?",
                dimitri.technicianId());
        db.execute("INSERT INTO schedule_interval (technician_id, on_date, start_time, end_time, zone_id) VALUES (?, ?, ?, ?, ?)",
                carmel.technicianId(), TUESDAY, LocalTime.of(8, 0), LocalTime.of(18, 0), zone);
        Fixtures.Login customer = fixtures.customer();
        long whole = fixtures.serviceType("whole-day");
        db.execute("UPDATE service_type SET duration_seconds = ? WHERE id = ?", 12 * 3600, whole);
        long pair = fixtures.serviceType("pair");
        db.execute("UPDATE service_type SET duration_seconds = 2700, team_size = 2 WHERE id = ?", pair);
        long quick = fixtures.serviceType("quick");

        long tooLong = urgentTuesday(customer, whole, 35.8960, 14.4620);
        long solves = proposals.urgentSolves();
        assertThat(watch.runOnce()).as("twelve hours fit nobody's day").isEmpty();
        assertThat(proposals.urgentSolves()).isEqualTo(solves + 1);
        assertThat(watch.runOnce()).isEmpty();
        assertThat(watch.runOnce()).isEmpty();
        assertThat(proposals.urgentSolves()).as("nothing changed: not solved again").isEqualTo(solves + 1);

        long team = urgentTuesday(customer, pair, 35.8930, 14.4680);
        assertThat(watch.runOnce()).as("a team of two with one technician").isEmpty();
        assertThat(proposals.urgentSolves()).as("a new request is a change: both solved for").isEqualTo(solves + 3);
        assertThat(watch.runOnce()).isEmpty();
        assertThat(proposals.urgentSolves()).isEqualTo(solves + 3);

        db.execute("INSERT INTO schedule_interval (technician_id, on_date, start_time, end_time, zone_id) VALUES (?, ?, ?, ?, ?)",
                dimitri.technicianId(), TUESDAY, LocalTime.of(8, 0), LocalTime.of(18, 0), zone);
        List<Long> made = watch.runOnce();
        assertThat(made).as("Dimitri's day makes the team possible").hasSize(1);
        assertThat(proposals.urgentSolves()).as("the long one is tried again too").isEqualTo(solves + 5);
        TestHttp.Response en = new TestHttp(port).authorization(dispatcher.basic()).send("GET",
                "/api/replan/proposals/" + made.get(0), null, Map.of("Accept-Language", "en"));
        assertThat(en.status()).as(en.toString()).isEqualTo(200);
        JsonNode changes = en.json().get("changes");
        assertThat(changes).as(en.toString()).hasSize(2);
        assertThat(changes.get(0).get("requestId").asLong()).isEqualTo(team);
        assertThat(changes.get(0).get("member").asInt()).isEqualTo(1);
        assertThat(changes.get(1).get("member").asInt()).isEqualTo(2);
        assertThat(changes.get(0).get("teamSize").asInt()).isEqualTo(2);
        assertThat(List.of(changes.get(0).get("toTechnicianId").asLong(), changes.get(1).get("toTechnicianId").asLong()))
                .containsExactlyInAnyOrder(carmel.technicianId(), dimitri.technicianId());
        assertThat(changes.get(0).get("newStart").asString()).as("one common start")
                .isEqualTo(changes.get(1).get("newStart").asString());
        assertThat(en.json().get("words").get(0).asString()).contains("member 1 of 2").contains("placed at");
        TestHttp.Response applied = new TestHttp(port).authorization(dispatcher.basic())
                .post("/api/replan/proposals/" + made.get(0) + "/apply", "{}");
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(stopStart(team)).as("the lead's stop").isNotNull();
        assertThat(db.fetchCount(db.selectFrom(org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER)
                .where(org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER.REQUEST_ID.eq(team))))
                .as("member 2's stop").isEqualTo(1);

        // Dimitri falls ill: the absence proposal leaves the team out whole
        TestHttp.Response absent = new TestHttp(port).authorization(dispatcher.basic())
                .put("/api/absences/" + dimitri.technicianId() + "/" + TUESDAY, """
                        {"reason": "sick"}""");
        assertThat(absent.status()).as(absent.toString()).isEqualTo(200);
        long absence = absent.json().get("proposalId").asLong();
        // an urgent request arrives while that proposal is open: one proposal answers both
        long third = urgentTuesday(customer, quick, 35.8990, 14.4650);
        List<Long> both = watch.runOnce();
        assertThat(both).hasSize(1);
        assertThat(db.fetchValue("SELECT status FROM replan_proposal WHERE id = ?", absence)).isEqualTo("superseded");
        TestHttp.Response merged = new TestHttp(port).authorization(dispatcher.basic()).send("GET",
                "/api/replan/proposals?date=" + TUESDAY, null, Map.of("Accept-Language", "en"));
        assertThat(merged.json()).as(merged.toString()).hasSize(1);
        JsonNode p = merged.json().get(0);
        assertThat(p.get("cause").asString()).isEqualTo("urgent");
        java.util.Map<Long, List<JsonNode>> byRequest = new java.util.HashMap<>();
        p.get("changes").forEach(c -> byRequest.computeIfAbsent(c.get("requestId").asLong(), k -> new java.util.ArrayList<>()).add(c));
        assertThat(byRequest.get(third)).as(p.toString()).singleElement()
                .satisfies(c -> assertThat(c.get("toTechnicianId").asLong()).isEqualTo(carmel.technicianId()));
        assertThat(byRequest.get(team)).as("the absence's need comes along: the team left out whole, " + p)
                .hasSize(2).allSatisfy(c -> assertThat(c.get("toTechnicianId").isNull()).isTrue());
        TestHttp.Response done = new TestHttp(port).authorization(dispatcher.basic())
                .post("/api/replan/proposals/" + both.get(0) + "/apply", "{}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(stopStart(team)).as("the lead is not left alone on Carmel's route").isNull();
        assertThat(stopStart(third)).isNotNull();
        assertThat(watch.runOnce()).isEmpty();
    }
}
