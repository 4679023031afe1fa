package org.fieldplan.api.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.PointToPointRoute;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The planning foundation on the Malta demo company and the real Malta road network: the problem assembled from the
 * database (shifts from schedules, visits from requests, absences), routes stored with the engine's times and the
 * road legs, and loaded back as the next plan's starting point with their pins. Own schema, fixed clock (Monday
 * 1 June 2026, 07:00 in Malta).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_plan",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_plan",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_plan, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanningFoundationIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);


    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    PlanningProblems problems;
    @Autowired
    RouteStore store;

    @Autowired
    org.fieldplan.api.planning.route.RouteWriter routeWriter;
    @Autowired
    RoadMap roadMap;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transaction;

    @BeforeAll
    void company() {
        demo.load();
        // the office agrees every new request inside a zone (fixture: the lifecycle itself is tested elsewhere)
        org.fieldplan.api.PlannedDemo.agreeAll(db);
    }

    @Test
    void assemblesShiftsFromSchedulesAndVisitsFromPlannableRequests() {
        LoadedPlan loaded = problems.load(PlanScope.day(TUESDAY));
        FieldPlan plan = loaded.plan();

        assertThat(roadMap.roads()).as("the Malta extract is configured").isTrue();
        // one shift per technician with a working interval on Tuesday, counted here straight from the intervals
        long working = number("SELECT count(DISTINCT technician_id) FROM schedule_interval "
                + "WHERE technician_id IS NOT NULL AND (on_date = DATE '2026-06-02' OR (day_of_week = 2 "
                + "AND (valid_from IS NULL OR valid_from <= DATE '2026-06-02') AND (valid_until IS NULL OR valid_until >= DATE '2026-06-02')))");
        assertThat(working).isPositive();
        assertThat(plan.getShifts()).hasSize((int) working);
        for (Shift shift : plan.getShifts()) {
            long technician = loaded.technicianId(shift);
            var first = db.fetchOne("SELECT min(start_time) s, max(end_time) e FROM schedule_interval WHERE technician_id = ? "
                    + "AND (on_date = DATE '2026-06-02' OR day_of_week = 2)", technician);
            assertThat(loaded.instant(shift.getStartTime()).atZone(ZoneId.of("Europe/Malta")).toLocalTime())
                    .isEqualTo(first.get("s", java.time.LocalTime.class));
            assertThat(loaded.instant(shift.getNominalEnd()).atZone(ZoneId.of("Europe/Malta")).toLocalTime())
                    .isEqualTo(first.get("e", java.time.LocalTime.class));
            assertThat(shift.getStartLocation()).isEqualTo(shift.getTechnician().home());
        }
        // visits: agreed/scheduled/in-progress requests in a zone whose window (if any) can fall on Tuesday
        long plannable = number("SELECT count(*) FROM service_request WHERE status IN ('agreed', 'scheduled', 'in_progress') "
                + "AND zone_id IS NOT NULL AND NOT outside_service_area AND (coalesce(window_start, preferred_start) IS NULL "
                + "OR (coalesce(window_end, preferred_end) >= TIMESTAMPTZ '2026-06-02 00:00 Europe/Malta' "
                + "AND coalesce(window_start, preferred_start) < TIMESTAMPTZ '2026-06-03 00:00 Europe/Malta'))");
        assertThat(plan.getVisits()).hasSize((int) plannable);
        assertThat(plannable).isGreaterThan(20);
        for (Visit v : plan.getVisits()) {
            long requestId = loaded.requestId(v);
            long expected = number("SELECT sum(i.quantity * t.duration_seconds) FROM service_request_item i "
                    + "JOIN service_type t ON t.id = i.service_type_id WHERE i.request_id = ?", requestId);
            assertThat(v.getServiceDuration()).isEqualTo(Math.max(60, expected));
            assertThat(v.getZones()).isNotEmpty();
        }
    }

    @Test
    void storedRoutesKeepTheEngineTimesAndRoadLegsAndComeBackAsTheStartingPoint() {
        LoadedPlan loaded = problems.load(PlanScope.day(TUESDAY.plusDays(1)));
        FieldPlan solved = new PlanSolver().solve(loaded.plan(), SolverSettings.ofSeconds(4),
                ProgressListener.NONE);
        assertThat(solved.assignedCount()).isPositive();
        transaction.executeWithoutResult(s -> routeWriter.save(loaded, solved, org.fieldplan.api.planning.route.RouteStatus.PUBLISHED, null));

        List<RouteView> routes = store.routes(TUESDAY.plusDays(1), Set.of());
        int stops = routes.stream().mapToInt(r -> r.stops().size()).sum();
        assertThat(stops).isEqualTo(solved.assignedCount());
        Set<Long> seen = new HashSet<>();
        RouteView.Stop someLeg = null;
        GeoPoint someFrom = null;
        for (RouteView route : routes) {
            assertThat(route.status()).isEqualTo(org.fieldplan.api.planning.route.RouteStatus.PUBLISHED);
            assertThat(route.publishedAt()).isNotNull();
            for (int i = 0; i < route.stops().size(); i++) {
                RouteView.Stop stop = route.stops().get(i);
                assertThat(stop.position()).isEqualTo(i);
                assertThat(seen.add(stop.requestId())).isTrue();
                assertThat(stop.arrivalAt()).isBeforeOrEqualTo(stop.startAt());
                assertThat(stop.startAt()).isAfterOrEqualTo(route.startsAt());
                if (i > 0) {
                    RouteView.Stop before = route.stops().get(i - 1);
                    // arrival is at least the previous service's end plus the road leg
                    assertThat(stop.arrivalAt()).isAfterOrEqualTo(before.endAt().plusSeconds(stop.travelSeconds()));
                    someLeg = stop;
                    someFrom = new GeoPoint(before.lat(), before.lon());
                }
                if (stop.windowStart() != null) {
                    assertThat(stop.startAt()).isBetween(stop.windowStart(), stop.windowEnd());
                }
            }
            assertThat(route.travelSeconds()).isGreaterThanOrEqualTo(route.stops().stream().mapToInt(RouteView.Stop::travelSeconds).sum());
        }
        // a stored leg is the road network's own point-to-point time
        assertThat(someLeg).isNotNull();
        PointToPointRoute road = roadMap.network().graphHopperRoute(someFrom, new GeoPoint(someLeg.lat(), someLeg.lon()), false);
        assertThat(someLeg.travelSeconds()).isCloseTo(road.seconds(), org.assertj.core.data.Offset.offset(1));

        // loaded again: the stored routes are the initial assignment, in the same order
        LoadedPlan again = problems.load(PlanScope.day(TUESDAY.plusDays(1)));
        for (RouteView route : routes) {
            Shift shift = again.plan().getShifts().stream()
                    .filter(s -> again.technicianId(s) == route.technicianId()).findFirst().orElseThrow();
            assertThat(shift.getVisits()).extracting(again::requestId)
                    .containsExactlyElementsOf(route.stops().stream().map(RouteView.Stop::requestId).toList());
            assertThat(shift.getPinnedVisitCount()).isZero();
        }
        assertThat(again.plan().getScore()).isEqualTo(PlanSolver.score(solved));

        // a pin on the second stop pins the prefix; an absence removes the technician's shift
        RouteView longest = routes.stream().filter(r -> r.stops().size() >= 2).findFirst().orElseThrow();
        db.execute("UPDATE route_stop SET pinned = true WHERE route_id = ? AND position = 1", longest.id());
        db.execute("INSERT INTO technician_absence (technician_id, day, reason, created_at) VALUES (?, ?, 'sick', now())",
                routes.get(routes.size() - 1).technicianId() == longest.technicianId() ? routes.get(0).technicianId()
                        : routes.get(routes.size() - 1).technicianId(), TUESDAY.plusDays(1));
        LoadedPlan pinned = problems.load(PlanScope.day(TUESDAY.plusDays(1)));
        Shift withPin = pinned.plan().getShifts().stream()
                .filter(s -> pinned.technicianId(s) == longest.technicianId()).findFirst().orElseThrow();
        assertThat(withPin.getPinnedVisitCount()).isEqualTo(2);
        assertThat(pinned.plan().getShifts()).hasSize(again.plan().getShifts().size() - 1);
    }

    private long number(String sql, Object... bindings) {
        return ((Number) db.fetchValue(sql, bindings)).longValue();
    }

    @Test
    void rejectsABadScopeNamingTheField() {
        var error = org.assertj.core.api.Assertions.catchThrowableOfType(org.fieldplan.api.web.InvalidInputException.class,
                () -> problems.load(new PlanScope(TUESDAY, TUESDAY.minusDays(1), Set.of(987654L))));
        assertThat(error.errors()).extracting(org.fieldplan.api.web.FieldProblem::field).containsExactly("to", "zoneIds");
        assertThat(error.errors().get(1).value()).isEqualTo(987654L);
    }
}
