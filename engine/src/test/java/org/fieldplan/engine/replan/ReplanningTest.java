package org.fieldplan.engine.replan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.junit.jupiter.api.Test;

class ReplanningTest {

    private static Map<String, Visit> byId(FieldPlan plan) {
        return plan.getVisits().stream().collect(Collectors.toMap(Visit::getId, Function.identity()));
    }

    @Test
    void fromPinsWhatStartedDropsTheAbsentTechniciansDoneWorkAndFreesTheRest() {
        // line matrix, 600 s per step: anna 08:10-08:40 (v1), 08:50-09:20 (v2), 09:30-10:00 (v3);
        // boris 08:10-08:40 (v4), then waits at location 3 for v6's window 10:00-12:00
        Visit v1 = visit("v1", 1).build();
        Visit v2 = visit("v2", 2).build();
        Visit v3 = visit("v3", 3).build();
        Visit v4 = visit("v4", 1).build();
        Visit v6 = visit("v6", 3).window(at(10, 0), at(12, 0)).build();
        Visit urgent = visit("u1", 4).build();
        FieldPlan published = plan(List.of(shift("s1", tech("anna")).route(v1, v2, v3).build(),
                shift("s2", tech("boris")).route(v4, v6).build()), List.of(v1, v2, v3, v4, v6));
        PlanSolver.score(published);
        Replanning.publish(published, 1800, 1800);

        FieldPlan problem = Replanning.from(published, at(9, 0), Set.of("boris"), List.of(urgent));

        assertThat(problem.getShifts()).extracting(Shift::getId).containsExactly("s1");
        Shift anna = problem.getShifts().get(0);
        assertThat(anna.getVisits()).extracting(Visit::getId).containsExactly("v1", "v2", "v3");
        assertThat(anna.getPinnedVisitCount()).isEqualTo(2); // v2 started at 08:50
        Map<String, Visit> visits = byId(problem);
        assertThat(visits.keySet()).containsExactlyInAnyOrder("v1", "v2", "v3", "v6", "u1"); // v4 was done
        assertThat(visits.get("v6").isAssigned()).isFalse();
        assertThat(visits.get("v6").getPublished().technicianId()).isEqualTo("boris");
        assertThat(visits.get("v6").getTimeWindows()).containsExactly(new TimeWindow(at(10, 0), at(12, 0)));
        assertThat(visits.get("v3").getTimeWindows().get(0).start()).isEqualTo(at(9, 0));
        assertThat(visits.get("u1").getTimeWindows().get(0).start()).isEqualTo(at(9, 0));
        assertThat(visits.get("v3").getPublished().start()).isEqualTo(at(9, 30));
        // the published plan itself is unchanged
        assertThat(published.getShifts()).hasSize(2);
        assertThat(v6.getShift().getId()).isEqualTo("s2");
    }

    /** A 60-visit, 6-technician day solved for 5 s (seed 3) and published: what the two replan comparisons start from. */
    private static FieldPlan publishedSixtyVisitDay() {
        SyntheticProblem spec = new SyntheticProblem(60, 6, 1, 8.0, 10, 30, 5);
        FieldPlan published = new PlanSolver().solve(spec.generate(), SolverSettings.ofSeconds(5).withRandomSeed(3),
                ProgressListener.NONE);
        Replanning.publish(published, 3600, 3600);
        return published;
    }

    @Test
    void theMinimalChangeRuleMovesFewerVisitsThanAReplanWithoutIt() {
        FieldPlan published = publishedSixtyVisitDay();
        long now = at(11, 0);
        Set<String> absentVisits = new HashSet<>();
        published.getShifts().stream().filter(s -> s.getTechnician().id().equals("t0"))
                .forEach(s -> s.getVisits().forEach(v -> absentVisits.add(v.getId())));

        FieldPlan kept = replan(published, now, 1);
        FieldPlan free = replan(published, now, 0);

        assertThat(kept.getScore().hardScore()).isZero();
        assertThat(free.getScore().hardScore()).isZero();
        long keptMoved = movedOthers(kept, absentVisits);
        long freeMoved = movedOthers(free, absentVisits);
        assertThat(keptMoved).isLessThan(freeMoved);
        // what had started stays exactly where it was published
        for (Visit v : kept.getVisits()) {
            if (v.isPinned()) {
                assertThat(v.getStartTime()).isEqualTo(v.getPublished().start());
                assertThat(v.isMovedFromPublishedTechnician()).isFalse();
            }
        }
    }

