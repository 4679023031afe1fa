package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/**
 * Locations on a line, 100 s apart: the depot at 0, A at 1, B at 2, C at 3. Every expected value is
 * worked out by hand in the comments.
 */
class RoutePlannerTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    static TravelMatrix line(int size, int step) {
        int[] t = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                t[i * size + j] = Math.abs(i - j) * step;
            }
        }
        return TravelMatrix.of(size, t, t.clone());
    }

    static Visit visit(String id, int location, long service, long ready, long due, int demand, Set<Skill> skills) {
        return new Visit(id, id, new Location(location, 0, 0), service, List.of(new TimeWindow(ready, due)), skills,
                Set.of(), Visit.DEFAULT_PRIORITY, Visit.NO_DEADLINE, null, demand);
    }

    private static RoutePlanner plannerWithARouteOfA(long latestEnd, int capacity, long bDue) {
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        Shift shift = new Shift("s", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, latestEnd, latestEnd,
                List.of(), List.of(), capacity);
        Visit a = visit("A", 1, 50, 0, 1000, 5, Set.of());
        Visit b = visit("B", 2, 50, 0, bDue, 5, Set.of());
        Visit c = visit("C", 3, 50, 0, 1000, 6, Set.of());
        Visit d = visit("D", 3, 50, 0, 1000, 1, Set.of(new Skill("gas")));
        shift.getVisits().add(a);
        FieldPlan plan = new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift),
                List.of(a, b, c, d), line(4, 100));
        SearchModel model = new SearchModel(plan, 3);
        return new RoutePlanner(model, model.currentRoutes(), new int[] {0});
    }

    @Test
    void insertionCostIsTheExtraTravelWhenEveryRuleHolds() {
        RoutePlanner planner = plannerWithARouteOfA(1000, 10, 250);
        // after A: A departs at 150, B starts at 250 (its due), back home at 300 + 200 = 500;
        // extra travel 100 (A->B) + 200 (B->home) - 100 (A->home) = 200
        assertThat(planner.insertionCost(1, 0, 1)).isEqualTo(200);
        // before A: B starts at 200, departs 250, reaches A at 350 (A may start until 1000-100-50 = 850);
        // extra travel 200 + 100 - 100 = 200
        assertThat(planner.insertionCost(1, 0, 0)).isEqualTo(200);
    }

    @Test
    void aServiceStartAfterTheWindowIsRejected() {
        RoutePlanner planner = plannerWithARouteOfA(1000, 10, 249);
        assertThat(planner.insertionCost(1, 0, 1)).isEqualTo(RoutePlanner.NONE); // would start at 250
        assertThat(planner.insertionCost(1, 0, 0)).isEqualTo(200); // starts at 200
    }

    @Test
    void aRouteBackAfterTheShiftsLatestEndIsRejected() {
        RoutePlanner planner = plannerWithARouteOfA(499, 10, 250);
        // after A: home at 500 > 499; before A: B 200-250, A 350-400, home 500 > 499
        assertThat(planner.insertionCost(1, 0, 1)).isEqualTo(RoutePlanner.NONE);
        assertThat(planner.insertionCost(1, 0, 0)).isEqualTo(RoutePlanner.NONE);
    }

    @Test
    void capacityAndSkillsAreRespected() {
        RoutePlanner planner = plannerWithARouteOfA(1000, 10, 250);
        assertThat(planner.insertionCost(2, 0, 1)).isEqualTo(RoutePlanner.NONE); // 5 + 6 > 10
        assertThat(planner.insertionCost(3, 0, 1)).isEqualTo(RoutePlanner.NONE); // needs skill gas
    }

    @Test
    void insertingUpdatesTheTimesOfTheRoute() {
        RoutePlanner planner = plannerWithARouteOfA(1000, 20, 1000);
        planner.insert(1, 0, 1); // route A, B: A 100-150, B 250-300, home 500
        assertThat(planner.travel(0)).isEqualTo(400);
        // C after B: C 400-450, home 750: extra 100 + 300 - 200 = 200
        assertThat(planner.insertionCost(2, 0, 2)).isEqualTo(200);
        planner.removeRange(0, 0, 1); // route B
        assertThat(planner.travel(0)).isEqualTo(400);
        assertThat(planner.size(0)).isEqualTo(1);
        assertThat(planner.shiftOf[0]).isEqualTo(-1);
    }

    @Test
    void neighboursAreOrderedByTravelTime() {
        RoutePlanner planner = plannerWithARouteOfA(1000, 10, 250);
        assertThat(planner).isNotNull();
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        Shift shift = new Shift("s", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 1000, 1000,
                List.of(), List.of(), -1);
        Visit a = visit("A", 1, 0, 0, 1000, 0, Set.of());
        Visit b = visit("B", 2, 0, 0, 1000, 0, Set.of());
        Visit c = visit("C", 3, 0, 0, 1000, 0, Set.of());
        FieldPlan plan = new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift),
                List.of(a, b, c), line(4, 100));
        SearchModel model = new SearchModel(plan, 2);
        assertThat(model.neighbours[0]).containsExactly(1, 2); // A: B (100), C (200)
        assertThat(model.neighbours[2]).containsExactly(1, 0); // C: B (100), A (200)
    }

    @Test
    void breaksAreTimedExactlyByTheEnginesRouteClock() {
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        // a fixed break from 150 to 200: right when A (100-150) is done
        Shift shift = new Shift("s", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 1000, 1000,
                List.of(), List.of(new ShiftBreak(150, 200, 50)), -1);
        Visit a = visit("A", 1, 50, 0, 1000, 0, Set.of());
        Visit b = visit("B", 2, 50, 0, 250, 0, Set.of());
        shift.getVisits().add(a);
        FieldPlan plan = new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift),
                List.of(a, b), line(3, 100));
        // the premise, by the engine's own rules: after A and the break, B cannot start by 250
        VisitTiming afterA = RouteClock.timeVisitAfter(shift, null, null, a);
        VisitTiming bAfterA = RouteClock.timeVisitAfter(shift, afterA, a.getLocation(), b);
        assertThat(bAfterA.start()).isGreaterThan(250);

        SearchModel model = new SearchModel(plan, 1);
        RoutePlanner planner = new RoutePlanner(model, model.currentRoutes(), new int[] {0});
        assertThat(planner.insertionCost(1, 0, 1)).isEqualTo(RoutePlanner.NONE);
        // before A: B 200-250 is fine by its window, and the break fits before it (it waits for nothing)
        VisitTiming bFirst = RouteClock.timeVisitAfter(shift, null, null, b);
        long expected = bFirst.start() <= 250 ? 200 : RoutePlanner.NONE;
        assertThat(planner.insertionCost(1, 0, 0)).isEqualTo(expected);
    }

    /** Depot at 0, A at 1 (window 300-1000), B at 2; shift 0 to a nominal end of 500 (latest 1000), optional break. */
    private static FieldPlan routeOfAThenB(List<ShiftBreak> breaks) {
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        Shift shift = new Shift("s", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 500, 1000,
                List.of(), breaks, -1);
        Visit a = visit("A", 1, 50, 300, 1000, 0, Set.of());
        Visit b = visit("B", 2, 50, 0, 1000, 0, Set.of());
        shift.getVisits().add(a);
        shift.getVisits().add(b);
        return new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift), List.of(a, b), line(3, 100));
    }

    @Test
    void timeCostWeighsTravelWaitingAndOvertime() {
        FieldPlan plan = routeOfAThenB(List.of());
        SearchModel model = new SearchModel(plan, 1);
        RoutePlanner planner = new RoutePlanner(model, model.currentRoutes(), new int[] {0});
        // A: arrives at 100, waits 200 for its window, 300-350; B: arrives 450, 450-500; home at 700: 200 after 500.
        // travel 100 + 100 + 200 = 400
        assertThat(planner.timeCost(0, new RuinRecreate.CostWeights(1, 1, 1))).isEqualTo(400 + 200 + 200);
        assertThat(planner.timeCost(0, new RuinRecreate.CostWeights(1, 2, 3))).isEqualTo(400 + 2 * 200 + 3 * 200);
        assertThat(planner.timeCost(0, new RuinRecreate.CostWeights(1, 0, 0))).isEqualTo(planner.travel(0));
    }

    @Test
    void timeCostWithBreaksIsWhatTheScoreCounts() {
        // a floating break of 100 s between 0 and 1000: the route is timed by the engine's RouteClock
        FieldPlan plan = routeOfAThenB(List.of(new ShiftBreak(0, 1000, 100)));
        SearchModel model = new SearchModel(plan, 1);
        RoutePlanner planner = new RoutePlanner(model, model.currentRoutes(), new int[] {0});
        org.fieldplan.engine.solver.PlanSolver.score(plan); // fills in the engine's times
        Shift shift = plan.getShifts().get(0);
        long waiting = plan.getVisits().stream().mapToLong(Visit::waitingSeconds).sum();
        assertThat(shift.overtimeSeconds()).isPositive();
        assertThat(planner.timeCost(0, new RuinRecreate.CostWeights(1, 1, 1)))
                .isEqualTo(shift.travelSeconds() + waiting + shift.overtimeSeconds());
        assertThat(planner.timeCost(0, new RuinRecreate.CostWeights(2, 3, 5)))
                .isEqualTo(2 * shift.travelSeconds() + 3 * waiting + 5 * shift.overtimeSeconds());
    }

    /**
     * A random day with zone segments, several windows per visit, a floating break and plain shifts: the precomputed
     * start rule gives what the visit's own rule gives for every visit, shift and ready time, and a planner changed
     * by many insertions and removals (re-timed from the changed position on) answers every insertion and route cost
     * exactly as a planner built afresh from the same routes.
     */
    @Test
    void incrementalRetimingAndPrecomputedStartsMatchAFreshPlanner() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(12);
        FieldPlan plan = randomDay(random);
        List<Shift> shifts = plan.getShifts();
        List<Visit> visits = plan.getVisits();
        SearchModel model = new SearchModel(plan, 5);
        for (int v = 0; v < visits.size(); v++) {
            for (int s = 0; s < shifts.size(); s++) {
                for (long ready = -100; ready < 9500; ready += 37) {
                    assertThat(model.earliestStart(v, s, ready)).as("visit %d shift %d ready %d", v, s, ready)
                            .isEqualTo(visits.get(v).earliestServiceStart(shifts.get(s), ready));
                }
            }
        }
        int[][] empty = new int[shifts.size()][0];
        RoutePlanner changed = new RoutePlanner(model, empty, new int[shifts.size()]);
        RuinRecreate.CostWeights weights = new RuinRecreate.CostWeights(1, 2, 3);
        for (int step = 0; step < 300; step++) {
            int s = random.nextInt(shifts.size());
            int v = random.nextInt(visits.size());
            if (changed.shiftOf[v] < 0 && (changed.size(s) == 0 || random.nextInt(3) > 0)) {
                changed.insert(v, s, random.nextInt(changed.size(s) + 1));
            } else if (changed.size(s) > 0) {
                int at = random.nextInt(changed.size(s));
                changed.removeRange(s, at, 1 + random.nextInt(Math.min(3, changed.size(s) - at)));
            }
            int[][] routes = new int[shifts.size()][];
            for (int r = 0; r < routes.length; r++) {
                routes[r] = changed.routeCopy(r);
            }
            RoutePlanner fresh = new RoutePlanner(model, routes, new int[shifts.size()]);
            int[] all = {0, 1, 2};
            for (int u = 0; u < visits.size(); u++) {
                long cheapest = RoutePlanner.NONE;
                for (int r = 0; r < routes.length; r++) {
                    for (int p = 0; p <= fresh.size(r); p++) {
                        cheapest = Math.min(cheapest, fresh.insertionCost(u, r, p));
                    }
                }
                assertThat(changed.bestInsertion(u, all, all.length, null, 0.0)).as("step %d best place of %d", step, u)
                        .isEqualTo(cheapest);
            }
            for (int r = 0; r < routes.length; r++) {
                assertThat(changed.timeCost(r, weights)).as("step %d shift %d", step, r).isEqualTo(fresh.timeCost(r, weights));
                for (int u = 0; u < visits.size(); u++) {
                    for (int p = 0; p <= changed.size(r); p++) {
                        assertThat(changed.insertionCost(u, r, p)).as("step %d visit %d at %d of %d", step, u, p, r)
                                .isEqualTo(fresh.insertionCost(u, r, p));
                    }
                }
            }
        }
    }

    /** Zone segments, several windows per visit, a floating break and plain shifts: 30 random visits, 3 shifts. */
    private static FieldPlan randomDay(java.util.SplittableRandom random) {
        org.fieldplan.engine.domain.Zone north = new org.fieldplan.engine.domain.Zone("n", "north");
        org.fieldplan.engine.domain.Zone south = new org.fieldplan.engine.domain.Zone("s", "south");
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        List<org.fieldplan.engine.domain.ZoneSegment> segments = List.of(
                new org.fieldplan.engine.domain.ZoneSegment(north, 0, 3000),
                new org.fieldplan.engine.domain.ZoneSegment(south, 3000, 6000),
                new org.fieldplan.engine.domain.ZoneSegment(north, 6000, 9000));
        List<Shift> shifts = List.of(
                new Shift("zoned", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 8000, 9000, segments,
                        List.of(new ShiftBreak(2000, 5000, 300)), -1),
                new Shift("plain", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 8000, 9000, List.of(),
                        List.of(), -1),
                new Shift("zonedOnly", tech, DAY, new Location(5, 0, 0), new Location(0, 0, 0), 500, 8000, 9000,
                        segments.subList(0, 2), List.of(), -1));
        List<Visit> visits = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            List<TimeWindow> windows = new java.util.ArrayList<>();
            int count = random.nextInt(3);
            long from = random.nextLong(0, 3000);
            for (int w = 0; w < count; w++) {
                long end = from + random.nextLong(200, 2500);
                windows.add(new TimeWindow(from, end));
                from = end + random.nextLong(100, 2000);
            }
            Set<org.fieldplan.engine.domain.Zone> zones = switch (random.nextInt(4)) {
                case 0 -> Set.of();
                case 1 -> Set.of(north);
                case 2 -> Set.of(south);
                default -> Set.of(north, south);
            };
            visits.add(new Visit("v" + i, "v" + i, new Location(1 + random.nextInt(11), 0, 0), random.nextLong(60, 900),
                    windows, Set.of(), zones, Visit.DEFAULT_PRIORITY, Visit.NO_DEADLINE, null, 0));
        }
        return new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), shifts, visits, line(12, 60));
    }

    private static int[][] routesOf(RoutePlanner planner, int shiftCount) {
        int[][] routes = new int[shiftCount][];
        for (int r = 0; r < shiftCount; r++) {
            routes[r] = planner.routeCopy(r);
        }
        return routes;
    }

    /** Every insertion, best place, route cost and visit's shift of {@code planner} as a planner built afresh. */
    private static void assertLikeAFreshPlanner(SearchModel model, RoutePlanner planner, String what) {
        int m = model.shiftCount();
        RoutePlanner fresh = new RoutePlanner(model, routesOf(planner, m), new int[m]);
        RuinRecreate.CostWeights weights = new RuinRecreate.CostWeights(1, 2, 3);
        assertThat(planner.shiftOf).as(what).containsExactly(fresh.shiftOf);
        assertThat(planner.emptyRoutes()).as("%s empty routes", what).isEqualTo(fresh.emptyRoutes());
        for (int k = 0; k < fresh.emptyRoutes(); k++) {
            assertThat(planner.emptyRoute(k)).as("%s empty route %d", what, k).isEqualTo(fresh.emptyRoute(k));
        }
        int[] all = new int[m];
        for (int s = 0; s < m; s++) {
            all[s] = s;
            assertThat(planner.timeCost(s, weights)).as("%s shift %d", what, s).isEqualTo(fresh.timeCost(s, weights));
            assertThat(planner.travel(s)).as("%s shift %d", what, s).isEqualTo(fresh.travel(s));
        }
        for (int u = 0; u < model.visitCount(); u++) {
            assertThat(planner.bestInsertion(u, all, m, null, 0.0)).as("%s best place of %d", what, u)
                    .isEqualTo(fresh.bestInsertion(u, all, m, null, 0.0));
            for (int s = 0; s < m; s++) {
                for (int p = 0; p <= planner.size(s); p++) {
                    assertThat(planner.insertionCost(u, s, p)).as("%s visit %d at %d of %d", what, u, p, s)
                            .isEqualTo(fresh.insertionCost(u, s, p));
                }
            }
        }
    }

    /**
     * The travel search's copy-on-write: a scratch copy is reset to its base before every change (copying back only
     * the shifts it changed) and, when a change is taken, becomes the base while the old base becomes its scratch copy
     * ({@code RuinRecreate.accept}). Both answer everything as a planner built afresh from their routes, and the
     * snapshot updated from the changed shifts alone equals one built whole.
     */
    @Test
    void scratchCopiesResetAndSwappedOnAcceptanceMatchAFreshPlanner() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(21);
        FieldPlan plan = randomDay(random);
        SearchModel model = new SearchModel(plan, 5);
        int m = model.shiftCount();
        int[] pins = new int[m];
        RuinRecreate rr = new RuinRecreate(model, new RuinRecreate.Settings(10, 10, 0.01, 40, 10, 0)
                .withCosts(new RuinRecreate.CostWeights(1, 2, 3)), null);
        RoutePlanner base = new RoutePlanner(model, new int[m][0], pins);
        RoutePlanner scratch = new RoutePlanner(base);
        RuinRecreate.Snapshot snapshot = rr.new Snapshot(base, routesOf(base, m), pins);
        int taken = 0;
        for (int step = 0; step < 250; step++) {
            scratch.resetTo(base);
            assertLikeAFreshPlanner(model, scratch, "step " + step + " reset");
            assertThat(routesOf(scratch, m)).as("step %d reset", step).isDeepEqualTo(routesOf(base, m));
            for (int change = 1 + random.nextInt(3); change > 0; change--) {
                int s = random.nextInt(m);
                int v = random.nextInt(model.visitCount());
                if (scratch.shiftOf[v] < 0 && (scratch.size(s) == 0 || random.nextInt(3) > 0)) {
                    scratch.insert(v, s, random.nextInt(scratch.size(s) + 1));
                } else if (scratch.size(s) > 0) {
                    int at = random.nextInt(scratch.size(s));
                    scratch.removeRange(s, at, 1 + random.nextInt(Math.min(3, scratch.size(s) - at)));
                }
            }
            assertLikeAFreshPlanner(model, scratch, "step " + step + " changed");
            if (random.nextInt(3) > 0) {
                int[] changed = scratch.changedShifts();
                base.becomeScratchOf(scratch);
                RoutePlanner swap = base;
                base = scratch;
                scratch = swap;
                taken++;
                snapshot = rr.new Snapshot(snapshot, base, changed);
                int[][] routes = routesOf(base, m);
                RuinRecreate.Snapshot whole = rr.new Snapshot(new RoutePlanner(model, routes, pins), routes, pins);
                assertThat(snapshot.routes).as("step %d", step).isDeepEqualTo(whole.routes);
                assertThat(snapshot.routeTravel).as("step %d", step).containsExactly(whole.routeTravel);
                assertThat(snapshot.travel).as("step %d", step).isEqualTo(whole.travel);
                assertThat(snapshot.unassigned).as("step %d", step).containsExactlyElementsOf(whole.unassigned);
            }
        }
        assertThat(taken).isGreaterThan(100);
        assertThat(snapshot.unassigned).isNotEmpty();
    }
}
