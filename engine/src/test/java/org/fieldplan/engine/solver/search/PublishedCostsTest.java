package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.junit.jupiter.api.Test;

/**
 * The replan's travel search charges a published visit what the minimal-change rule charges. Locations on a line, 100 s
 * apart (depot 0, A 1, B 2, C 3); expected values worked out by hand in the comments.
 */
class PublishedCostsTest {

    /**
     * Shift s2 (technician t2) serves A then B; s1 (t1) is empty; C is unassigned. A: arrives 100, starts 100 (window
     * 0-1000), was published to t1 at 500 with promise 400-600: another technician (3,600 s) and 300 s before the
     * promise, 3,900 s. B: A is served 100-150, B is 100 s on: arrives 250, starts
     * 250, published to t2 at 250 with promise 200-300: no change. C (published, unassigned): nothing.
     */
    private static FieldPlan plan(long weight) {
        Technician t1 = new Technician("t1", "t1", Set.of(), new Location(0, 0, 0));
        Technician t2 = new Technician("t2", "t2", Set.of(), new Location(0, 0, 0));
        Shift s1 = new Shift("s1", t1, RoutePlannerTest.DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 10_000,
                10_000, List.of(), List.of(), 100);
        Shift s2 = new Shift("s2", t2, RoutePlannerTest.DAY, new Location(0, 0, 0), new Location(0, 0, 0), 0, 10_000,
                10_000, List.of(), List.of(), 100);
        Visit a = RoutePlannerTest.visit("A", 1, 50, 0, 1000, 1, Set.of());
        Visit b = RoutePlannerTest.visit("B", 2, 50, 0, 1000, 1, Set.of());
        Visit c = RoutePlannerTest.visit("C", 3, 50, 0, 1000, 1, Set.of());
        a.setPublished(PublishedPlacement.around("t1", 500, 100, 100));
        b.setPublished(PublishedPlacement.around("t2", 250, 50, 50));
        c.setPublished(PublishedPlacement.around("t1", 700, 100, 100));
        s2.getVisits().add(a);
        s2.getVisits().add(b);
        FieldPlan plan = new FieldPlan(RoutePlannerTest.DAY.atStartOfDay(), List.of(t1, t2), List.of(), List.of(s1, s2),
                List.of(a, b, c), RoutePlannerTest.line(4, 100));
        plan.setConstraintWeightOverrides(ConstraintWeights.minimalChange(weight));
        return plan;
    }

    @Test
    void chargesWhatTheMinimalChangeRuleCharges() {
        FieldPlan plan = plan(2);
        SearchModel model = new SearchModel(plan, 2);
        RoutePlanner planner = new RoutePlanner(model, model.currentRoutes(), new int[] {0, 0});
        PublishedCosts costs = PublishedCosts.of(plan, model);
        assertThat(costs).isNotNull();
        RuinRecreate.CostWeights without = new RuinRecreate.CostWeights(1, 1, 1);
        RuinRecreate.CostWeights with = without.withPublished(costs);
        // by hand: weight 2 times A's 3,600 + 300 s
        assertThat(planner.timeCost(1, with) - planner.timeCost(1, without)).isEqualTo(2 * 3_900);
        assertThat(planner.timeCost(0, with)).isZero();
        // and what the score's rule says of the same routes
        PlanSolver.score(plan);
        long ruleSeconds = plan.getVisits().stream().mapToLong(Visit::publishedChangeSeconds).sum();
        assertThat(ruleSeconds).isEqualTo(3_900);
        // moved back to t1 at the same start: only the 300 s outside the promise
        int a = model.visitIndex.get(plan.getVisits().get(0));
        assertThat(costs.cost(a, model.shiftTechnician[0], 100)).isEqualTo(2 * 300);
        assertThat(costs.cost(a, model.shiftTechnician[0], 450)).isZero();
        assertThat(costs.cost(a, model.shiftTechnician[0], 650)).isEqualTo(2 * 50);
    }

    @Test
    void nothingToChargeWithoutTheRuleOrWithoutPublishedVisits() {
        FieldPlan off = plan(0);
        assertThat(PublishedCosts.of(off, new SearchModel(off, 2))).isNull();
        FieldPlan never = plan(1);
        never.getVisits().forEach(v -> v.setPublished(null));
        assertThat(PublishedCosts.of(never, new SearchModel(never, 2))).isNull();
    }
}
