package org.fieldplan.engine.domain;

/**
 * Running totals of a route up to and including one visit, carried along the route by the timing shadow
 * variable so that route-level figures (travel, work, demand) cost O(1) instead of a walk over the route.
 *
 * @param travelSeconds    travel of the legs so far
 * @param travelMetres     distance of the legs so far
 * @param serviceSeconds   service time so far
 * @param demand           demand so far
 * @param breakLateSeconds lateness of the breaks so far
 * @param unreachableLegs  legs so far with no route in the matrix
 */
public record RouteTotals(long travelSeconds, long travelMetres, long serviceSeconds, long demand,
        long breakLateSeconds, int unreachableLegs) {

    public static final RouteTotals ZERO = new RouteTotals(0, 0, 0, 0, 0, 0);

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof RouteTotals t && travelSeconds == t.travelSeconds && travelMetres == t.travelMetres
                && serviceSeconds == t.serviceSeconds && demand == t.demand && breakLateSeconds == t.breakLateSeconds
                && unreachableLegs == t.unreachableLegs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(((travelSeconds * 31 + travelMetres) * 31 + serviceSeconds) * 31 + demand);
    }

    RouteTotals plus(int legSeconds, int legMetres, long service, long visitDemand, long breakLate, boolean reachable) {
        return new RouteTotals(travelSeconds + legSeconds, travelMetres + legMetres, serviceSeconds + service,
                demand + visitDemand, breakLateSeconds + breakLate, unreachableLegs + (reachable ? 0 : 1));
    }
}
