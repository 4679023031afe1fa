package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.timefold.solver.core.config.solver.SolverConfig;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverConfigs;
import org.fieldplan.engine.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * The ejection pass ({@link EjectionInsertion}) alone, as the only phase of a solve, on days counted by hand (line
 * matrix of {@code Plans}: 600 s between neighbouring locations, home at location 0).
 */
class EjectionInsertionTest {

    /** Solves {@code plan} with the ejection pass as its only phase. */
    private static FieldPlan eject(FieldPlan plan) {
        SolverConfig config = SolverConfigs.solverConfig(SolverSettings.ofSeconds(20))
                .withPhaseList(List.of(SearchPhases.replanEjection(Duration.ofSeconds(10))));
        return new PlanSolver().solveWithStatistics(plan, config, ProgressListener.NONE).plan();
    }

    private static Map<String, String> technicianOf(FieldPlan plan) {
        return plan.getShifts().stream().flatMap(s -> s.getVisits().stream())
                .collect(Collectors.toMap(Visit::getId, v -> v.getShift().getTechnician().id()));
    }

    private static Map<String, Visit> byId(FieldPlan plan) {
        return plan.getVisits().stream().collect(Collectors.toMap(Visit::getId, Function.identity()));
    }

    /**
     * Anna (gas, 08:00-10:00, home by 10:00) has v1 (1.5 h at location 1: 08:10-09:40, home 09:50); the gas visit u
     * (1.5 h at location 1) fits only in her day, and only without v1; Boris (no gas) has a free day. The only way to
     * serve u: v1 to Boris, u to Anna.
     */
    @Test
    void placesAVisitThatFitsOnlyWhenAnotherMoves() {
        Visit v1 = visit("v1", 1).duration(5400).build();
        Visit u = visit("u", 1).duration(5400).skills("gas").build();
        Shift anna = shift("s1", tech("anna", "gas")).times(at(8, 0), at(10, 0), at(10, 0)).route(v1).build();
        Shift boris = shift("s2", tech("boris")).times(at(8, 0), at(10, 0), at(10, 0)).build();
        FieldPlan day = plan(List.of(anna, boris), List.of(v1, u));
        assertThat(PlanSolver.score(day).mediumScore()).isEqualTo(-1);

        FieldPlan solved = eject(day);

        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(solved.unassignedCount()).isZero();
        assertThat(technicianOf(solved)).containsEntry("u", "anna").containsEntry("v1", "boris");
    }

    /**
     * A chain of depth 2: u needs gas (only Anna), Anna's v1 needs water (Anna and Boris), Boris (08:00-10:30) is full
     * with v2 (1.5 h at location 2: 08:20-09:50, home 10:10; v1 and v2 together end at 11:20), which Carl (no skill) can
     * take. Served: u by Anna, v1 by Boris, v2 by Carl.
     */
    @Test
    void followsAChainOfTwoEjections() {
        Visit v1 = visit("v1", 1).duration(5400).skills("water").build();
        Visit v2 = visit("v2", 2).duration(5400).build();
        Visit u = visit("u", 1).duration(5400).skills("gas").build();
        Shift anna = shift("s1", tech("anna", "gas", "water")).times(at(8, 0), at(10, 0), at(10, 0)).route(v1).build();
        Shift boris = shift("s2", tech("boris", "water")).times(at(8, 0), at(10, 30), at(10, 30)).route(v2).build();
        Shift carl = shift("s3", tech("carl")).times(at(8, 0), at(10, 30), at(10, 30)).build();
        FieldPlan day = plan(List.of(anna, boris, carl), List.of(v1, v2, u));

        FieldPlan solved = eject(day);

        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(solved.unassignedCount()).isZero();
        assertThat(technicianOf(solved)).containsEntry("u", "anna").containsEntry("v1", "boris")
                .containsEntry("v2", "carl");
    }

    /**
     * As {@link #placesAVisitThatFitsOnlyWhenAnotherMoves()}, but v1 is pinned (it started): no visit can make room,
     * so nothing changes: the same routes, u still out, the same score.
     */
    @Test
    void changesNothingWhenNoEjectionMakesRoom() {
        Visit v1 = visit("v1", 1).duration(5400).build();
        Visit u = visit("u", 1).duration(5400).skills("gas").build();
        Shift anna = shift("s1", tech("anna", "gas")).times(at(8, 0), at(10, 0), at(10, 0)).route(v1).build();
        anna.pinVisits(1);
        Shift boris = shift("s2", tech("boris")).times(at(8, 0), at(10, 0), at(10, 0)).build();
        FieldPlan day = plan(List.of(anna, boris), List.of(v1, u));
        var before = PlanSolver.score(day);

        FieldPlan solved = eject(day);

        assertThat(solved.getScore()).isEqualTo(before);
        assertThat(solved.unassignedCount()).isEqualTo(1);
        assertThat(technicianOf(solved)).containsOnlyKeys("v1").containsEntry("v1", "anna");
        assertThat(solved.getShifts().get(1).getVisits()).isEmpty();
    }

    /**
     * Two ways to make room, equal in visits served and travel: Anna (08:00-11:00) has v1 and v2 (30 min each at
     * location 1) and u (2 h at location 1) fits with one of them only; Boris can take either. v1 was published to Anna
     * (moving it costs 3,600 under the minimal-change rule), v2 was not: the pass moves v2.
     */
    @Test
    void judgesEqualCountsByTheFullScoreWithTheMinimalChangeCharge() {
        Visit v1 = visit("v1", 1).build();
        Visit v2 = visit("v2", 1).build();
        Visit u = visit("u", 1).duration(7200).skills("gas").build();
        Technician annaTech = tech("anna", "gas");
        Shift anna = shift("s1", annaTech).times(at(8, 0), at(11, 0), at(11, 0)).route(v1, v2).build();
        Shift boris = shift("s2", tech("boris")).times(at(8, 0), at(11, 0), at(11, 0)).build();
        FieldPlan day = plan(List.of(anna, boris), List.of(v1, v2, u));
        day.setConstraintWeightOverrides(ConstraintWeights.minimalChange(1));
        // published to Anna at 08:10 with a wide promise, so any start today keeps it; only the technician counts
        v1.setPublished(PublishedPlacement.around("anna", at(8, 10), at(8, 10), at(16, 0)));

        FieldPlan solved = eject(day);

        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(solved.unassignedCount()).isZero();
        assertThat(technicianOf(solved)).containsEntry("u", "anna").containsEntry("v1", "anna")
                .containsEntry("v2", "boris");
        assertThat(byId(solved).get("v1").isMovedFromPublishedTechnician()).isFalse();
    }
}