    /**
     * The replan ({@link Replanning#solve}): the answer carries the problem's own weights (the first
     * round's weight 0 does not leak), what started stays where it was published, the problem is not changed, and it
     * leaves at least as many out as {@link UnassignedBound} says every feasible replan must.
     */
    @Test
    void theUnassignedFirstReplanEndsWithTheProblemsWeightsAndKeepsWhatStarted() {
        FieldPlan published = publishedSixtyVisitDay();
        FieldPlan problem = Replanning.from(published, at(11, 0), Set.of("t0"), List.of());
        problem.setConstraintWeightOverrides(ConstraintWeights.minimalChange(1));
        int unassignedBefore = problem.unassignedCount();

        // 5 s: a sixth is not whole milliseconds of a Duration divided (Timefold refuses nanoseconds)
        FieldPlan solved = Replanning.solve(problem, SolverSettings.ofSeconds(5).withRandomSeed(3), ProgressListener.NONE);

        assertThat(solved.getConstraintWeightOverrides().getConstraintWeight("publishedVisitChanged"))
                .isEqualTo(ai.timefold.solver.core.api.score.HardMediumSoftScore.ofSoft(1));
        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(problem.unassignedCount()).as("the problem is not changed").isEqualTo(unassignedBefore);
        for (Visit v : solved.getVisits()) {
            if (v.isPinned()) {
                assertThat(v.getStartTime()).isEqualTo(v.getPublished().start());
                assertThat(v.isMovedFromPublishedTechnician()).isFalse();
            }
        }
        // scored again from scratch with the problem's weights, the answer's score is the one it reports
        HardMediumSoftScore reported = solved.getScore();
        assertThat(PlanSolver.score(solved)).isEqualTo(reported);
        // a feasible replan never leaves fewer out than the lower bound says every feasible replan must
        assertThat(solved.unassignedCount()).isGreaterThanOrEqualTo(UnassignedBound.of(problem, at(11, 0)).bound());
    }

    /**
     * {@link Replanning#replan} (the replan's phases: a travel search charging the minimal-change rule, then local
     * search): it breaks no hard rule, keeps what started where it was published, reports the score the problem's
     * weights give, leaves at least as many out as {@link UnassignedBound} says, and with the rule moves fewer of the
     * others than the same phases without it (weight 0: nothing charged for a move).
     */
    @Test
    void theReplanPhasesKeepWhatStartedAndMoveFewerOthersWithTheRule() {
        FieldPlan published = publishedSixtyVisitDay();
        long now = at(11, 0);
        Set<String> absentVisits = new HashSet<>();
        published.getShifts().stream().filter(s -> s.getTechnician().id().equals("t0"))
                .forEach(s -> s.getVisits().forEach(v -> absentVisits.add(v.getId())));
        FieldPlan problem = Replanning.from(published, now, Set.of("t0"), List.of());
        problem.setConstraintWeightOverrides(ConstraintWeights.minimalChange(1));
        FieldPlan free = Replanning.from(published, now, Set.of("t0"), List.of());
        free.setConstraintWeightOverrides(ConstraintWeights.minimalChange(0));

        FieldPlan kept = Replanning.replan(problem, SolverSettings.ofSeconds(4).withRandomSeed(3), ProgressListener.NONE);
        FieldPlan moved = Replanning.replan(free, SolverSettings.ofSeconds(4).withRandomSeed(3), ProgressListener.NONE);

        assertThat(kept.getScore().hardScore()).isZero();
        assertThat(moved.getScore().hardScore()).isZero();
        for (Visit v : kept.getVisits()) {
            if (v.isPinned()) {
                assertThat(v.getStartTime()).isEqualTo(v.getPublished().start());
                assertThat(v.isMovedFromPublishedTechnician()).isFalse();
            }
        }
        HardMediumSoftScore reported = kept.getScore();
        assertThat(PlanSolver.score(kept)).isEqualTo(reported);
        assertThat(kept.unassignedCount()).isGreaterThanOrEqualTo(UnassignedBound.of(problem, now).bound());
        assertThat(movedOthers(kept, absentVisits)).isLessThan(movedOthers(moved, absentVisits));
    }

    private static FieldPlan replan(FieldPlan published, long now, long weight) {
        FieldPlan problem = Replanning.from(published, now, Set.of("t0"), List.of());
        problem.setConstraintWeightOverrides(ConstraintWeights.minimalChange(weight));
        return new PlanSolver().solve(problem, SolverSettings.ofSeconds(5).withRandomSeed(3), ProgressListener.NONE);
    }

    private static long movedOthers(FieldPlan replanned, Set<String> absentVisits) {
        return ReplanChanges.of(replanned).moved().stream().filter(m -> !absentVisits.contains(m.visitId())).count();
    }

