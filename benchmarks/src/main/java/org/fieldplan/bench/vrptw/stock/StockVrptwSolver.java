package org.fieldplan.bench.vrptw.stock;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import ai.timefold.solver.core.impl.solver.DefaultSolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.bench.vrptw.SolomonInstance;
import org.fieldplan.bench.vrptw.VrptwSolution;
import org.fieldplan.bench.vrptw.VrptwSolver;

/**
 * The third peer: Timefold Solver's own vehicle-routing model as a user would start from it, with none of
 * FieldPlan's search. A planning list variable of customers per vehicle, the service start as a declarative
 * shadow variable, four constraints (capacity, due time, depot horizon hard; distance soft) and Timefold's
 * default phases (its construction heuristic for list variables, then its default local search: late
 * acceptance over list change, swap, 2-opt and sublist moves), one thread, a time limit. The difference
 * between this peer and {@code fieldplan} is what FieldPlan's search adds over the solver it is built on.
 */
public final class StockVrptwSolver implements VrptwSolver {

    /** Solomon units to integers, as FieldPlan's adapter does (distances rounded up). */
    public static final long SCALE = 1000;

    private volatile String lastNote = "";

    @Override
    public String name() {
        return "timefold";
    }

    @Override
    public String settings() {
        return "Timefold Solver 2.2.0 community, stock model (planning list variable of customers per vehicle,"
                + " declarative service-start shadow variable, capacity/due/horizon hard, distance soft), default phases"
                + " (construction heuristic + local search), one thread, distances x" + SCALE + " rounded up";
    }

    /** The instance as a stock plan (customer ids are the Solomon numbers). */
    public static StockPlan toPlan(SolomonInstance instance) {
        int n = instance.nodes().size();
        long[] units = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                units[i * n + j] = i == j ? 0 : (long) Math.ceil(instance.distance(i, j) * SCALE);
            }
        }
        StockMatrix matrix = new StockMatrix(n, units);
        SolomonInstance.Node depot = instance.depot();
        List<StockVehicle> vehicles = new ArrayList<>();
        for (int v = 0; v < instance.vehicles(); v++) {
            vehicles.add(new StockVehicle(v, instance.capacity(), 0, depot.ready() * SCALE, depot.due() * SCALE, matrix));
        }
        List<StockCustomer> customers = new ArrayList<>();
        for (int p = 1; p < n; p++) {
            SolomonInstance.Node c = instance.nodes().get(p);
            customers.add(new StockCustomer(c.id(), p, c.demand(), c.ready() * SCALE, c.due() * SCALE,
                    c.service() * SCALE));
        }
        return new StockPlan(vehicles, customers);
    }

    public static SolverConfig config(Duration limit, long seed) {
        return new SolverConfig()
                .withSolutionClass(StockPlan.class)
                .withEntityClasses(StockVehicle.class, StockCustomer.class)
                .withConstraintProviderClass(StockConstraints.class)
                .withRandomSeed(seed)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(limit));
    }

    @Override
    public VrptwSolution solve(SolomonInstance instance, Duration limit, long seed) {
        Solver<StockPlan> solver = SolverFactory.<StockPlan>create(config(limit, seed)).buildSolver();
        StockPlan best = solver.solve(toPlan(instance));
        if (solver instanceof DefaultSolver<StockPlan> d) {
            lastNote = d.getMoveEvaluationSpeed() + " moves/s, score " + best.getScore();
        }
        List<List<Integer>> routes = new ArrayList<>();
        for (StockVehicle v : best.getVehicles()) {
            routes.add(v.getCustomers().stream().map(StockCustomer::getId).toList());
        }
        return new VrptwSolution(routes);
    }

    @Override
    public String lastNote() {
        return lastNote;
    }
}
