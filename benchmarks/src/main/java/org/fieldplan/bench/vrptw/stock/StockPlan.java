package org.fieldplan.bench.vrptw.stock;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardSoftScore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The stock model's solution: vehicles and customers, scored hard (capacity, windows, horizon) / soft (distance). */
@PlanningSolution
public class StockPlan {

    @PlanningEntityCollectionProperty
    private List<StockVehicle> vehicles;
    @PlanningEntityCollectionProperty
    @ValueRangeProvider
    private List<StockCustomer> customers;
    @PlanningScore
    private @Nullable HardSoftScore score;

    /** For Timefold's cloner. */
    @SuppressWarnings("NullAway.Init")
    protected StockPlan() {
    }

    public StockPlan(List<StockVehicle> vehicles, List<StockCustomer> customers) {
        this.vehicles = vehicles;
        this.customers = customers;
    }

    public List<StockVehicle> getVehicles() {
        return vehicles;
    }

    public void setVehicles(List<StockVehicle> vehicles) {
        this.vehicles = vehicles;
    }

    public List<StockCustomer> getCustomers() {
        return customers;
    }

    public void setCustomers(List<StockCustomer> customers) {
        this.customers = customers;
    }

    public @Nullable HardSoftScore getScore() {
        return score;
    }

    public void setScore(@Nullable HardSoftScore score) {
        this.score = score;
    }
}
