package org.fieldplan.engine.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.testing.IndependentChecker;
import org.junit.jupiter.api.Test;

class PlanSolverTest {

    private static final long SEED = 7L;

    @Test
    void solvesASmallCityProblemFeasiblyWithEveryVisitAssigned() {
        // 60 visits, 5 technicians, 2 days: windows, deadlines, zones, skills, floating lunch
        FieldPlan problem = new SyntheticProblem(60, 5, 2, 6.0, SEED).generate();
        List<Progress> progress = new ArrayList<>();
        SolverSettings settings = new SolverSettings(Duration.ofSeconds(20), Duration.ofSeconds(3), SEED, false);

        FieldPlan solved = new PlanSolver().solve(problem, settings, progress::add);

        assertThat(IndependentChecker.violations(solved)).as("violations (seed %d)", SEED).isEmpty();
        Set<String> routed = new HashSet<>();
        solved.getShifts().forEach(s -> s.getVisits().forEach(v -> routed.add(v.getId())));
        assertThat(routed).hasSize(60);
        assertThat(solved.getScore()).isNotNull();
        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(solved.getScore().mediumScore()).isZero();
        assertThat(progress).isNotEmpty();
        Progress last = progress.get(progress.size() - 1);
        assertThat(last.score()).isEqualTo(solved.getScore());
        assertThat(last.assigned()).isEqualTo(60);
        assertThat(last.unassigned()).isZero();
        assertThat(last.travelSeconds()).isEqualTo(IndependentChecker.travelSeconds(solved)).isPositive();
    }

    @Test
    void incrementalScoreMatchesAFromScratchRecomputation() {
        // FULL_ASSERT: Timefold recomputes the score from scratch after every move and fails on any difference
        FieldPlan problem = new SyntheticProblem(25, 3, 2, 5.0, SEED).generate();
        SolverSettings settings = new SolverSettings(Duration.ofSeconds(6), null, SEED, true);

        FieldPlan solved = new PlanSolver().solve(problem, settings, ProgressListener.NONE);

        // and independently: rebuild the plan from its routes with fresh objects and score it from scratch
        FieldPlan rebuilt = rebuildFromRoutes(solved);
        HardMediumSoftScore fromScratch = PlanSolver.score(rebuilt);
        assertThat(solved.getScore()).isEqualTo(fromScratch);
    }

    @Test
    void pinnedVisitsNeverMove() {
        Technician anna = tech("anna");
        Technician boris = tech("boris");
        // pinned in a poor order (far, near), on anna's shift: a free solver would reorder or move them
        Visit far = visit("far", 8).build();
        Visit near = visit("near", 1).build();
        Visit free1 = visit("free1", 2).build();
        Visit free2 = visit("free2", 7).build();
        Shift a = shift("a", anna).route(far, near).build();
        Shift b = shift("b", boris).build();
        a.pinVisits(2);
        FieldPlan problem = plan(List.of(a, b), List.of(far, near, free1, free2));

        FieldPlan solved = new PlanSolver().solve(problem, quick(), ProgressListener.NONE);

        Shift solvedA = solved.getShifts().stream().filter(s -> s.getId().equals("a")).findFirst().orElseThrow();
        assertThat(solvedA.getVisits().subList(0, 2)).extracting(Visit::getId).containsExactly("far", "near");
        assertThat(solved.unassignedCount()).isZero();
    }

    @Test
    void warmStartKeepsThePreviousPlanAsTheStartingPoint() {
        FieldPlan problem = new SyntheticProblem(30, 3, 1, 5.0, SEED).generate();
        FieldPlan first = new PlanSolver().solve(problem, quick(), ProgressListener.NONE);

        List<Progress> progress = new ArrayList<>();
        FieldPlan second = new PlanSolver().solve(first,
                new SolverSettings(Duration.ofMillis(300), null, SEED + 1, false), progress::add);

        // solving from the previous plan can only keep or improve it
        assertThat(second.getScore()).isGreaterThanOrEqualTo(first.getScore());
        assertThat(second.unassignedCount()).isEqualTo(first.unassignedCount());
    }

