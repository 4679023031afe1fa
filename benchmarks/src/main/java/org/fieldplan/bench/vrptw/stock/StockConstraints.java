package org.fieldplan.bench.vrptw.stock;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;

/** The stock model's rules, as a first constraint provider for vehicle routing with time windows reads. */
public final class StockConstraints implements ConstraintProvider {

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                factory.forEach(StockVehicle.class)
                        .filter(v -> v.totalDemand() > v.getCapacity())
                        .penalize(HardSoftScore.ONE_HARD, v -> v.totalDemand() - v.getCapacity())
                        .asConstraint("capacity"),
                factory.forEach(StockCustomer.class)
                        .filter(c -> c.lateness() > 0)
                        .penalize(HardSoftScore.ONE_HARD, StockCustomer::lateness)
                        .asConstraint("serviceAfterDueTime"),
                factory.forEach(StockVehicle.class)
                        .filter(v -> v.returnLateness() > 0)
                        .penalize(HardSoftScore.ONE_HARD, StockVehicle::returnLateness)
                        .asConstraint("returnAfterDepotDue"),
                factory.forEach(StockVehicle.class)
                        .filter(v -> !v.getCustomers().isEmpty())
                        .penalize(HardSoftScore.ONE_SOFT, StockVehicle::totalDistance)
                        .asConstraint("distance"),
        };
    }
}
