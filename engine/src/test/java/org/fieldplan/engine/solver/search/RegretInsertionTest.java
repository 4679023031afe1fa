package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.config.solver.SolverConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.testing.IndependentChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The regret orders of the construction's first command ({@link RegretInsertion}): no hard rule broken, at least every
 * visit the quick order (tightest window first) places, routes already there and pinned prefixes kept.
 */
class RegretInsertionTest {

    static final int TECHNICIANS = 12;
    /** Visits of a day on which the quick order places every one. */
    static final int ROOMY = 90;
    /** Visits of a day on which it leaves some out. */
    static final int CROWDED = 220;

    /** The construction's first command alone, run by Timefold (full assert: every move's score checked). */
    private static FieldPlan construct(FieldPlan problem, InsertionConstruction.FirstOrder order) {
        SolverConfig config = SolverConfigs.solverConfig(SolverSettings.ofSeconds(60).withFullAssert(true));
        config.setPhaseConfigList(List.of(SearchPhases.quickConstruction(order)));
        return new PlanSolver().solveWithStatistics(problem, config, ProgressListener.NONE).plan();
    }

    private static Set<String> placed(FieldPlan plan) {
        Set<String> ids = new HashSet<>();
        for (Shift shift : plan.getShifts()) {
            for (Visit visit : shift.getVisits()) {
                ids.add(visit.getId());
            }
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(value = InsertionConstruction.FirstOrder.class, names = {"REGRET_2", "REGRET_3"})
    void breaksNoHardRuleAndPlacesWhatTheQuickOrderPlaces(InsertionConstruction.FirstOrder order) {
        // a roomy day (the quick order places every visit) and a crowded one (it leaves some out); windows, skills,
        // zone segments, breaks and deadlines as SyntheticProblem draws them
        for (long seed : new long[] {3L, 11L}) {
            for (int visits : new int[] {ROOMY, CROWDED}) {
                FieldPlan quick = construct(new SyntheticProblem(visits, TECHNICIANS, 1, 8.0, seed).generate(),
                        InsertionConstruction.FirstOrder.TIGHTEST_WINDOW);
                FieldPlan regret = construct(new SyntheticProblem(visits, TECHNICIANS, 1, 8.0, seed).generate(), order);
                String what = order + ", seed " + seed + ", " + visits + " visits";
                assertThat(IndependentChecker.violations(regret)).as(what).isEmpty();
                assertThat(regret.getScore().hardScore()).as(what).isZero();
                assertThat(regret.unassignedCount()).as(what).isLessThanOrEqualTo(quick.unassignedCount());
                if (quick.unassignedCount() == 0) {
                    assertThat(placed(regret)).as(what).containsAll(placed(quick));
                }
            }
        }
    }

    @Test
    void whenRegretAloneLeavesOutMoreTheQuickOrdersPlanIsKept() {
        // 260 visits for 8 technicians, seed 11: regret-2 alone leaves out more visits than the quick order (it fills
        // routes by place, not by the windows' order)
        FieldPlan problem = new SyntheticProblem(260, 8, 1, 8.0, 11L).generate();
        SearchModel model = new SearchModel(problem, 0);
        int[][] routes = model.currentRoutes();
        List<Integer> order = model.unassignedVisits(routes);
        InsertionConstruction.Result alone = RegretInsertion.build(model, new RuinRecreate.CostWeights(4, 0, 4), routes,
                new int[model.shiftCount()], order, 2, () -> false, true);
        InsertionConstruction.Result quick = new InsertionConstruction().first(model, () -> false);
        assertThat(alone).isNotNull();
        assertThat(alone.left()).isGreaterThan(quick.left());

        InsertionConstruction.Result first = new InsertionConstruction(InsertionConstruction.FirstOrder.REGRET_2)
                .first(model, () -> false);
        assertThat(first.left()).isEqualTo(quick.left());
        FieldPlan constructed = construct(new SyntheticProblem(260, 8, 1, 8.0, 11L).generate(),
                InsertionConstruction.FirstOrder.REGRET_2);
        assertThat(constructed.unassignedCount()).isEqualTo(quick.left());
        assertThat(IndependentChecker.violations(constructed)).isEmpty();
    }

    @Test
    void stopsWithinSixteenInsertionsOfTheSolversTermination() {
        FieldPlan problem = new SyntheticProblem(ROOMY, TECHNICIANS, 1, 8.0, 3L).generate();
        SearchModel model = new SearchModel(problem, 0);
        InsertionConstruction regret = new InsertionConstruction(InsertionConstruction.FirstOrder.REGRET_2);
        // terminated from the start: nothing placed, and the quick order is not tried after it
        assertThat(regret.first(model, () -> true).insertions()).isEmpty();
        // it looks at the termination once per 16 visits while filling the costs (6 looks for 90 visits), then once per
        // 16 steps: terminated at the second look after the filling, it has placed at most 31 visits
        int[] looks = {0};
        int fillLooks = (ROOMY + InsertionConstruction.CHECK_EVERY - 1) / InsertionConstruction.CHECK_EVERY;
        InsertionConstruction.Result partial = regret.first(model, () -> ++looks[0] > fillLooks + 1);
        assertThat(partial.insertions()).isNotEmpty();
        assertThat(partial.insertions().size()).isLessThanOrEqualTo(2 * InsertionConstruction.CHECK_EVERY);
        assertThat(partial.left()).isEqualTo(ROOMY - partial.insertions().size());
    }

    @Test
    void theRoomyAndTheCrowdedDayAreWhatTheTestAbove() {
        // the test above must see both cases: every visit placed by the quick order, and some left out
        for (long seed : new long[] {3L, 11L}) {
            assertThat(construct(new SyntheticProblem(ROOMY, TECHNICIANS, 1, 8.0, seed).generate(),
                    InsertionConstruction.FirstOrder.TIGHTEST_WINDOW).unassignedCount()).isZero();
            assertThat(construct(new SyntheticProblem(CROWDED, TECHNICIANS, 1, 8.0, seed).generate(),
                    InsertionConstruction.FirstOrder.TIGHTEST_WINDOW).unassignedCount()).isPositive();
        }
    }

    @Test
    void keepsTheRoutesAlreadyThereAndThePinnedPrefixes() {
        FieldPlan problem = new SyntheticProblem(ROOMY, TECHNICIANS, 1, 8.0, 5L).generate();
        // a warm start: the quick order's routes, cut to their first three visits; the first two of every other
        // shift pinned
        FieldPlan earlier = construct(new SyntheticProblem(ROOMY, TECHNICIANS, 1, 8.0, 5L).generate(),
                InsertionConstruction.FirstOrder.TIGHTEST_WINDOW);
        List<List<String>> kept = new ArrayList<>();
        for (int s = 0; s < problem.getShifts().size(); s++) {
            Shift shift = problem.getShifts().get(s);
            List<Visit> route = earlier.getShifts().get(s).getVisits();
            List<String> ids = new ArrayList<>();
            for (Visit visit : route.subList(0, Math.min(3, route.size()))) {
                Visit same = problem.getVisits().stream().filter(v -> v.getId().equals(visit.getId())).findFirst()
                        .orElseThrow();
                shift.getVisits().add(same);
                ids.add(same.getId());
            }
            kept.add(ids);
        }
        int pinnedShifts = 0;
        for (int s = 0; s < problem.getShifts().size(); s += 2) {
            Shift shift = problem.getShifts().get(s);
            if (shift.getVisits().size() >= 2) {
                shift.pinVisits(2);
                pinnedShifts++;
            }
        }
        assertThat(pinnedShifts).isPositive();

        FieldPlan regret = construct(problem, InsertionConstruction.FirstOrder.REGRET_2);

        assertThat(IndependentChecker.violations(regret)).isEmpty();
        assertThat(regret.getScore().hardScore()).isZero();
        for (int s = 0; s < regret.getShifts().size(); s++) {
            List<String> route = regret.getShifts().get(s).getVisits().stream().map(Visit::getId).toList();
            // the visits already there stay in their shift, in their order
            if (!kept.get(s).isEmpty()) {
                assertThat(route).as("shift " + s).containsSubsequence(kept.get(s));
            }
            if (s % 2 == 0 && kept.get(s).size() >= 2) {
                assertThat(route.subList(0, 2)).as("pinned prefix of shift " + s).isEqualTo(kept.get(s).subList(0, 2));
            }
        }
        assertThat(regret.unassignedCount()).isLessThanOrEqualTo(earlier.unassignedCount());
    }

    @Test
    void placesAVisitGroupWholeOrNotAtAll() {
        FieldPlan base = new SyntheticProblem(ROOMY, TECHNICIANS, 1, 8.0, 7L).generate();
        List<Visit> visits = new ArrayList<>(base.getVisits());
        Visit anchor = visits.getFirst();
        long start = base.getShifts().getFirst().getStartTime() + 2 * 3600; // 10:00, both start together
        List<Visit> pair = VisitGroup.members("pair", "two people", anchor.getLocation(), 1800, start,
                List.of(Set.of(), Set.of()), anchor.getZones(), Visit.DEFAULT_PRIORITY, Visit.NO_DEADLINE);
        visits.addAll(pair);
        FieldPlan problem = new FieldPlan(base.getOrigin(), base.getTechnicians(), base.getZones(),
                base.getShifts(), visits, base.getTravelMatrix());

        FieldPlan regret = construct(problem, InsertionConstruction.FirstOrder.REGRET_2);

        assertThat(IndependentChecker.violations(regret)).isEmpty();
        assertThat(regret.getScore().hardScore()).isZero();
        Set<String> placed = placed(regret);
        assertThat(pair).allMatch(v -> placed.contains(v.getId()));
        Set<String> technicians = new HashSet<>();
        for (Shift shift : regret.getShifts()) {
            for (Visit visit : shift.getVisits()) {
                if (visit.getId().startsWith("pair#")) {
                    technicians.add(shift.getTechnician().id());
                }
            }
        }
        assertThat(technicians).hasSize(2);
    }
}
