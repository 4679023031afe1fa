package org.fieldplan.bench.vrptw;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.ConstraintWeights;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolveResult;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * FieldPlan's engine on a Solomon instance. Each vehicle is a shift (capacity, depot start and end,
 * starting at the depot's ready time, latest end = the depot's due date); each customer a visit with one
 * window [ready, due] for the service start, its service time and demand; all in one day; the "travel
 * only" weights (hard + unassigned + travel). Times and distances are multiplied by {@value #SCALE} and
 * rounded UP into integer seconds and metres (so travel time = distance, and a plan feasible in integers
 * is feasible in double precision). The reported distance is recomputed by {@link SolutionChecker}.
 */
public final class FieldPlanVrptwSolver implements VrptwSolver {

    /** Solomon units to engine seconds / metres. */
    public static final long SCALE = 1000;

    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    @Override
    public String name() {
        return "fieldplan";
    }

    @Override
    public String settings() {
        return "FieldPlan PlanSolver (Timefold 2.2.0 community, one thread), ConstraintWeights.travelOnly,"
                + " distances and times x" + SCALE + " rounded up";
    }

    /** The Solomon instance as a FieldPlan problem (visit ids are the customer numbers). */
    public static FieldPlan toPlan(SolomonInstance instance) {
        int n = instance.nodes().size();
        int[] units = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                units[i * n + j] = i == j ? 0 : Math.toIntExact((long) Math.ceil(instance.distance(i, j) * SCALE));
            }
        }
        TravelMatrix matrix = TravelMatrix.of(n, units, units.clone());
        SolomonInstance.Node depotNode = instance.depot();
        Location depot = new Location(0, depotNode.y(), depotNode.x());
        List<Technician> technicians = new ArrayList<>();
        List<Shift> shifts = new ArrayList<>();
        for (int v = 0; v < instance.vehicles(); v++) {
            Technician t = new Technician("vehicle-" + v, "vehicle " + v, Set.of(), depot);
            technicians.add(t);
            long end = depotNode.due() * SCALE;
            shifts.add(new Shift("shift-" + v, t, DAY, depot, depot, depotNode.ready() * SCALE, end, end,
                    List.of(), List.of(), instance.capacity()));
        }
        List<Visit> visits = new ArrayList<>();
        for (int p = 1; p < n; p++) {
            SolomonInstance.Node c = instance.nodes().get(p);
            visits.add(new Visit(Integer.toString(c.id()), "customer " + c.id(), new Location(p, c.y(), c.x()),
                    c.service() * SCALE, List.of(new TimeWindow(c.ready() * SCALE, c.due() * SCALE)), Set.of(),
                    Set.of(), Visit.DEFAULT_PRIORITY, Visit.NO_DEADLINE, null, c.demand()));
        }
        FieldPlan plan = new FieldPlan(DAY.atStartOfDay(), technicians, List.of(), shifts, visits, matrix);
        plan.setConstraintWeightOverrides(ConstraintWeights.travelOnly());
        return plan;
    }

    /** The routes of a solved plan, as customer numbers. */
    public static VrptwSolution toSolution(FieldPlan plan) {
        List<List<Integer>> routes = new ArrayList<>();
        for (Shift shift : plan.getShifts()) {
            routes.add(shift.getVisits().stream().map(v -> Integer.parseInt(v.getId())).toList());
        }
        return new VrptwSolution(routes);
    }

    @Override
    public VrptwSolution solve(SolomonInstance instance, Duration limit, long seed) {
        FieldPlan problem = toPlan(instance);
        SolveResult result = new PlanSolver().solveWithStatistics(problem,
                new SolverSettings(limit, null, seed, false), ProgressListener.NONE);
        org.fieldplan.engine.solver.search.TravelSearch.Statistics travel =
                org.fieldplan.engine.solver.search.TravelSearch.lastOnThisThread();
        lastNote = (travel == null ? "" : "travel search " + travel.iterationsPerSecond() + " iterations/s for "
                + Math.round(travel.seconds()) + " s, then ") + result.statistics().moveEvaluationSpeed()
                + " Timefold moves/s";
        return toSolution(result.plan());
    }

    private volatile String lastNote = "";

    @Override
    public String lastNote() {
        return lastNote;
    }
}
