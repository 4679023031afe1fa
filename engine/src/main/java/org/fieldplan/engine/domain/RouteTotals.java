package org.fieldplan.engine.domain;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Totals of a route's visits (without the way back), summed over the visits' timings by {@link #of(List)}.
 * They used to ride along the timing shadow variable; summing a route on demand is cheaper than letting every
 * change recompute every later visit of the route (see {@link VisitTiming}).
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

    /** The totals of {@code visits} in route order, or null when one of them has no timing yet. */
    public static @Nullable RouteTotals of(List<Visit> visits) {
        long travel = 0;
        long metres = 0;
        long service = 0;
        long demand = 0;
        long breakLate = 0;
        int unreachable = 0;
        for (int i = 0, n = visits.size(); i < n; i++) {
            Visit visit = visits.get(i);
            VisitTiming t = visit.getTiming();
            if (t == null) {
                return null;
            }
            travel += t.travelSeconds();
            metres += t.travelMetres();
            service += visit.getServiceDuration();
            demand += visit.getDemand();
            breakLate += t.breakLateSeconds();
            if (!t.reachable()) {
                unreachable++;
            }
        }
        return new RouteTotals(travel, metres, service, demand, breakLate, unreachable);
    }

    /** The totals of timings {@code 0..size) of {@code visits}' route (a simulated route, e.g. the booking search). */
    public static RouteTotals of(Visit[] visits, VisitTiming[] timings, int size) {
        long travel = 0;
        long metres = 0;
        long service = 0;
        long demand = 0;
        long breakLate = 0;
        int unreachable = 0;
        for (int i = 0; i < size; i++) {
            VisitTiming t = timings[i];
            travel += t.travelSeconds();
            metres += t.travelMetres();
            service += visits[i].getServiceDuration();
            demand += visits[i].getDemand();
            breakLate += t.breakLateSeconds();
            if (!t.reachable()) {
                unreachable++;
            }
        }
        return new RouteTotals(travel, metres, service, demand, breakLate, unreachable);
    }
}
