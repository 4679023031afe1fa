package org.fieldplan.bench.vrptw.stock;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;
import ai.timefold.solver.core.api.domain.variable.PreviousElementShadowVariable;
import ai.timefold.solver.core.api.domain.variable.ShadowSources;
import ai.timefold.solver.core.api.domain.variable.ShadowVariable;
import org.jspecify.annotations.Nullable;

/**
 * A customer in the stock model: the value of the vehicles' list variable, with the shadow variables a
 * Timefold user writes first (its vehicle, the customer before it, and the service start as a declarative
 * shadow variable computed from the previous customer's departure). Times and distances are in Solomon units
 * x {@link StockVrptwSolver#SCALE}.
 */
@PlanningEntity
public class StockCustomer {

    @PlanningId
    private int id;
    private int node;
    private long demand;
    private long ready;
    private long due;
    private long service;

    @InverseRelationShadowVariable(sourceVariableName = "customers")
    private @Nullable StockVehicle vehicle;
    @PreviousElementShadowVariable(sourceVariableName = "customers")
    private @Nullable StockCustomer previous;
    @ShadowVariable(supplierName = "startSupplier")
    private @Nullable Long start;

    /** For Timefold's cloner. */
    protected StockCustomer() {
    }

    public StockCustomer(int id, int node, long demand, long ready, long due, long service) {
        this.id = id;
        this.node = node;
        this.demand = demand;
        this.ready = ready;
        this.due = due;
        this.service = service;
    }

    /** Service start: the previous stop's departure (or the depot's opening) plus travel, not before the window. */
    @ShadowSources({"vehicle", "previous.start"})
    public @Nullable Long startSupplier() {
        StockVehicle v = vehicle;
        if (v == null) {
            return null;
        }
        long departure;
        int from;
        if (previous == null) {
            departure = v.getDepartureTime();
            from = v.getDepotNode();
        } else {
            Long previousStart = previous.getStart();
            if (previousStart == null) {
                return null;
            }
            departure = previousStart + previous.service;
            from = previous.node;
        }
        return Math.max(ready, departure + v.getMatrix().travel(from, node));
    }

    /** How late the service starts after the window closed (0 when on time or unassigned). */
    public long lateness() {
        return start == null ? 0 : Math.max(0, start - due);
    }

    public long departure() {
        return start == null ? 0 : start + service;
    }

    public int getId() {
        return id;
    }

    public int getNode() {
        return node;
    }

    public long getDemand() {
        return demand;
    }

    public @Nullable StockVehicle getVehicle() {
        return vehicle;
    }

    public void setVehicle(@Nullable StockVehicle vehicle) {
        this.vehicle = vehicle;
    }

    public @Nullable StockCustomer getPrevious() {
        return previous;
    }

    public void setPrevious(@Nullable StockCustomer previous) {
        this.previous = previous;
    }

    public @Nullable Long getStart() {
        return start;
    }

    public void setStart(@Nullable Long start) {
        this.start = start;
    }

    @Override
    public String toString() {
        return "c" + id;
    }
}
