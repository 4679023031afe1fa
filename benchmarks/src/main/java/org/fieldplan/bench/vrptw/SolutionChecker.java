package org.fieldplan.bench.vrptw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a solution against the instance independently of any solver: it recomputes the total
 * Euclidean distance in double precision and verifies the Solomon rules. A vehicle leaves the
 * depot at its ready time; arriving before a customer's ready time means waiting; the service must
 * start no later than the due date; every route must be back at the depot by the depot's due date;
 * the demand of a route must fit the capacity; at most the instance's fleet may be used; every
 * customer is served exactly once.
 */
public final class SolutionChecker {

    /** Tolerance for floating-point sums when comparing times with due dates. */
    static final double EPSILON = 1e-6;

    private SolutionChecker() {
    }

    /**
     * @param distance   total distance in double precision (of the routes as given, even when infeasible)
     * @param vehicles   number of non-empty routes
     * @param violations every broken rule, in plain words; empty when feasible and complete
     */
    public record Result(double distance, int vehicles, List<String> violations) {
        public Result {
            violations = List.copyOf(violations);
        }

        public boolean feasible() {
            return violations.isEmpty();
        }
    }

    public static Result check(SolomonInstance instance, VrptwSolution solution) {
        List<String> violations = new ArrayList<>();
        Map<Integer, Integer> positionById = new HashMap<>();
        for (int p = 1; p < instance.nodes().size(); p++) {
            positionById.put(instance.nodes().get(p).id(), p);
        }
        int[] servedCount = new int[instance.nodes().size()];
        double total = 0;
        int vehicles = 0;
        SolomonInstance.Node depot = instance.depot();
        for (int r = 0; r < solution.routes().size(); r++) {
            List<Integer> route = solution.routes().get(r);
            if (route.isEmpty()) {
                continue;
            }
            vehicles++;
            double time = depot.ready();
            int load = 0;
            int previous = 0;
            boolean routeValid = true;
            for (int k = 0; k < route.size(); k++) {
                Integer id = route.get(k);
                Integer pos = positionById.get(id);
                if (pos == null) {
                    violations.add("route " + r + " position " + k + ": customer " + id + " does not exist in "
                            + instance.name());
                    routeValid = false;
                    continue;
                }
                SolomonInstance.Node c = instance.nodes().get(pos);
                servedCount[pos]++;
                double leg = instance.distance(previous, pos);
                total += leg;
                double arrival = time + leg;
                double start = Math.max(arrival, c.ready());
                if (start > c.due() + EPSILON) {
                    violations.add(String.format("route %d: customer %d starts at %.4f after its due date %d",
                            r, id, start, c.due()));
                }
                time = start + c.service();
                load += c.demand();
                previous = pos;
            }
            double back = instance.distance(previous, 0);
            total += back;
            double end = time + back;
            if (routeValid && end > depot.due() + EPSILON) {
                violations.add(String.format("route %d: returns to the depot at %.4f after its due date %d",
                        r, end, depot.due()));
            }
            if (load > instance.capacity()) {
                violations.add("route " + r + ": load " + load + " exceeds the capacity " + instance.capacity());
            }
        }
        if (vehicles > instance.vehicles()) {
            violations.add("uses " + vehicles + " vehicles, the fleet has " + instance.vehicles());
        }
        List<Integer> missing = new ArrayList<>();
        for (int p = 1; p < servedCount.length; p++) {
            int id = instance.nodes().get(p).id();
            if (servedCount[p] == 0) {
                missing.add(id);
            } else if (servedCount[p] > 1) {
                violations.add("customer " + id + " is served " + servedCount[p] + " times");
            }
        }
        if (!missing.isEmpty()) {
            violations.add(missing.size() + " customers not served: " + missing);
        }
        return new Result(total, vehicles, violations);
    }
}
