package org.fieldplan.engine.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.Progress;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.testing.IndependentChecker;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.junit.jupiter.api.Test;

/**
 * The partitioned solve against a plain solve of the same small problem: a seeded city of 100 visits (four zones,
 * skills, windows) and 8 technicians, split into three parts.
 */
class PartitionedSolverTest {

    private static final SyntheticProblem SPEC = new SyntheticProblem(100, 8, 1, 8.0, 10, 30, 7);
    private static final StraightLineTravelTimes TRAVEL = new StraightLineTravelTimes(30, 1.3);

    private static RegionProblem region(FieldPlan plan) {
        return new RegionProblem(plan.getOrigin(), plan.getTechnicians(), plan.getZones(), plan.getShifts(),
                plan.getVisits());
    }

    @Test
    void breaksNoHardRuleAndPlacesAsManyVisitsAsAPlainSolve() {
        FieldPlan plain = new PlanSolver().solve(SPEC.generate(), SolverSettings.ofSeconds(10).withRandomSeed(1),
                ProgressListener.NONE);

        FieldPlan generated = SPEC.generate();
        RegionProblem problem = region(generated);
        List<Progress> seen = new ArrayList<>();
        RegionPlan result = new PartitionedSolver(TRAVEL).solve(problem,
                new PartitionSettings(Duration.ofSeconds(12), 40, 0.3, 1), p -> {
                    synchronized (seen) {
                        seen.add(p);
                    }
                });

        assertThat(result.partCount()).isEqualTo(3);
        assertThat(result.boundaryRuns()).isPositive();
        FieldPlan whole = result.toFieldPlan(problem, generated.getTravelMatrix());
        HardMediumSoftScore score = PlanSolver.score(whole);
        assertThat(score.hardScore()).isZero();
        assertThat(IndependentChecker.violations(whole)).isEmpty();
        assertThat(whole.assignedCount()).isGreaterThanOrEqualTo(plain.assignedCount());
        // the summary is the plan's, counted from the routes
        assertThat(result.progress().assigned()).isEqualTo(whole.assignedCount());
        assertThat(result.progress().travelSeconds()).isEqualTo(whole.travelSeconds());
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(0).unassigned()).isGreaterThan(result.progress().unassigned());
        // where the time went: the stages in order, each after the one before, one CPU figure per unit
        List<String> names = result.stages().stream().map(RegionPlan.Stage::name).toList();
        assertThat(names).startsWith("construction", "rehome", "parts travel search");
        // the local search round is left out when the travel search ended less than 3 s before the boundary pass
        int boundaryFrom = names.get(3).equals("parts local search") ? 4 : 3;
        assertThat(names.subList(boundaryFrom, names.size())).isNotEmpty().allMatch(n -> n.startsWith("boundary round "));
        for (int i = 1; i < result.stages().size(); i++) {
            RegionPlan.Stage before = result.stages().get(i - 1);
            assertThat(result.stages().get(i).started()).isGreaterThanOrEqualTo(before.started().plus(before.wall()));
        }
        assertThat(result.stages().get(0).unitCpu()).hasSize(3).allMatch(c -> c > 0);
        assertThat(result.stages().get(1).unitCpu()).isEmpty();
        RegionPlan.Stage last = result.stages().get(result.stages().size() - 1);
        assertThat(last.after().travelSeconds()).isEqualTo(result.progress().travelSeconds());
        assertThat(last.after().unassigned()).isEqualTo(result.progress().unassigned());
    }

    @Test
    void theEarlyBoundaryRoundRunsThePairsAndTheUnpairedPartsAfterThePartsTravelSearchAndBreaksNoHardRule() {
        FieldPlan generated = SPEC.generate();
        RegionProblem problem = region(generated);
        // 22 s with a 5% boundary pass: the parts' travel search gets 40% of ~20 s, the early round the last 40% of it
        RegionPlan result = new PartitionedSolver(TRAVEL).solve(problem,
                new PartitionSettings(Duration.ofSeconds(22), 40, 0.05, 1).withEarlyBoundary(true), p -> { });

        List<String> names = result.stages().stream().map(RegionPlan.Stage::name).toList();
        assertThat(names).startsWith("construction", "rehome", "parts travel search", "early boundary travel search");
        // three parts: the nearest pair together and the third alone, so every part goes on
        assertThat(result.stages().get(3).unitCpu()).hasSize(2);
        FieldPlan whole = result.toFieldPlan(problem, generated.getTravelMatrix());
        assertThat(PlanSolver.score(whole).hardScore()).isZero();
        assertThat(IndependentChecker.violations(whole)).isEmpty();
        assertThat(result.progress().assigned()).isEqualTo(whole.assignedCount());
        assertThat(result.stages().get(3).after().unassigned())
                .isLessThanOrEqualTo(result.stages().get(2).after().unassigned());
    }

    @Test
    void withoutTheTravelSearchThePartsRunTheLocalSearchAloneAndBreakNoHardRule() {
        FieldPlan generated = SPEC.generate();
        RegionProblem problem = region(generated);
        RegionPlan result = new PartitionedSolver(TRAVEL).solve(problem,
                new PartitionSettings(Duration.ofSeconds(6), 40, 0.3, 1).withTravelSearch(false), p -> { });

        List<String> names = result.stages().stream().map(RegionPlan.Stage::name).toList();
        assertThat(names).startsWith("construction", "rehome", "parts local search").doesNotContain("parts travel search");
        FieldPlan whole = result.toFieldPlan(problem, generated.getTravelMatrix());
        assertThat(PlanSolver.score(whole).hardScore()).isZero();
        assertThat(IndependentChecker.violations(whole)).isEmpty();
        assertThat(result.progress().assigned()).isEqualTo(whole.assignedCount());
    }

    @Test
    void splitKeepsEveryShiftWholeAndGivesEveryVisitAPartWhereSomeoneCouldServeIt() {
        FieldPlan generated = new SyntheticProblem(600, 30, 1, 12.0, 11).generate();
        List<Partitioner.Part> parts = Partitioner.split(generated.getShifts(), generated.getVisits(), 150, 3);

        assertThat(parts).hasSize(4);
        Set<Shift> shifts = new HashSet<>();
        Set<Visit> visits = new HashSet<>();
        for (Partitioner.Part part : parts) {
            part.shifts().forEach(s -> assertThat(shifts.add(s)).as("shift %s in one part only", s).isTrue());
            part.visits().forEach(v -> assertThat(visits.add(v)).as("visit %s in one part only", v).isTrue());
            assertThat(part.visits().size()).as("part size").isBetween(100, 200);
            for (Visit v : part.visits()) {
                boolean anyone = generated.getShifts().stream().anyMatch(s -> Partitioner.couldServe(s, v));
                if (anyone) {
                    assertThat(part.shifts()).as("a shift for %s in its part", v)
                            .anyMatch(s -> Partitioner.couldServe(s, v));
                }
            }
        }
        assertThat(shifts).containsExactlyInAnyOrderElementsOf(generated.getShifts());
        assertThat(visits).containsExactlyInAnyOrderElementsOf(generated.getVisits());
    }

    /** {@code plan}'s problem with every tenth visit turned into a two-person job at its window's start. */
    private static FieldPlan withPairs(FieldPlan plan) {
        List<Visit> visits = new ArrayList<>();
        for (int i = 0; i < plan.getVisits().size(); i++) {
            Visit v = plan.getVisits().get(i);
            if (i % 10 == 0) {
                visits.addAll(org.fieldplan.engine.domain.VisitGroup.members(v.getId(), v.getLabel(), v.getLocation(),
                        v.getServiceDuration(), org.fieldplan.engine.domain.VisitGroup.startInside(v.getTimeWindows(),
                                10 * 3600), List.of(v.getRequiredSkills(), Set.of()), v.getZones(), v.getPriority(),
                        v.getDeadline()));
            } else {
                visits.add(v);
            }
        }
        return new FieldPlan(plan.getOrigin(), plan.getTechnicians(), plan.getZones(), plan.getShifts(), visits,
                plan.getTravelMatrix());
    }

    @Test
    void visitGroupsStayWholeInOnePartAndArePlannedWholeStartingTogether() {
        FieldPlan generated = withPairs(SPEC.generate());
        List<Partitioner.Part> parts = Partitioner.split(generated.getShifts(), generated.getVisits(), 40, 1);
        for (Partitioner.Part part : parts) {
            for (Visit v : part.visits()) {
                if (v.getGroup() != null) {
                    assertThat(part.visits().stream().filter(w -> v.getGroup().equals(w.getGroup())).count())
                            .as("members of %s in one part", v.getGroup().id()).isEqualTo(2);
                }
            }
        }
        RegionProblem problem = region(generated);
        RegionPlan result = new PartitionedSolver(TRAVEL).solve(problem,
                new PartitionSettings(Duration.ofSeconds(8), 40, 0.3, 1), ProgressListener.NONE);
        FieldPlan whole = result.toFieldPlan(problem, generated.getTravelMatrix());
        assertThat(PlanSolver.score(whole).hardScore()).isZero();
        assertThat(IndependentChecker.violations(whole)).isEmpty();
        long groupsPlanned = whole.getShifts().stream().flatMap(s -> s.getVisits().stream())
                .filter(v -> v.getGroup() != null).count();
        assertThat(groupsPlanned).as("pair members planned").isPositive().isEven();
    }

    @Test
    void drawnAgainThePartsGoOnWithTheTravelSearchAndBreakNoHardRule() {
        FieldPlan generated = SPEC.generate();
        RegionProblem problem = region(generated);
        List<Progress> seen = new ArrayList<>();
        // 22 s with a 5% boundary pass: the parts' travel search gets 40% of ~20 s, half of it in the first drawing, the
        // other half (at least 3 s) in the second
        RegionPlan result = new PartitionedSolver(TRAVEL).solve(problem,
                new PartitionSettings(Duration.ofSeconds(22), 40, 0.05, 1).withRedraws(1), p -> {
                    synchronized (seen) {
                        seen.add(p);
                    }
                });

        List<String> names = result.stages().stream().map(RegionPlan.Stage::name).toList();
        assertThat(names).startsWith("construction", "rehome", "parts travel search",
                "parts drawn again 1, travel search");
        FieldPlan whole = result.toFieldPlan(problem, generated.getTravelMatrix());
        assertThat(PlanSolver.score(whole).hardScore()).isZero();
        assertThat(IndependentChecker.violations(whole)).isEmpty();
        // every visit is counted once whatever part it is in: the region's progress is the plan's
        assertThat(result.progress().assigned()).isEqualTo(whole.assignedCount());
        assertThat(result.progress().travelSeconds()).isEqualTo(whole.travelSeconds());
        synchronized (seen) {
            assertThat(seen).allMatch(p -> p.assigned() + p.unassigned() == generated.getVisits().size());
        }
        // a drawing starts from the plan before it (each part's warm start is its first best), so the unassigned
        // visits' priorities (the medium level, which outweighs all soft rules) never get worse
        RegionPlan.Stage drawn = result.stages().get(3);
        RegionPlan.Stage before = result.stages().get(2);
        assertThat(drawn.after().score().mediumScore()).isGreaterThanOrEqualTo(before.after().score().mediumScore());
        assertThat(drawn.unitCpu()).isNotEmpty().allMatch(c -> c > 0);
    }

    @Test
    void drawingThePartsAgainKeepsEveryRoutedVisitWithItsShiftAndMovesBorders() {
        FieldPlan generated = new SyntheticProblem(600, 30, 1, 12.0, 11).generate();
        // routes by hand: each shift takes a few visits it could serve
        List<Shift> shifts = generated.getShifts();
        int next = 0;
        for (Visit v : generated.getVisits()) {
            Shift s = shifts.get(next++ % shifts.size());
            if (s.getVisits().size() < 8 && Partitioner.couldServe(s, v)) {
                s.getVisits().add(v);
            }
        }
        List<Partitioner.Part> first = Partitioner.split(shifts, generated.getVisits(), 150, 1);
        List<Partitioner.Part> second = Partitioner.split(shifts, generated.getVisits(), 150, 7920);

        for (List<Partitioner.Part> parts : List.of(first, second)) {
            for (Partitioner.Part part : parts) {
                for (Shift s : part.shifts()) {
                    assertThat(part.visits()).as("the route of %s in its part", s.getId()).containsAll(s.getVisits());
                }
            }
        }
        // another seed draws other borders: some pair of shifts shares a part in one drawing and not in the other
        java.util.Map<String, Integer> a = Partitioner.partOfShift(first);
        java.util.Map<String, Integer> b = Partitioner.partOfShift(second);
        boolean moved = false;
        for (Shift x : shifts) {
            for (Shift y : shifts) {
                boolean togetherA = a.get(x.getId()).equals(a.get(y.getId()));
                boolean togetherB = b.get(x.getId()).equals(b.get(y.getId()));
                moved |= togetherA != togetherB;
            }
        }
        assertThat(moved).isTrue();
    }
}
