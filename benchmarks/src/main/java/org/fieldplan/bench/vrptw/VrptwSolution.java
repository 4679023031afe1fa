package org.fieldplan.bench.vrptw;

import java.util.List;

/**
 * A solver's answer: one list of customer ids per used vehicle, in visiting order (the depot is
 * implicit at both ends). Empty routes may be present; they are ignored.
 *
 * @param routes customer ids (the {@code CUST NO.} of the instance), never 0
 */
public record VrptwSolution(List<List<Integer>> routes) {

    public VrptwSolution {
        routes = routes.stream().map(List::copyOf).toList();
    }

    public static VrptwSolution empty() {
        return new VrptwSolution(List.of());
    }
}
