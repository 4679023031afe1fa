package org.fieldplan.engine.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.h;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.time.LocalDateTime;
import java.util.List;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.junit.jupiter.api.Test;

/** Plans on the line matrix (600 s / 5 km per step), origin 2026-12-01 00:00. */
class PlanExplainerTest {

    private static final Technician ANNA = tech("anna", "water-meter");
    private static final Technician BORIS = tech("boris", "gas-meter");
    private static final Zone NORTH = new Zone("north", "North");
    private static final Zone SOUTH = new Zone("south", "South");
    private static final Zone EAST = new Zone("east", "East");

    private static List<String> reasons(FieldPlan p, Visit v) {
        return new PlanExplainer(p).explain(v).reasons();
    }

    @Test
    void noShiftBeforeTheDeadlineHasTheSkill() {
        // boris has gas-meter but works only on day 3 (2026-12-04), after the deadline 2026-12-03 18:00
        Visit v = visit("v1", 2).skills("gas-meter").deadline(at(2, 18, 0)).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).build(), shift("b3", BORIS).day(3).build()), List.of(v));
        assertThat(reasons(p, v)).containsExactly("no shift on or before the deadline (2026-12-03) has skill gas-meter");
    }

    @Test
    void noShiftServesTheZone() {
        Visit v = visit("v1", 2).zones(EAST).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).zone(NORTH, at(8, 0), at(18, 0)).build()), List.of(v));
        assertThat(reasons(p, v)).containsExactly("no shift serves zone East");
    }

    @Test
    void theOnlyShiftServingTheZoneEndsBeforeTheWindowOpens() {
        Visit v = visit("v1", 2).zones(NORTH).window(at(19, 0), at(20, 0)).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).zone(NORTH, at(8, 0), at(18, 0)).build(),
                shift("b0", BORIS).zone(SOUTH, at(8, 0), at(22, 0)).times(at(8, 0), at(20, 0), at(22, 0)).build()),
                List.of(v));
        assertThat(reasons(p, v)).containsExactly("the only shift serving zone North (a0, Technician anna,"
                + " 2026-12-01 08:00-18:00) ends before the visit's window opens (2026-12-01 19:00)");
    }

    @Test
    void wouldExceedCapacity() {
        Visit loaded = visit("a", 1).demand(2).build();
        Visit v = visit("v1", 2).demand(1).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).capacity(2).route(loaded).build()), List.of(loaded, v));
        assertThat(reasons(p, v)).containsExactly(
                "it would exceed the capacity of every shift that could serve it (a0: 2 of 2 used; this visit needs 1)");
    }

    @Test
    void deadlineBeforeEveryShift() {
        Visit v = visit("v1", 2).deadline(at(7, 0)).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).build()), List.of(v));
        assertThat(reasons(p, v)).containsExactly(
                "no shift starts early enough to finish it by its deadline (2026-12-01 07:00)");
    }

    @Test
    void fullRouteNamesTheRuleAnInsertionWouldBreak() {
        // a0 08:00-10:00: a is 08:10-09:40, back 09:50. v1 (30 min, same place) makes it 10:20 either way
        Visit a = visit("a", 1).duration(h(1.5)).build();
        Visit v = visit("v1", 1).duration(h(0.5)).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).times(at(8, 0), at(10, 0), at(10, 0)).route(a).build()),
                List.of(a, v));
        assertThat(reasons(p, v)).containsExactly("every shift that could serve it (a0) is full: inserting it anywhere"
                + " breaks a rule, at best in shift a0 before a (Visit a), where the route would end at 10:20, after the"
                + " shift's latest end (10:00)");
    }

    @Test
    void aVisitThatFitsSaysSo() {
        Visit v = visit("v1", 3).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).build()), List.of(v));
        assertThat(reasons(p, v)).containsExactly("it fits into shift a0 as its only visit without breaking any rule;"
                + " the solver has not placed it yet (solve longer)");
    }

    @Test
    void assignedVisitsThatBreakARuleSayWhich() {
        // arrives at location 5 at 08:50, window closed 08:30: 20 min late; anna lacks gas-meter
        Visit v = visit("v1", 5).window(at(8, 0), at(8, 30)).skills("gas-meter").build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).route(v).build()), List.of(v));
        assertThat(new PlanExplainer(p).explain(v).text()).endsWith(
                " Problem: the technician lacks skill gas-meter; starts 20 min after its window.");
    }

    @Test
    void assignedVisitsGetArrivalStartEndAndTravel() {
        Visit a = visit("a", 2).window(at(9, 0), at(10, 0)).build();
        Visit b = visit("b", 5).build();
        FieldPlan p = plan(List.of(shift("a0", ANNA).route(a, b).build()), List.of(a, b));
        PlanExplainer explainer = new PlanExplainer(p);

        VisitExplanation ea = explainer.explain(a);
        // leaves 08:00, 2 steps = 1,200 s / 10 km: arrives 08:20, waits for 09:00, 30 min of service
        assertThat(ea.arrival()).isEqualTo(LocalDateTime.of(2026, 12, 1, 8, 20));
        assertThat(ea.start()).isEqualTo(LocalDateTime.of(2026, 12, 1, 9, 0));
        assertThat(ea.end()).isEqualTo(LocalDateTime.of(2026, 12, 1, 9, 30));
        assertThat(ea.travelSeconds()).isEqualTo(1_200);
        assertThat(ea.travelMetres()).isEqualTo(10_000);
        assertThat(ea.text()).isEqualTo("a (Visit a): shift a0 (Technician anna) on 2026-12-01: arrive 08:20,"
                + " start 09:00 (waits 40 min), end 09:30; 20 min / 10.0 km from the start of the shift.");

        VisitExplanation eb = explainer.explain(b);
        // 3 steps from a: 1,800 s / 15 km, arrives 10:00
        assertThat(eb.text()).isEqualTo("b (Visit b): shift a0 (Technician anna) on 2026-12-01: arrive 10:00,"
                + " start 10:00, end 10:30; 30 min / 15.0 km from a (Visit a).");
        assertThat(eb.reasons()).isEmpty();
        assertThat(explainer.explainAll()).hasSize(2);
    }
}