    @Test
    void aGroupWhoseAbsentMemberHadStartedLeavesTheOthersAsLoneVisits() {
        // a pair at location 1 starting 08:30: anna's and boris's parts both began before 09:00; boris is now absent,
        // his part is dropped as done, anna's stays pinned and is no longer a group of two with one member
        List<Visit> pair = org.fieldplan.engine.domain.VisitGroup.members("pair", "two people",
                org.fieldplan.engine.testing.Plans.loc(1), 3600, at(8, 30), List.of(Set.of(), Set.of()), Set.of(), 1,
                Visit.NO_DEADLINE);
        List<Visit> laterPair = org.fieldplan.engine.domain.VisitGroup.members("later", "two people later",
                org.fieldplan.engine.testing.Plans.loc(2), 1800, at(11, 0), List.of(Set.of(), Set.of()), Set.of(), 1,
                Visit.NO_DEADLINE);
        FieldPlan published = plan(List.of(shift("s1", tech("anna")).route(pair.get(0), laterPair.get(0)).build(),
                shift("s2", tech("boris")).route(pair.get(1), laterPair.get(1)).build()),
                List.of(pair.get(0), pair.get(1), laterPair.get(0), laterPair.get(1)));
        PlanSolver.score(published);

        FieldPlan problem = Replanning.from(published, at(9, 0), Set.of("boris"), List.of());

        Map<String, Visit> visits = byId(problem);
        assertThat(visits.keySet()).containsExactlyInAnyOrder("pair#1", "later#1", "later#2");
        assertThat(visits.get("pair#1").getGroup()).isNull();
        assertThat(problem.getShifts().get(0).getPinnedVisitCount()).isEqualTo(1);
        // the pair later in the day, not begun, stays a group: boris's part is to be planned with someone else
        assertThat(visits.get("later#2").getGroup()).isNotNull();
        assertThat(visits.get("later#2").isAssigned()).isFalse();
    }
    /**
     * A published team of two later in the day (anna and boris, 11:00 at location 2); boris falls ill at 09:00. The
     * team's start is fixed (the customer was promised it), so the replan cannot move the whole team to another time:
     * with carmel free at 11:00 it replaces only boris's part (one move, the same start, anna untouched); with nobody
     * free it leaves the whole team out (all or none), never anna alone.
     */
    @Test
    void anIllTeamMemberIsReplacedAloneOrTheTeamIsLeftOutWhole() {
        FieldPlan replaced = replanTeam(true);
        assertThat(replaced.getScore().hardScore()).isZero();
        Map<String, Visit> visits = byId(replaced);
        assertThat(visits.get("later#1").getTechnician().id()).isEqualTo("anna");
        assertThat(visits.get("later#2").getTechnician().id()).isEqualTo("carmel");
        assertThat(visits.get("later#1").getStartTime()).isEqualTo(at(11, 0));
        assertThat(visits.get("later#2").getStartTime()).isEqualTo(at(11, 0));
        assertThat(visits.get("c1").getTechnician().id()).isEqualTo("carmel");
        ReplanChanges changes = ReplanChanges.of(replaced);
        assertThat(changes.moved()).extracting(ReplanChanges.Move::visitId, ReplanChanges.Move::fromTechnicianId,
                ReplanChanges.Move::toTechnicianId).containsExactly(org.assertj.core.groups.Tuple.tuple("later#2", "boris", "carmel"));
        assertThat(changes.newTimes()).isEmpty();
        assertThat(changes.dropped()).isEmpty();

        FieldPlan leftOut = replanTeam(false);
        assertThat(leftOut.getScore().hardScore()).isZero();
        Map<String, Visit> without = byId(leftOut);
        assertThat(without.get("later#1").isAssigned()).as("anna's part is not done alone").isFalse();
        assertThat(without.get("later#2").isAssigned()).isFalse();
        assertThat(ReplanChanges.of(leftOut).dropped()).extracting(Visit::getId).containsExactlyInAnyOrder("later#1", "later#2");
        assertThat(without.get("a1").getTechnician().id()).isEqualTo("anna");
    }

