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
     * by many insertions and removals (re-timed in place: only what each change changes) holds the same times and
     * answers every insertion and route cost exactly as a planner built afresh from the same routes.
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
            randomChange(changed, random, shifts.size(), visits.size(), 3, 3);
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
                assertThat(changed.stateOf(r)).as("step %d shift %d times", step, r).containsExactly(fresh.stateOf(r));
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
    /**
     * One random change of {@code planner} as the random-change tests make it (the same draws in the same order): a
     * random visit into a random shift at a random position when it is unrouted (an empty shift always takes it,
     * otherwise with odds {@code (insertOdds - 1) / insertOdds}), else up to {@code maxRemoved} visits out of that shift.
     */
    private static void randomChange(RoutePlanner planner, java.util.SplittableRandom random, int shifts, int visits,
            int insertOdds, int maxRemoved) {
        int s = random.nextInt(shifts);
        int v = random.nextInt(visits);
        if (planner.shiftOf[v] < 0 && (planner.size(s) == 0 || random.nextInt(insertOdds) > 0)) {
            planner.insert(v, s, random.nextInt(planner.size(s) + 1));
        } else if (planner.size(s) > 0) {
            int at = random.nextInt(planner.size(s));
            planner.removeRange(s, at, 1 + random.nextInt(Math.min(maxRemoved, planner.size(s) - at)));
        }
    }

    /**
     * Up to {@code maxCount - 1} ordered windows, the first from before 3000 s, each {@code minLength}..{@code maxLength}
     * long, 100..{@code maxGap} s apart.
     */
    private static List<TimeWindow> randomWindows(java.util.SplittableRandom random, int maxCount, long minLength,
            long maxLength, long maxGap) {
        List<TimeWindow> windows = new java.util.ArrayList<>();
        int count = random.nextInt(maxCount);
        long from = random.nextLong(0, 3000);
        for (int w = 0; w < count; w++) {
            long end = from + random.nextLong(minLength, maxLength);
            windows.add(new TimeWindow(from, end));
            from = end + random.nextLong(100, maxGap);
        }
        return windows;
    }

    /** No zone, north, south or both, equally likely. */
    private static Set<org.fieldplan.engine.domain.Zone> randomZones(java.util.SplittableRandom random,
            org.fieldplan.engine.domain.Zone north, org.fieldplan.engine.domain.Zone south) {
        return switch (random.nextInt(4)) {
            case 0 -> Set.of();
            case 1 -> Set.of(north);
            case 2 -> Set.of(south);
            default -> Set.of(north, south);
        };
    }

    /** The generated days' two zones, and the zoned shifts' segments: north until 3000 s, south until 6000, north. */
    private static final org.fieldplan.engine.domain.Zone NORTH = new org.fieldplan.engine.domain.Zone("n", "north");
    private static final org.fieldplan.engine.domain.Zone SOUTH = new org.fieldplan.engine.domain.Zone("s", "south");
    private static final List<org.fieldplan.engine.domain.ZoneSegment> NORTH_SOUTH_NORTH = List.of(
            new org.fieldplan.engine.domain.ZoneSegment(NORTH, 0, 3000),
            new org.fieldplan.engine.domain.ZoneSegment(SOUTH, 3000, 6000),
            new org.fieldplan.engine.domain.ZoneSegment(NORTH, 6000, 9000));

    private static FieldPlan randomDay(java.util.SplittableRandom random) {
        org.fieldplan.engine.domain.Zone north = NORTH;
        org.fieldplan.engine.domain.Zone south = SOUTH;
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        List<org.fieldplan.engine.domain.ZoneSegment> segments = NORTH_SOUTH_NORTH;
        List<Shift> shifts = List.of(
                new Shift("zoned", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 8000, 9000, segments,
                        List.of(new ShiftBreak(2000, 5000, 300)), -1),
                new Shift("plain", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 8000, 9000, List.of(),
                        List.of(), -1),
                new Shift("zonedOnly", tech, DAY, new Location(5, 0, 0), new Location(0, 0, 0), 500, 8000, 9000,
                        segments.subList(0, 2), List.of(), -1));
        List<Visit> visits = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            List<TimeWindow> windows = randomWindows(random, 3, 200, 2500, 2000);
            Set<org.fieldplan.engine.domain.Zone> zones = randomZones(random, north, south);
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
            assertThat(planner.stateOf(s)).as("%s shift %d times", what, s).containsExactly(fresh.stateOf(s));
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
                randomChange(scratch, random, m, model.visitCount(), 3, 3);
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

    /**
     * The search's primitive clock ({@code RoutePlanner.clock}) against the engine's {@link RouteClock}: on random routes
     * of a day with a fixed and a floating break, a tight break, zone segments, several windows, deadlines and legs with
     * no road, after each of 300 random insertions and removals, every exact shift's times (ready, start, departure,
     * breaks taken) are RouteClock's, every exact check answers as the check built on RouteClock's {@code VisitTiming}
     * did before the third round ({@link #referenceFeasibleExactly}), every route's time cost is RouteClock's, and
     * everything the planner keeps (re-timed in place) is what a planner built afresh computes.
     */
    @Test
    void primitiveClockTimesAndChecksAsTheEnginesRouteClock() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(33);
        FieldPlan plan = breakDay(random);
        List<Shift> shifts = plan.getShifts();
        List<Visit> visits = plan.getVisits();
        SearchModel model = new SearchModel(plan, 5);
        int m = shifts.size();
        RoutePlanner planner = new RoutePlanner(model, new int[m][0], new int[m]);
        RuinRecreate.CostWeights weights = new RuinRecreate.CostWeights(1, 2, 3);
        int feasible = 0;
        int refused = 0;
        int lateBreaks = 0;
        for (int step = 0; step < 300; step++) {
            randomChange(planner, random, m, visits.size(), 4, 2);
            RoutePlanner fresh = new RoutePlanner(model, routesOf(planner, m), new int[m]);
            for (int r = 0; r < m; r++) {
                Shift shift = shifts.get(r);
                int[] route = planner.routeCopy(r);
                assertThat(planner.stateOf(r)).as("step %d shift %d times", step, r).containsExactly(fresh.stateOf(r));
                long[] times = planner.exactTimes(r);
                if (!model.exactTiming[r]) {
                    assertThat(times).isNull();
                    continue;
                }
                VisitTiming[] engine = engineTimes(shift, visits, route);
                for (int i = 0; i < route.length; i++) {
                    String what = "step " + step + " shift " + r + " position " + i;
                    assertThat(times[4 * i]).as("%s ready", what).isEqualTo(engine[i].ready());
                    assertThat(times[4 * i + 1]).as("%s start", what).isEqualTo(engine[i].start());
                    assertThat(times[4 * i + 2]).as("%s departure", what).isEqualTo(engine[i].departure());
                    assertThat(times[4 * i + 3]).as("%s breaks", what).isEqualTo(engine[i].breaksTaken());
                    lateBreaks += engine[i].breakLateSeconds() > 0 ? 1 : 0;
                }
                long waiting = 0;
                for (VisitTiming t : engine) {
                    waiting += t.waitingSeconds();
                }
                long end = route.length == 0 ? 0 : RouteClock.returnLegAfter(shift, engine[route.length - 1],
                        visits.get(route[route.length - 1]).getLocation()).end();
                long expectedCost = route.length == 0 ? 0 : planner.travel(r) + 2 * waiting
                        + 3 * Math.max(0, end - shift.getNominalEnd());
                assertThat(planner.timeCost(r, weights)).as("step %d shift %d", step, r).isEqualTo(expectedCost);
                for (int u = 0; u < visits.size(); u++) {
                    for (int p = 0; p <= route.length; p++) {
                        boolean expected = referenceFeasibleExactly(model, shift, visits, route, engine, u, p);
                        assertThat(planner.feasibleExactly(u, r, p)).as("step %d visit %d at %d of %d", step, u, p, r)
                                .isEqualTo(expected);
                        if (expected) {
                            feasible++;
                        } else {
                            refused++;
                        }
                    }
                }
            }
        }
        // the day exercises both answers and late breaks
        assertThat(feasible).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(1000);
        assertThat(lateBreaks).isPositive();
    }

    /**
     * The primitive clock against RouteClock for every shift of the break day, every visit, every place the technician
     * may come from, every number of breaks already taken and departures every 23 s over the day: the same ready time,
     * start, departure and breaks taken, and "legal" exactly when RouteClock's leg is reachable with no break late; and
     * the same end of the way home from every place, "legal" when it is reachable with its breaks on time.
     */
    @Test
    void primitiveClockMatchesRouteClockForEveryDepartureAndBreakCount() {
        FieldPlan plan = breakDay(new java.util.SplittableRandom(34));
        List<Shift> shifts = plan.getShifts();
        List<Visit> visits = plan.getVisits();
        SearchModel model = new SearchModel(plan, 5);
        RoutePlanner planner = new RoutePlanner(model, new int[shifts.size()][0], new int[shifts.size()]);
        int late = 0;
        int unreachable = 0;
        int checked = 0;
        for (int s = 0; s < shifts.size(); s++) {
            Shift shift = shifts.get(s);
            for (int v = 0; v < visits.size(); v++) {
                Visit visit = visits.get(v);
                for (int from = -1; from < visits.size(); from++) {
                    Location fromLocation = from < 0 ? shift.getStartLocation() : visits.get(from).getLocation();
                    int fromPlace = from < 0 ? model.shiftStartLocation[s] : model.visitLocation[from];
                    for (int taken = 0; taken <= shift.getBreaks().size(); taken++) {
                        for (long departure = 0; departure < 9000; departure += 23) {
                            VisitTiming previous = new VisitTiming(0, 0, 0, departure, taken, 0, 0, 0, true, 0, 0, 0, 0, 0);
                            VisitTiming t = RouteClock.timeVisitAfter(shift, previous, fromLocation, visit);
                            long[] mine = planner.clockAfter(s, v, departure, fromPlace, taken);
                            long[] engine = {t.ready(), t.start(), t.departure(), t.breaksTaken(),
                                    t.reachable() && t.breakLateSeconds() <= 0 ? 1 : 0};
                            if (!java.util.Arrays.equals(mine, engine)) { // (assertThat per case: 20 s)
                                assertThat(mine).as("shift %d visit %d from %d taken %d at %d", s, v, from, taken,
                                        departure).containsExactly(engine);
                            }
                            checked++;
                            late += t.breakLateSeconds() > 0 ? 1 : 0;
                            unreachable += t.reachable() ? 0 : 1;
                        }
                    }
                }
            }
            // the way home after a last stop at each place, for every break count and departure
            for (int from = -1; from < visits.size(); from++) {
                Location fromLocation = from < 0 ? shift.getStartLocation() : visits.get(from).getLocation();
                int fromPlace = from < 0 ? model.shiftStartLocation[s] : model.visitLocation[from];
                for (int taken = 0; taken <= shift.getBreaks().size(); taken++) {
                    for (long departure = 0; departure < 9000; departure += 23) {
                        VisitTiming last = new VisitTiming(0, 0, 0, departure, taken, 0, 0, 0, true, 0, 0, 0, 0, 0);
                        org.fieldplan.engine.domain.RouteEnd end = RouteClock.returnLegAfter(shift, last, fromLocation);
                        long[] engine = {end.end(), end.reachable() && end.breakLateSeconds() <= 0 ? 1 : 0};
                        long[] mine = planner.returnLegAfter(s, fromPlace, departure, taken);
                        if (!java.util.Arrays.equals(mine, engine)) {
                            assertThat(mine).as("home: shift %d from %d taken %d at %d", s, from, taken, departure)
                                    .containsExactly(engine);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000_000);
        assertThat(late).isPositive();
        assertThat(unreachable).isPositive();
    }

    /**
     * The insertion search passes over positions that no leg could make feasible before reading the legs: a position
     * exactly at those limits must still be found. Depot at 0; A and C at 1 (A must start at 100, C by 200), B at 1
     * with a window of exactly 150 and 50 s of service: only between A and C (A leaves at 150, B 150-200, C at 200),
     * at no extra travel.
     */
    @Test
    void aPlaceExactlyAtTheTimeLimitsIsFound() {
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        Shift shift = new Shift("s", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 1000, 1000,
                List.of(), List.of(), -1);
        Visit a = visit("A", 1, 50, 100, 100, 0, Set.of());
        Visit b = visit("B", 1, 50, 150, 150, 0, Set.of());
        Visit c = visit("C", 1, 50, 0, 200, 0, Set.of());
        shift.getVisits().add(a);
        shift.getVisits().add(c);
        FieldPlan plan = new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift), List.of(a, b, c),
                line(2, 100));
        SearchModel model = new SearchModel(plan, 2);
        RoutePlanner planner = new RoutePlanner(model, model.currentRoutes(), new int[] {0});
        // by the O(1) check alone: before A, A would start at 200; after C, B would start at 250
        assertThat(planner.insertionCost(1, 0, 0)).isEqualTo(RoutePlanner.NONE);
        assertThat(planner.insertionCost(1, 0, 2)).isEqualTo(RoutePlanner.NONE);
        assertThat(planner.insertionCost(1, 0, 1)).isZero();
        assertThat(planner.bestInsertion(1, new int[] {0}, 1, null, 0.0)).isZero();
        assertThat(planner.bestPosition).isEqualTo(1);
    }

    /** RouteClock's timings of a route, one after the other. */
    private static VisitTiming[] engineTimes(Shift shift, List<Visit> visits, int[] route) {
        VisitTiming[] out = new VisitTiming[route.length];
        VisitTiming previous = null;
        Location previousLocation = null;
        for (int i = 0; i < route.length; i++) {
            Visit visit = visits.get(route[i]);
            previous = RouteClock.timeVisitAfter(shift, previous, previousLocation, visit);
            previousLocation = visit.getLocation();
            out[i] = previous;
        }
        return out;
    }

    /**
     * The exact check as it was built on RouteClock's {@link VisitTiming} before the primitive clock (the reference):
     * times {@code u} at {@code position} and the rest of the route until the times match the old ones again.
     */
    private static boolean referenceFeasibleExactly(SearchModel model, Shift shift, List<Visit> visits, int[] route,
            VisitTiming[] times, int u, int position) {
        VisitTiming previous = position == 0 ? null : times[position - 1];
        Location previousLocation = position == 0 ? null : visits.get(route[position - 1]).getLocation();
        Visit visit = visits.get(u);
        VisitTiming t = RouteClock.timeVisitAfter(shift, previous, previousLocation, visit);
        if (!referenceTimingAllowed(model, visit, shift, t)) {
            return false;
        }
        previous = t;
        previousLocation = visit.getLocation();
        for (int i = position; i < route.length; i++) {
            Visit next = visits.get(route[i]);
            VisitTiming old = times[i];
            t = RouteClock.timeVisitAfter(shift, previous, previousLocation, next);
            if (!referenceTimingAllowed(model, next, shift, t)) {
                return false;
            }
            if (t.start() == old.start() && t.departure() == old.departure() && t.breaksTaken() == old.breaksTaken()) {
                return true;
            }
            previous = t;
            previousLocation = next.getLocation();
        }
        org.fieldplan.engine.domain.RouteEnd end = RouteClock.returnLegAfter(shift, previous, previousLocation);
        return end.reachable() && end.end() <= shift.getLatestEnd() && end.breakLateSeconds() <= 0;
    }

    /** The search's old rule check of a VisitTiming (window, deadline, zone segment, breaks on time, reachable leg). */
    private static boolean referenceTimingAllowed(SearchModel model, Visit visit, Shift shift, VisitTiming t) {
        if (!t.reachable() || t.breakLateSeconds() > 0 || t.start() > model.latestStart[model.visitIndex.get(visit)]) {
            return false;
        }
        List<TimeWindow> windows = visit.getTimeWindows();
        if (windows.size() > 1 && windows.stream().noneMatch(w -> w.contains(t.start()))) {
            return false;
        }
        if (visit.isZoneRestrictedIn(shift)) {
            return shift.getZoneSegments().stream()
                    .anyMatch(z -> visit.getZones().contains(z.zone()) && z.covers(t.start(), t.departure()));
        }
        return true;
    }

    /**
     * Seven shifts (two breaks, one fixed, with zone segments; a tight break alone; zone segments alone; plain; two
     * breaks close together; a long and a short break; a break the shift starts too late for) and 40
     * random visits with 0-3 windows, zones, some deadlines, on a line of 12 places 60 s apart of which a few legs have
     * no road.
     */
    private static FieldPlan breakDay(java.util.SplittableRandom random) {
        org.fieldplan.engine.domain.Zone north = NORTH;
        org.fieldplan.engine.domain.Zone south = SOUTH;
        Technician tech = new Technician("t", "t", Set.of(), new Location(0, 0, 0));
        List<org.fieldplan.engine.domain.ZoneSegment> segments = NORTH_SOUTH_NORTH;
        List<Shift> shifts = List.of(
                new Shift("twoBreaks", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 7000, 8500, segments,
                        List.of(new ShiftBreak(1500, 1800, 300), new ShiftBreak(4000, 7000, 600)), -1),
                new Shift("tightBreak", tech, DAY, new Location(3, 0, 0), new Location(0, 0, 0), 200, 7000, 9000,
                        List.of(), List.of(new ShiftBreak(2500, 2950, 400)), -1),
                new Shift("zonedOnly", tech, DAY, new Location(5, 0, 0), new Location(0, 0, 0), 500, 8000, 9000,
                        segments.subList(0, 2), List.of(), -1),
                new Shift("plain", tech, DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 8000, 9000, List.of(),
                        List.of(), -1),
                // two breaks close together: the second can be due right after the first
                new Shift("closeBreaks", tech, DAY, new Location(4, 0, 0), new Location(0, 0, 0), 0, 8000, 9000,
                        List.of(), List.of(new ShiftBreak(2000, 2500, 300), new ShiftBreak(2300, 2700, 300)), -1),
                // a long break then a short one due soon after: the short one may be taken before driving while the
                // long one, taken on arrival, keeps the technician busy past the new arrival
                new Shift("unevenBreaks", tech, DAY, new Location(6, 0, 0), new Location(0, 0, 0), 0, 8000, 9000,
                        List.of(), List.of(new ShiftBreak(2000, 3000, 600), new ShiftBreak(2100, 2500, 100)), -1),
                // starts too late for its break: the break is late whatever the route
                new Shift("lateBreak", tech, DAY, new Location(2, 0, 0), new Location(2, 0, 0), 2700, 8000, 9000,
                        List.of(), List.of(new ShiftBreak(2500, 2950, 400)), -1));
        List<Visit> visits = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<TimeWindow> windows = randomWindows(random, 4, 100, 2000, 1500);
            Set<org.fieldplan.engine.domain.Zone> zones = randomZones(random, north, south);
            long deadline = random.nextInt(4) == 0 ? random.nextLong(2000, 9000) : Visit.NO_DEADLINE;
            visits.add(new Visit("v" + i, "v" + i, new Location(1 + random.nextInt(11), 0, 0), random.nextLong(60, 900),
                    windows, Set.of(), zones, Visit.DEFAULT_PRIORITY, deadline, null, 0));
        }
        int size = 12;
        int[] t = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                t[i * size + j] = Math.abs(i - j) * 60;
            }
        }
        t[2 * size + 7] = TravelMatrix.UNREACHABLE; // no road from 2 to 7, from 9 to 4, from 11 home
        t[9 * size + 4] = TravelMatrix.UNREACHABLE;
        t[11 * size] = TravelMatrix.UNREACHABLE;
        int[] metres = t.clone();
        return new FieldPlan(DAY.atStartOfDay(), List.of(tech), List.of(), shifts, visits, TravelMatrix.of(size, t, metres));
    }
}
