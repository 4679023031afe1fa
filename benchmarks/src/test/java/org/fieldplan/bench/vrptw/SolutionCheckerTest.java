package org.fieldplan.bench.vrptw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hand-made instance: depot at (0,0), customer 1 at (3,4) and customer 2 at (6,8), so every leg
 * of the route 0-1-2-0 is known: 5 + 5 + 10 = 20.
 */
class SolutionCheckerTest {

    private static SolomonInstance tiny(int vehicles, int capacity, int depotDue, int c2Ready, int c2Due, int c1Due) {
        return new SolomonInstance("TINY", vehicles, capacity, List.of(
                new SolomonInstance.Node(0, 0, 0, 0, 0, depotDue, 0),
                new SolomonInstance.Node(1, 3, 4, 5, 0, c1Due, 1),
                new SolomonInstance.Node(2, 6, 8, 5, c2Ready, c2Due, 1)));
    }

    private static VrptwSolution routes(List<List<Integer>> routes) {
        return new VrptwSolution(routes);
    }

    @Test
    void feasibleRouteHasTheHandComputedDistance() {
        // 0 -> 1: arrive 5, serve until 6; 1 -> 2: arrive 11, serve until 12; back at 22
        SolutionChecker.Result r = SolutionChecker.check(tiny(2, 10, 22, 0, 30, 20), routes(List.of(List.of(1, 2))));
        assertThat(r.violations()).isEmpty();
        assertThat(r.feasible()).isTrue();
        assertThat(r.distance()).isCloseTo(20.0, offset(1e-9));
        assertThat(r.vehicles()).isEqualTo(1);
    }

    @Test
    void twoRoutesCountTwoVehiclesAndEmptyRoutesAreIgnored() {
        // 0-1-0 = 10, 0-2-0 = 20
        SolutionChecker.Result r = SolutionChecker.check(tiny(3, 10, 100, 0, 30, 20),
                routes(List.of(List.of(1), List.of(), List.of(2))));
        assertThat(r.feasible()).isTrue();
        assertThat(r.distance()).isCloseTo(30.0, offset(1e-9));
        assertThat(r.vehicles()).isEqualTo(2);
    }

    @Test
    void waitingForTheWindowIsAllowed() {
        // arrive at 2 at 11, wait until 25, serve until 26, back at 36
        SolutionChecker.Result r = SolutionChecker.check(tiny(1, 10, 36, 25, 30, 20), routes(List.of(List.of(1, 2))));
        assertThat(r.feasible()).isTrue();
    }

    @Test
    void waitingCountsTowardsTheDepotHorizon() {
        // as above, but the depot closes at 35: waiting makes the route one unit late
        SolutionChecker.Result r = SolutionChecker.check(tiny(1, 10, 35, 25, 30, 20), routes(List.of(List.of(1, 2))));
        assertThat(r.feasible()).isFalse();
        assertThat(r.violations()).singleElement().asString().contains("returns to the depot at 36.0000 after its due date 35");
    }

    @Test
    void serviceAfterTheDueDateIsCaught() {
        // customer 1 due at 4, reached at 5
        SolutionChecker.Result r = SolutionChecker.check(tiny(1, 10, 100, 0, 30, 4), routes(List.of(List.of(1, 2))));
        assertThat(r.violations()).singleElement().asString().contains("customer 1 starts at 5.0000 after its due date 4");
    }

    @Test
    void theOrderMattersForWindows() {
        // 0-2-1-0: customer 2 at 10, customer 1 at 11+5 = 16 > due 15
        SolutionChecker.Result r = SolutionChecker.check(tiny(1, 10, 100, 0, 30, 15), routes(List.of(List.of(2, 1))));
        assertThat(r.feasible()).isFalse();
        assertThat(r.distance()).isCloseTo(20.0, offset(1e-9));
    }

    @Test
    void capacityIsCaught() {
        SolutionChecker.Result r = SolutionChecker.check(tiny(2, 9, 100, 0, 30, 20), routes(List.of(List.of(1, 2))));
        assertThat(r.violations()).singleElement().asString().contains("load 10 exceeds the capacity 9");
    }

    @Test
    void aMissingCustomerIsAFailureNotAShorterRoute() {
        SolutionChecker.Result r = SolutionChecker.check(tiny(2, 10, 100, 0, 30, 20), routes(List.of(List.of(1))));
        assertThat(r.feasible()).isFalse();
        assertThat(r.violations()).singleElement().asString().contains("1 customers not served: [2]");
    }

    @Test
    void aCustomerServedTwiceIsCaught() {
        SolutionChecker.Result r = SolutionChecker.check(tiny(2, 20, 100, 0, 30, 20),
                routes(List.of(List.of(1, 2), List.of(1))));
        assertThat(r.violations()).singleElement().asString().contains("customer 1 is served 2 times");
    }

    @Test
    void anUnknownCustomerIsCaught() {
        SolutionChecker.Result r = SolutionChecker.check(tiny(2, 20, 100, 0, 30, 20),
                routes(List.of(List.of(1, 2, 7))));
        assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("customer 7 does not exist"));
    }

    @Test
    void moreRoutesThanTheFleetIsCaught() {
        SolutionChecker.Result r = SolutionChecker.check(tiny(1, 10, 100, 0, 30, 20),
                routes(List.of(List.of(1), List.of(2))));
        assertThat(r.violations()).singleElement().asString().contains("uses 2 vehicles, the fleet has 1");
    }

    @Test
    void anEmptySolutionIsIncomplete() {
        SolutionChecker.Result r = SolutionChecker.check(tiny(1, 10, 100, 0, 30, 20), VrptwSolution.empty());
        assertThat(r.feasible()).isFalse();
        assertThat(r.violations()).singleElement().asString().contains("2 customers not served");
    }
}