    @Test
    void multiDayVisitGoesToAShiftBeforeItsDeadline() {
        Technician anna = tech("anna");
        // only day 1 has room: but the visit's deadline is day 0 evening, so it must take the (costly) day-0 shift
        Visit urgent = visit("urgent", 9).duration(3600).deadline(at(0, 18, 0)).build();
        Visit filler = visit("filler", 1).duration(1800).build();
        Shift day0 = shift("d0", anna).build();
        Shift day1 = shift("d1", anna).day(1).build();
        FieldPlan problem = plan(List.of(day0, day1), List.of(urgent, filler));

        FieldPlan solved = new PlanSolver().solve(problem, quick(), ProgressListener.NONE);

        Visit solvedUrgent = solved.getVisits().stream().filter(v -> v.getId().equals("urgent")).findFirst().orElseThrow();
        assertThat(solvedUrgent.getShift()).isNotNull();
        assertThat(solvedUrgent.getShift().getId()).isEqualTo("d0");
        assertThat(IndependentChecker.violations(solved)).isEmpty();
    }

    @Test
    void travelOnlyWeightsCountOnlyHardUnassignedAndTravel() {
        Technician anna = tech("anna");
        Technician boris = tech("boris");
        // waiting (window at 10:00), preferred technician not used, unfair workload and overtime all present
        Visit v = visit("v1", 3).window(at(10, 0), at(11, 0)).preferred(boris).duration(3600).build();
        Shift a = shift("a", anna).times(at(8, 0), at(9, 0), at(18, 0)).route(v).build();
        Shift b = shift("b", boris).build();
        FieldPlan p = plan(List.of(a, b), List.of(v));
        p.setConstraintWeightOverrides(ConstraintWeights.travelOnly());

        HardMediumSoftScore score = PlanSolver.score(p);

        // only travel: 0 -> 3 -> 0 = 1,800 + 1,800 s
        assertThat(score).isEqualTo(HardMediumSoftScore.of(0, 0, -3_600));
    }

    private static SolverSettings quick() {
        return new SolverSettings(Duration.ofSeconds(2), null, SEED, false);
    }

    /** A copy of a plan made of new Shift/Visit objects in the same routes (no shadow state carried over). */
    static FieldPlan rebuildFromRoutes(FieldPlan plan) {
        List<Visit> visits = new ArrayList<>();
        java.util.Map<String, Visit> byId = new java.util.HashMap<>();
        for (Visit v : plan.getVisits()) {
            Visit copy = new Visit(v.getId(), v.getLabel(), v.getLocation(), v.getServiceDuration(), v.getTimeWindows(),
                    v.getRequiredSkills(), v.getZones(), v.getPriority(), v.getDeadline(), v.getPreferredTechnician(),
                    v.getDemand());
            visits.add(copy);
            byId.put(copy.getId(), copy);
        }
        List<Shift> shifts = new ArrayList<>();
        for (Shift s : plan.getShifts()) {
            Shift copy = new Shift(s.getId(), s.getTechnician(), s.getDay(), s.getStartLocation(), s.getEndLocation(),
                    s.getStartTime(), s.getNominalEnd(), s.getLatestEnd(), s.getZoneSegments(), s.getBreaks(),
                    s.getCapacity());
            s.getVisits().forEach(v -> copy.getVisits().add(byId.get(v.getId())));
            shifts.add(copy);
        }
        FieldPlan copy = new FieldPlan(plan.getOrigin(), plan.getTechnicians(), plan.getZones(), shifts, visits,
                plan.getTravelMatrix());
        copy.setConstraintWeightOverrides(plan.getConstraintWeightOverrides());
        return copy;
    }
}
