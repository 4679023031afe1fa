package org.fieldplan.engine.solver;

import java.util.HashMap;
import java.util.Map;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import static org.fieldplan.engine.solver.FieldPlanConstraintProvider.*;

/** Ready-made weight profiles for {@link org.fieldplan.engine.domain.FieldPlan#setConstraintWeightOverrides}. */
public final class ConstraintWeights {

    private ConstraintWeights() {
    }

    /** The defaults of {@link FieldPlanConstraintProvider}. */
    public static ConstraintWeightOverrides<HardMediumSoftScore> defaults() {
        return ConstraintWeightOverrides.none();
    }

    /**
     * Minimal-change replanning: the defaults, with each second of change to a published visit ({@link
     * FieldPlanConstraintProvider#PUBLISHED_VISIT_CHANGED}) worth {@code softPerSecond} seconds of travel (0 switches
     * the rule off; the default is 1).
     */
    public static ConstraintWeightOverrides<HardMediumSoftScore> minimalChange(long softPerSecond) {
        if (softPerSecond < 0) {
            throw new IllegalArgumentException("The minimal-change weight (" + softPerSecond
                    + ") is negative; use 0 to switch the rule off, 1 for the default.");
        }
        return ConstraintWeightOverrides.of(Map.of(PUBLISHED_VISIT_CHANGED, HardMediumSoftScore.ofSoft(softPerSecond)));
    }

    /**
     * {@code weights} with the minimal-change rule at {@code softPerSecond} (the others as they are): the first round
     * of {@link org.fieldplan.engine.replan.Replanning#solve} drops the rule this way.
     */
    public static ConstraintWeightOverrides<HardMediumSoftScore> withMinimalChange(
            ConstraintWeightOverrides<HardMediumSoftScore> weights, long softPerSecond) {
        Map<String, HardMediumSoftScore> out = new HashMap<>();
        for (String id : weights.getKnownConstraintIds()) {
            HardMediumSoftScore w = weights.getConstraintWeight(id);
            if (w != null) {
                out.put(id, w);
            }
        }
        out.put(PUBLISHED_VISIT_CHANGED, HardMediumSoftScore.ofSoft(softPerSecond));
        return ConstraintWeightOverrides.of(out);
    }

    /**
     * Only feasibility (hard), unassigned visits (medium) and travel time (soft) count: what VRPTW
     * benchmarks minimise (total distance with every customer served).
     */
    public static ConstraintWeightOverrides<HardMediumSoftScore> travelOnly() {
        Map<String, HardMediumSoftScore> weights = new HashMap<>();
        weights.put(OVERTIME, HardMediumSoftScore.ZERO);
        weights.put(PREFERRED_TECHNICIAN_NOT_USED, HardMediumSoftScore.ZERO);
        weights.put(UNFAIR_WORKLOAD, HardMediumSoftScore.ZERO);
        weights.put(WAITING_TIME, HardMediumSoftScore.ZERO);
        weights.put(PUBLISHED_VISIT_CHANGED, HardMediumSoftScore.ZERO);
        return ConstraintWeightOverrides.of(weights);
    }
}
