package org.fieldplan.engine.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.loc;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.util.List;
import java.util.Set;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.solver.PlanSolver;
import org.junit.jupiter.api.Test;

/**
 * The team rules in plain words for a hand edit (the board's check): a move that puts two members of a group on one
 * technician, plans only some of them, or makes one start after the common start is named; a group kept whole, on
 * different technicians and starting together, is not. Plans' line matrix: 10 minutes per step, shifts leave
 * location 0 at 08:00.
 */
class RouteRulesGroupTest {

    private static final Technician ANNA = tech("anna", "electric");
    private static final Technician BORIS = tech("boris", "electric");

    private static List<Visit> pair(long start) {
        return VisitGroup.members("g", "two electricians", loc(2), 1800, start,
                List.of(Set.of(new Skill("electric")), Set.of()), Set.of(), 1, Visit.NO_DEADLINE);
    }

    @Test
    void aWholeGroupOnTwoTechniciansStartingTogetherBreaksNoTeamRule() {
        List<Visit> g = pair(at(9, 30));
        FieldPlan p = plan(List.of(shift("a", ANNA).route(g.get(0)).build(), shift("b", BORIS).route(g.get(1)).build()),
                List.of(g.get(0), g.get(1)));
        PlanSolver.score(p);
        assertThat(RouteRules.groupViolations(g.get(0), p.getVisits(), p.getOrigin())).isEmpty();
        assertThat(RouteRules.groupViolations(visit("lone", 3).build(), p.getVisits(), p.getOrigin())).isEmpty();
    }

    @Test
    void movingTheFirstMemberOntoTheOtherMembersRouteIsNamed() {
        List<Visit> g = pair(at(9, 30));
        Shift a = shift("a", ANNA).route(g.get(0)).build();
        Shift b = shift("b", BORIS).route(g.get(1)).build();
        FieldPlan p = plan(List.of(a, b), List.of(g.get(0), g.get(1)));
        RouteEditor.move(g.get(0), b, 0);
        assertThat(RouteRules.groupViolations(g.get(0), p.getVisits(), p.getOrigin()))
                .containsExactly("two electricians: Technician boris would be 2 of the team of 2 (team rule: each member"
                        + " of a team visit needs a different technician)",
                        // boris does member #1 at 09:30 and then member #2 at the same place after 30 minutes
                        "two electricians: Technician boris starts 10:00, not with the team at 09:30 (team rule: every"
                        + " member starts at the common start)");
    }

    @Test
    void planningOneMemberOfAnUnplannedGroupIsNamed() {
        List<Visit> g = pair(at(9, 30));
        Shift a = shift("a", ANNA).build();
        FieldPlan p = plan(List.of(a, shift("b", BORIS).build()), List.of(g.get(0), g.get(1)));
        RouteEditor.move(g.get(0), a, 0);
        assertThat(RouteRules.groupViolations(g.get(0), p.getVisits(), p.getOrigin()))
                .containsExactly("two electricians: 1 of the team of 2 would be planned (team rule: a team visit is"
                        + " planned for all its members or none)");
    }

    @Test
    void aMemberMovedBehindAFarVisitStartsApartAndIsNamed() {
        // common start 08:30; anna is at location 2 at 08:20; moved behind a visit at location 8 (08:00 + 80 min +
        // 30 min = 09:50, back at 2 at 10:50) she starts 140 minutes after the team
        List<Visit> g = pair(at(8, 30));
        Visit far = visit("far", 8).build();
        Shift a = shift("a", ANNA).route(far, g.get(0)).build();
        FieldPlan p = plan(List.of(a, shift("b", BORIS).route(g.get(1)).build()), List.of(g.get(0), g.get(1), far));
        RouteEditor.retime(a);
        PlanSolver.score(p);
        assertThat(RouteRules.groupViolations(g.get(0), p.getVisits(), p.getOrigin()))
                .containsExactly("two electricians: Technician anna starts 10:50, not with the team at 08:30 (team rule: every"
                        + " member starts at the common start)");
    }
}