    /**
     * The same team, but the ill technician (boris) holds the lead's part (member #1) and anna the second: the lead is
     * one member like the others, so carmel takes member #1 at the team's 11:00 and anna's part stays as it was.
     */
    @Test
    void anIllTeamLeadIsReplacedAloneAtTheCommonStart() {
        List<Visit> team = org.fieldplan.engine.domain.VisitGroup.members("later", "two people later",
                org.fieldplan.engine.testing.Plans.loc(2), 1800, at(11, 0), List.of(Set.of(), Set.of()), Set.of(), 1,
                Visit.NO_DEADLINE);
        Visit a1 = visit("a1", 1).build();
        Visit c1 = visit("c1", 5).build();
        FieldPlan published = plan(List.of(shift("s1", tech("anna")).route(a1, team.get(1)).build(),
                shift("s2", tech("boris")).route(team.get(0)).build(), shift("s3", tech("carmel")).route(c1).build()),
                List.of(a1, team.get(0), team.get(1), c1));
        assertThat(PlanSolver.score(published).hardScore()).isZero();
        Replanning.publish(published, 1800, 1800);
        FieldPlan problem = Replanning.from(published, at(9, 0), Set.of("boris"), List.of());
        assertThat(byId(problem).get("later#1").isAssigned()).as("the lead's part is free").isFalse();
        assertThat(byId(problem).get("later#2").getGroup()).as("still a team of two").isNotNull();
        problem.setConstraintWeightOverrides(ConstraintWeights.minimalChange(1));
        FieldPlan replanned = new PlanSolver().solve(problem, SolverSettings.ofSeconds(2).withRandomSeed(3), ProgressListener.NONE);

        assertThat(replanned.getScore().hardScore()).isZero();
        Map<String, Visit> visits = byId(replanned);
        assertThat(visits.get("later#1").getTechnician().id()).isEqualTo("carmel");
        assertThat(visits.get("later#2").getTechnician().id()).isEqualTo("anna");
        assertThat(visits.get("later#1").getStartTime()).isEqualTo(at(11, 0));
        assertThat(visits.get("later#2").getStartTime()).isEqualTo(at(11, 0));
        ReplanChanges changes = ReplanChanges.of(replanned);
        assertThat(changes.moved()).extracting(ReplanChanges.Move::visitId, ReplanChanges.Move::fromTechnicianId,
                ReplanChanges.Move::toTechnicianId).containsExactly(org.assertj.core.groups.Tuple.tuple("later#1", "boris", "carmel"));
        assertThat(changes.newTimes()).isEmpty();
    }

    /**
     * The same with the replan's phases ({@link Replanning#replan}) and the service's limits (an unimproved limit of
     * under half the time): with nobody free the team is left out whole, never anna alone or boris's part with a
     * technician who cannot take it (the travel search, which counts visits left out, does not start from a plan that
     * breaks a hard rule; TeamReplanIT found it), and with carmel free carmel takes boris's part.
     */
    @Test
    void theReplanPhasesReplaceAnIllTeamMemberOrLeaveTheTeamOutWhole() {
        SolverSettings service = new SolverSettings(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(1), 3,
                false);
        FieldPlan leftOut = replanTeam(false, p -> Replanning.replan(p, service, ProgressListener.NONE));
        assertThat(leftOut.getScore().hardScore()).as(leftOut.getScore().toString()).isZero();
        assertThat(byId(leftOut).get("later#1").isAssigned()).isFalse();
        assertThat(byId(leftOut).get("later#2").isAssigned()).isFalse();

        FieldPlan replaced = replanTeam(true, p -> Replanning.replan(p, service, ProgressListener.NONE));
        assertThat(replaced.getScore().hardScore()).isZero();
        assertThat(byId(replaced).get("later#2").getTechnician().id()).isEqualTo("carmel");
        assertThat(byId(replaced).get("later#1").getTechnician().id()).isEqualTo("anna");
    }

    private static FieldPlan replanTeam(boolean carmelFree) {
        return replanTeam(carmelFree,
                p -> new PlanSolver().solve(p, SolverSettings.ofSeconds(2).withRandomSeed(3), ProgressListener.NONE));
    }

    private static FieldPlan replanTeam(boolean carmelFree, Function<FieldPlan, FieldPlan> solve) {
        List<Visit> team = org.fieldplan.engine.domain.VisitGroup.members("later", "two people later",
                org.fieldplan.engine.testing.Plans.loc(2), 1800, at(11, 0), List.of(Set.of(), Set.of()), Set.of(), 1,
                Visit.NO_DEADLINE);
        Visit a1 = visit("a1", 1).build();
        Visit c1 = visit("c1", 5).build();
        List<Shift> shifts = new java.util.ArrayList<>(List.of(shift("s1", tech("anna")).route(a1, team.get(0)).build(),
                shift("s2", tech("boris")).route(team.get(1)).build()));
        List<Visit> all = new java.util.ArrayList<>(List.of(a1, team.get(0), team.get(1)));
        // carmel works all day after c1, or (not free) only until 10:30
        shifts.add(carmelFree ? shift("s3", tech("carmel")).route(c1).build()
                : shift("s3", tech("carmel")).times(at(8, 0), at(10, 30), at(10, 30)).route(c1).build());
        all.add(c1);
        FieldPlan published = plan(shifts, all);
        assertThat(PlanSolver.score(published).hardScore()).isZero();
        Replanning.publish(published, 1800, 1800);
        FieldPlan problem = Replanning.from(published, at(9, 0), Set.of("boris"), List.of());
        problem.setConstraintWeightOverrides(ConstraintWeights.minimalChange(1));
        return solve.apply(problem);
    }
}
