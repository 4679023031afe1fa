package org.fieldplan.api.planning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.LoadedPlan.ShiftKey;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.api.planning.job.PlanJobMessages.Route;
import org.fieldplan.api.planning.job.PlanJobMessages.Stop;
import org.fieldplan.api.planning.job.PublishMerge.SeenRoute;
import org.fieldplan.api.planning.job.PublishMerge.Snapshot;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publish-merge rule without a database: a hand-made problem "as loaded at publish time" (two technicians, four
 * requests, 10 min between any two places, 30 min services, shifts 08:00-16:00), a snapshot of what the job saw, and
 * the job's plan.
 */
class PublishMergeTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 3);
    static final long ANNA = 1;
    static final long BOB = 2;

    /** The problem with the routes as they are now ({@code anna}, {@code bob}: request ids in order). */
    static LoadedPlan loaded(List<Long> anna, List<Long> bob, Map<Long, Integer> versions) {
        int size = 7;
        int[] seconds = new int[size * size];
        int[] metres = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                seconds[i * size + j] = i == j ? 0 : 600;
                metres[i * size + j] = i == j ? 0 : 5000;
            }
        }
        Location home = new Location(0, 35.9, 14.4);
        Technician a = new Technician(String.valueOf(ANNA), "Anna", Set.of(), home);
        Technician b = new Technician(String.valueOf(BOB), "Bob", Set.of(), home);
        Map<Long, Visit> visits = new HashMap<>();
        Map<String, Long> ids = new HashMap<>();
        for (long r = 1; r <= 4; r++) {
            Visit v = new Visit(LoadedPlan.visitId(r), "R-" + r, new Location((int) r, 35.9, 14.4 + r / 100.0), 1800,
                    List.of(), Set.of(), Set.of(), 1, Visit.NO_DEADLINE, null, 0);
            visits.put(r, v);
            ids.put(v.getId(), r);
        }
        Shift sa = new Shift(LoadedPlan.shiftId(ANNA, DAY), a, DAY, home, home, 8 * 3600, 16 * 3600, 18 * 3600, List.of(), List.of(), -1);
        Shift sb = new Shift(LoadedPlan.shiftId(BOB, DAY), b, DAY, home, home, 8 * 3600, 16 * 3600, 18 * 3600, List.of(), List.of(), -1);
        anna.forEach(r -> sa.getVisits().add(visits.get(r)));
        bob.forEach(r -> sb.getVisits().add(visits.get(r)));
        FieldPlan plan = new FieldPlan(DAY.atStartOfDay(), List.of(a, b), List.of(), new ArrayList<>(List.of(sa, sb)),
                new ArrayList<>(visits.values()), TravelMatrix.of(size, seconds, metres));
        Map<ShiftKey, Integer> routeVersions = new HashMap<>();
        versions.forEach((t, v) -> routeVersions.put(new ShiftKey(t, DAY), v));
        return new LoadedPlan(PlanScope.day(DAY), plan, ZoneId.of("Europe/Malta"), List.of(new GeoPoint(35.9, 14.4)), ids,
                Map.of(sa.getId(), new ShiftKey(ANNA, DAY), sb.getId(), new ShiftKey(BOB, DAY)), List.of(),
                LoadedPlan.Spare.NONE, routeVersions);
    }

    static Plan plan(List<Long> anna, List<Long> bob, List<Long> unassigned) {
        Instant t = Instant.parse("2026-06-03T07:00:00Z");
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(ANNA, "Anna", DAY, 0, 0, anna.stream().map(r -> new Stop(r, "R-" + r, t, t, t, 0)).toList()));
        routes.add(new Route(BOB, "Bob", DAY, 0, 0, bob.stream().map(r -> new Stop(r, "R-" + r, t, t, t, 0)).toList()));
        return new Plan(routes, unassigned.stream().map(r -> new PlanJobMessages.Unassigned(r, "R-" + r, List.of())).toList());
    }

    static List<Long> route(LoadedPlan loaded, long technician) {
        Shift s = loaded.plan().getShifts().stream().filter(x -> loaded.technicianId(x) == technician).findFirst().orElseThrow();
        return s.getVisits().stream().map(loaded::requestId).toList();
    }

    @Test
    void withNothingChangedThePlanIsPublishedAsTheJobMadeIt() {
        LoadedPlan now = loaded(List.of(1L, 2L), List.of(3L), Map.of(ANNA, 1, BOB, 1));
        Snapshot seen = PublishMerge.snapshot(loaded(List.of(1L, 2L), List.of(3L), Map.of(ANNA, 1, BOB, 1)));

        PublishMerge.Result result = PublishMerge.merge(now, plan(List.of(2L, 3L), List.of(1L), List.of(4L)), seen);

        assertThat(result.publishable()).isTrue();
        assertThat(result.kept()).isEmpty();
        assertThat(route(now, ANNA)).containsExactly(2L, 3L);
        assertThat(route(now, BOB)).containsExactly(1L);
    }

    @Test
    void aStopBookedAfterTheJobLoadedIsKeptInThePlan() {
        // the job saw bob with r3 only; r4 was booked onto bob's route after r3 since (bob's route version 1 -> 2)
        Snapshot seen = new Snapshot(List.of(new SeenRoute(ANNA, DAY, 1, List.of(1L, 2L)), new SeenRoute(BOB, DAY, 1, List.of(3L))));
        LoadedPlan now = loaded(List.of(1L, 2L), List.of(3L, 4L), Map.of(ANNA, 1, BOB, 2));

        // the job's plan knows nothing of r4 and moved r3 to anna
        PublishMerge.Result result = PublishMerge.merge(now, plan(List.of(2L, 1L, 3L), List.of(), List.of()), seen);

        assertThat(result.publishable()).isTrue();
        assertThat(result.kept()).extracting(PublishMerge.Kept::requestId).containsExactly(4L);
        assertThat(route(now, ANNA)).containsExactly(2L, 1L, 3L);
        assertThat(route(now, BOB)).containsExactly(4L);
        assertThat(now.visitOf(4).getTiming()).isNotNull();
    }

    @Test
    void aBoardMoveAfterTheJobLoadedIsNotReverted() {
        // the job saw r3 third on anna's route; a dispatcher then moved it to bob (anna 1 -> 2, bob none -> 0)
        Snapshot seen = new Snapshot(List.of(new SeenRoute(ANNA, DAY, 1, List.of(1L, 2L, 3L)), new SeenRoute(BOB, DAY, null, List.of())));
        LoadedPlan now = loaded(List.of(1L, 2L), List.of(3L), Map.of(ANNA, 2, BOB, 0));

        PublishMerge.Result result = PublishMerge.merge(now, plan(List.of(3L, 1L, 2L), List.of(), List.of(4L)), seen);

        assertThat(result.publishable()).isTrue();
        assertThat(result.kept()).extracting(PublishMerge.Kept::requestId).containsExactly(3L);
        assertThat(result.kept().get(0).where()).contains("first on Bob's route");
        assertThat(route(now, ANNA)).containsExactly(1L, 2L);
        assertThat(route(now, BOB)).containsExactly(3L);
    }

    @Test
    void aStopOnARouteThatThePlanLeavesOutIsPutBackNotDropped() {
        LoadedPlan now = loaded(List.of(1L, 2L), List.of(), Map.of(ANNA, 1));
        Snapshot seen = PublishMerge.snapshot(loaded(List.of(1L, 2L), List.of(), Map.of(ANNA, 1)));

        PublishMerge.Result result = PublishMerge.merge(now, plan(List.of(1L), List.of(), List.of(2L, 3L, 4L)), seen);

        assertThat(result.lost()).isEmpty();
        assertThat(route(now, ANNA)).containsExactlyInAnyOrder(1L, 2L);
        assertThat(result.kept()).extracting(PublishMerge.Kept::where).containsExactly("put back on Anna's route of " + DAY);
    }

    @Test
    void requestsThatCameInWithoutARouteRefuseThePublish() {
        LoadedPlan now = loaded(List.of(1L), List.of(), Map.of(ANNA, 1));
        Snapshot seen = PublishMerge.snapshot(loaded(List.of(1L), List.of(), Map.of(ANNA, 1)));

        PublishMerge.Result result = PublishMerge.merge(now, plan(List.of(1L), List.of(), List.of(2L, 3L)), seen);

        assertThat(result.added()).containsExactly("R-4");
        assertThat(result.publishable()).isFalse();
    }

    @Test
    void theSnapshotSurvivesItsJsonColumn() {
        Snapshot seen = new Snapshot(List.of(new SeenRoute(ANNA, DAY, 3, List.of(1L, 2L)), new SeenRoute(BOB, DAY, null, List.of())));
        JsonMapper json = JsonMapper.builder().build();

        assertThat(json.readValue(json.writeValueAsString(seen), Snapshot.class)).isEqualTo(seen);
    }
}
