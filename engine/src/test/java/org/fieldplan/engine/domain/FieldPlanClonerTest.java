package org.fieldplan.engine.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.fieldplan.engine.assembly.SyntheticProblem;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * The hand-written planning clone copies every field of the plan and its entities: facts shared, entities
 * replaced by their clones, lists of entities mapped element by element. Reflection walks the declared fields,
 * so a field added to FieldPlan, Shift or Visit that the cloner forgets makes this test fail.
 */
class FieldPlanClonerTest {

    @Test
    void everyFieldIsCopiedAndEveryEntityReferencePointsAtAClone() throws Exception {
        FieldPlan problem = new SyntheticProblem(60, 4, 2, 8.0, 3).generate();
        problem.setConstraintWeightOverrides(ConstraintWeights.travelOnly());
        FieldPlan plan = new PlanSolver().solve(problem, new SolverSettings(Duration.ofSeconds(2), null, 1, false),
                ProgressListener.NONE);
        plan.getShifts().stream().filter(s -> s.getVisits().size() >= 2).findFirst().orElseThrow().pinVisits(1);
        plan.getShifts().forEach(Shift::routeEnd); // fills the route-end memo too
        assertThat(plan.assignedCount()).isGreaterThan(10);

        FieldPlan clone = new FieldPlanCloner().cloneSolution(plan);

        assertThat(clone).isNotSameAs(plan);
        compareFields(plan, clone, FieldPlan.class, plan, clone);
        for (int i = 0; i < plan.getShifts().size(); i++) {
            compareFields(plan.getShifts().get(i), clone.getShifts().get(i), Shift.class, plan, clone);
        }
        for (int i = 0; i < plan.getVisits().size(); i++) {
            compareFields(plan.getVisits().get(i), clone.getVisits().get(i), Visit.class, plan, clone);
        }
        // the clone scores like the original and changing it leaves the original alone
        assertThat(PlanSolver.score(clone)).isEqualTo(PlanSolver.score(plan));
        Shift first = clone.getShifts().stream().filter(s -> s.getVisits().size() > s.getPinnedVisitCount())
                .findFirst().orElseThrow();
        int before = plan.getShifts().get(clone.getShifts().indexOf(first)).getVisits().size();
        first.getVisits().remove(first.getVisits().size() - 1);
        assertThat(plan.getShifts().get(clone.getShifts().indexOf(first)).getVisits()).hasSize(before);
    }

    private static void compareFields(Object original, Object clone, Class<?> type, FieldPlan plan, FieldPlan cloned)
            throws IllegalAccessException {
        assertThat(clone).isNotSameAs(original);
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object a = f.get(original);
            Object b = f.get(clone);
            String where = type.getSimpleName() + "." + f.getName() + " of " + original;
            if (a instanceof Visit || a instanceof Shift) {
                assertThat(b).as(where).isSameAs(counterpart(a, plan, cloned));
            } else if (a instanceof Collection<?> ca && !ca.isEmpty()
                    && (ca.iterator().next() instanceof Visit || ca.iterator().next() instanceof Shift)) {
                List<?> la = List.copyOf(ca);
                List<?> lb = List.copyOf((Collection<?>) b);
                assertThat(b).as(where).isNotSameAs(a);
                assertThat(lb).as(where).hasSameSizeAs(la);
                for (int i = 0; i < la.size(); i++) {
                    assertThat(lb.get(i)).as(where + "[" + i + "]").isSameAs(counterpart(la.get(i), plan, cloned));
                }
            } else {
                assertThat(b).as(where).isEqualTo(a);
            }
        }
    }

    private static Object counterpart(Object entity, FieldPlan plan, FieldPlan cloned) {
        if (entity instanceof Visit v) {
            return cloned.getVisits().get(plan.getVisits().indexOf(v));
        }
        return cloned.getShifts().get(plan.getShifts().indexOf((Shift) entity));
    }
}
