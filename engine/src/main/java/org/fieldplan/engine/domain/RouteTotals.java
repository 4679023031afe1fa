package org.fieldplan.engine.domain;

/**
 * Totals of a route's legs into its visits (the way back is in {@link RouteEnd}).
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

}
