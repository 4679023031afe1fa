package org.fieldplan.engine.solver;

import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.util.List;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.PublishedPlacement;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.junit.jupiter.api.Test;

/**
 * {@code publishedVisitChanged} on the {@link org.fieldplan.engine.testing.Plans#line} matrix: the shift leaves
 * location 0 at 08:00, so a visit at location 1 (first in the route, no window) starts at 08:10.
 */
class PublishedVisitChangedTest {

    private final ConstraintVerifier<FieldPlanConstraintProvider, FieldPlan> verifier = ConstraintVerifier.build(
            new FieldPlanConstraintProvider(), FieldPlan.class, Shift.class, Visit.class);

    private static final Technician ANNA = tech("anna");
    private static final Technician BORIS = tech("boris");
    private static final long HALF_HOUR = 1800;

    @Test
    void doesNotFireWhenTheVisitStaysWithItsTechnicianInsideThePromise() {
        Visit v = visit("v1", 1).build();
        v.setPublished(PublishedPlacement.around("anna", at(8, 20), HALF_HOUR, HALF_HOUR)); // promised 07:50-08:50
        Visit neverPublished = visit("v2", 2).build();
        Visit publishedButUnassigned = visit("v3", 3).build();
        publishedButUnassigned.setPublished(PublishedPlacement.around("boris", at(9, 0), HALF_HOUR, HALF_HOUR));
        FieldPlan p = plan(List.of(shift("s1", ANNA).route(v, neverPublished).build()),
                List.of(v, neverPublished, publishedButUnassigned));
        verifier.verifyThat(FieldPlanConstraintProvider::publishedVisitChanged).givenSolution(p)
                .settingAllShadowVariables().penalizesBy(0);
    }

    @Test
    void movingAVisitToAnotherTechnicianCostsAnHour() {
        Visit v = visit("v1", 1).build();
        v.setPublished(PublishedPlacement.around("boris", at(8, 10), HALF_HOUR, HALF_HOUR));
        FieldPlan p = plan(List.of(shift("s1", ANNA).route(v).build(), shift("s2", BORIS).build()), List.of(v));
        verifier.verifyThat(FieldPlanConstraintProvider::publishedVisitChanged).givenSolution(p)
                .settingAllShadowVariables().penalizesBy(3_600);
    }

    @Test
    void aStartOutsideThePromisedWindowCostsItsSecondsOutside() {
        // promised 09:30-10:30 around the published 10:00; the visit now starts at 08:10: 80 minutes early
        Visit v = visit("v1", 1).build();
        v.setPublished(PublishedPlacement.around("anna", at(10, 0), HALF_HOUR, HALF_HOUR));
        // a second visit: published to boris at 08:00 (promised 07:30-08:30), now with anna at 08:50 (08:10 + 30 min of
        // service + 10 min of travel): 20 minutes late and moved, 1,200 + 3,600
        Visit w = visit("v2", 2).build();
        w.setPublished(PublishedPlacement.around("boris", at(8, 0), HALF_HOUR, HALF_HOUR));
        FieldPlan p = plan(List.of(shift("s1", ANNA).route(v, w).build()), List.of(v, w));
        verifier.verifyThat(FieldPlanConstraintProvider::publishedVisitChanged).givenSolution(p)
                .settingAllShadowVariables().penalizesBy(4_800 + 1_200 + 3_600);
    }
}
