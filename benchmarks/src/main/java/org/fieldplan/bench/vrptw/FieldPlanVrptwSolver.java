package org.fieldplan.bench.vrptw;

import java.time.Duration;

/** FieldPlan's engine on a Solomon instance (wired once the engine's solver lands). */
public final class FieldPlanVrptwSolver implements VrptwSolver {
    @Override
    public String name() {
        return "fieldplan";
    }

    @Override
    public String settings() {
        return "not yet wired";
    }

    @Override
    public VrptwSolution solve(SolomonInstance instance, Duration limit, long seed) {
        throw new UnsupportedOperationException("the FieldPlan adapter waits for the engine's solver model");
    }
}
