package org.fieldplan.bench.vrptw.stock;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;
import java.util.ArrayList;
import java.util.List;

/** A vehicle of the stock model: capacity, depot, horizon, and the planning list variable of its customers. */
@PlanningEntity
public class StockVehicle {

    @PlanningId
    private int id;
    private long capacity;
    private int depotNode;
    private long departureTime;
    private long latestReturn;
    private StockMatrix matrix;

    @PlanningListVariable
    private List<StockCustomer> customers = new ArrayList<>();

    /** For Timefold's cloner. */
    @SuppressWarnings("NullAway.Init")
    protected StockVehicle() {
    }

    public StockVehicle(int id, long capacity, int depotNode, long departureTime, long latestReturn, StockMatrix matrix) {
        this.id = id;
        this.capacity = capacity;
        this.depotNode = depotNode;
        this.departureTime = departureTime;
        this.latestReturn = latestReturn;
        this.matrix = matrix;
    }

    public long totalDemand() {
        long sum = 0;
        for (StockCustomer c : customers) {
            sum += c.getDemand();
        }
        return sum;
    }

    /** Distance of the route, depot to depot. */
    public long totalDistance() {
        if (customers.isEmpty()) {
            return 0;
        }
        long sum = 0;
        int from = depotNode;
        for (StockCustomer c : customers) {
            sum += matrix.travel(from, c.getNode());
            from = c.getNode();
        }
        return sum + matrix.travel(from, depotNode);
    }

    /** How late the vehicle is back at the depot after its due date (0 when on time). */
    public long returnLateness() {
        if (customers.isEmpty()) {
            return 0;
        }
        StockCustomer last = customers.get(customers.size() - 1);
        if (last.getStart() == null) {
            return 0;
        }
        return Math.max(0, last.departure() + matrix.travel(last.getNode(), depotNode) - latestReturn);
    }

    public int getId() {
        return id;
    }

    public long getCapacity() {
        return capacity;
    }

    public int getDepotNode() {
        return depotNode;
    }

    public long getDepartureTime() {
        return departureTime;
    }

    public StockMatrix getMatrix() {
        return matrix;
    }

    public List<StockCustomer> getCustomers() {
        return customers;
    }

    public void setCustomers(List<StockCustomer> customers) {
        this.customers = customers;
    }

    @Override
    public String toString() {
        return "v" + id;
    }
}
