package org.fieldplan.engine.slots;

import java.util.List;

import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.RouteTotals;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.travel.TravelMatrix;
import org.jspecify.annotations.Nullable;

/**
 * One route's times, precomputed once per plan: forward, each visit's timing by the engine's
 * {@link RouteClock} (departure, breaks taken so far); backward, the latest arrival at each visit (and at the
 * end location) from which the rest of the route still keeps every visit's window, zone segment and deadline
 * and the shift's latest end, assuming no further break.
 * <p>
 * Breaks only ever delay a route, so "arrival later than the latest arrival" proves an insertion infeasible;
 * when every break of the shift is already taken before the insertion point the test is also sufficient, so the
 * check is exact in O(1) per position. When a break is still pending (a floating break that may move), the
 * candidate that passes the test is confirmed by timing the route forward from the insertion point with
 * {@link RouteClock} until its times rejoin the current ones (usually one or two visits later), so the answer is
 * exactly what the engine's timing rules and hard constraints say.
 */
final class RouteSlack {

    static final long INFEASIBLE = Long.MIN_VALUE;

    final Shift shift;
    final int size;
    final int pinned;
    private final Visit[] visits;
    private final int[] locations;
    private final VisitTiming[] timings;
    private final long[] departures;
    private final int[] breaksTaken;
    /** latestArrival[i] for visit i; latestArrival[size] for the end location. */
    private final long[] latestArrival;
    final long travelSeconds;
    final long travelMetres;
    final long workSeconds;
    final long demand;
    /** The first hard rule the current route breaks, in words, or null when it keeps them all. */
    final @Nullable String brokenRule;
    private final int breakCount;
    private final TravelMatrix matrix;

    private RouteSlack(Shift shift) {
        this.shift = shift;
        this.matrix = shift.getTravelMatrix();
        List<Visit> route = shift.getVisits();
        this.size = route.size();
        this.pinned = shift.getPinnedVisitCount();
        this.visits = route.toArray(new Visit[0]);
        this.locations = new int[size];
        this.timings = new VisitTiming[size];
        this.departures = new long[size];
        this.breaksTaken = new int[size];
        this.latestArrival = new long[size + 1];
        this.breakCount = shift.getBreaks().size();

        String broken = null;
        VisitTiming previous = null;
        Location previousLocation = null;
        long demandSum = 0;
        for (int i = 0; i < size; i++) {
            Visit v = visits[i];
            VisitTiming t = RouteClock.timeVisitAfter(shift, previous, previousLocation, v);
            timings[i] = t;
            locations[i] = v.getLocation().index();
            departures[i] = t.departure();
            breaksTaken[i] = t.breaksTaken();
            demandSum += v.getDemand();
            if (broken == null) {
                broken = brokenRule(shift, v, t);
            }
            previous = t;
            previousLocation = v.getLocation();
        }
        this.demand = demandSum;
        if (size == 0) {
            travelSeconds = 0;
            travelMetres = 0;
            workSeconds = 0;
        } else {
            RouteEnd end = RouteClock.returnLegAfter(shift, timings[size - 1], visits[size - 1].getLocation());
            if (broken == null && !end.reachable()) {
                broken = "the route has no road back to the shift's end location";
            } else if (broken == null && end.breakLateSeconds() > 0) {
                broken = "a break after the last visit ends " + end.breakLateSeconds() + " s after its latest end";
            } else if (broken == null && end.end() > shift.getLatestEnd()) {
                broken = "the route gets back " + (end.end() - shift.getLatestEnd()) + " s after the shift's latest end";
            }
            RouteTotals totals = RouteTotals.of(visits, timings, size);
            travelSeconds = totals.travelSeconds() + end.travelSeconds();
            travelMetres = totals.travelMetres() + end.travelMetres();
            workSeconds = travelSeconds + totals.serviceSeconds();
        }
        if (broken == null && shift.hasCapacityLimit() && demandSum > shift.getCapacity()) {
            broken = "the route's demand (" + demandSum + ") exceeds the capacity (" + shift.getCapacity() + ")";
        }
        this.brokenRule = broken;

        // backward: latest arrivals with no further break
        latestArrival[size] = shift.getLatestEnd();
        int next = shift.getEndLocation().index();
        for (int i = size - 1; i >= 0; i--) {
            long after = latestArrival[i + 1];
            if (after == INFEASIBLE || !matrix.reachable(locations[i], next)) {
                latestArrival[i] = INFEASIBLE;
            } else {
                long notAfter = after - matrix.seconds(locations[i], next) - visits[i].getServiceDuration();
                latestArrival[i] = visits[i].latestServiceStart(shift, notAfter);
            }
            next = locations[i];
        }
    }

    static RouteSlack of(Shift shift) {
        return new RouteSlack(shift);
    }

    boolean keepsRules() {
        return brokenRule == null;
    }

    /** The first hard rule visit {@code v}, timed {@code t} in {@code shift}, breaks, in words; null when none. */
    private static @Nullable String brokenRule(Shift shift, Visit v, VisitTiming t) {
        long start = t.start();
        if (v.isMissingSkillIn(shift)) {
            return "visit " + v.getId() + " needs a skill technician " + shift.getTechnician().id() + " lacks";
        }
        if (!t.reachable()) {
            return "visit " + v.getId() + " has no road from the previous stop";
        }
        if (t.breakLateSeconds() > 0) {
            return "a break before visit " + v.getId() + " ends " + t.breakLateSeconds() + " s after its latest end";
        }
        if (v.secondsLateForWindow(start) > 0) {
            return "visit " + v.getId() + " starts " + v.secondsLateForWindow(start) + " s after its window closed";
        }
        if (v.isOutsideZoneSchedule(shift, start)) {
            return "visit " + v.getId() + " is served outside the shift's segments for its zones";
        }
        if (v.secondsAfterDeadline(start) > 0) {
            return "visit " + v.getId() + " ends " + v.secondsAfterDeadline(start) + " s after its deadline";
        }
        return null;
    }

    /** Whether the visit, timed {@code t} in {@code shift}, keeps its own hard rules (skills checked apart). */
    static boolean keepsRules(Shift shift, Visit v, VisitTiming t) {
        long start = t.start();
        return t.reachable() && t.breakLateSeconds() == 0 && v.secondsLateForWindow(start) == 0
                && !v.isOutsideZoneSchedule(shift, start) && v.secondsAfterDeadline(start) == 0;
    }

    int fromIndex(int position) {
        return position == 0 ? shift.getStartLocation().index() : locations[position - 1];
    }

    int toIndex(int position) {
        return position == size ? shift.getEndLocation().index() : locations[position];
    }

    /** Travel seconds added by visiting {@code at} at {@code position} (the empty route's travel is 0). */
    int addedSeconds(int position, int at) {
        int from = fromIndex(position);
        int to = toIndex(position);
        int removed = size == 0 ? 0 : matrix.seconds(from, to);
        return matrix.seconds(from, at) + matrix.seconds(at, to) - removed;
    }

    int addedMetres(int position, int at) {
        int from = fromIndex(position);
        int to = toIndex(position);
        int removed = size == 0 ? 0 : matrix.metres(from, to);
        return matrix.metres(from, at) + matrix.metres(at, to) - removed;
    }

    /**
     * The service start of {@code visit} inserted at {@code position} when the route then keeps every hard rule
     * (skills and capacity are checked by the caller), else {@link #INFEASIBLE}. O(1) (times the visit's
     * windows and the shift's zone segments) when no break is pending at the insertion point; otherwise at
     * most a forward timing of the rest of the route, cut short as soon as its times rejoin the current ones or
     * provably miss a latest arrival.
     */
    long insertionStart(int position, Visit visit) {
        int at = visit.getLocation().index();
        int from = fromIndex(position);
        int to = toIndex(position);
        if (!matrix.reachable(from, at) || !matrix.reachable(at, to)) {
            return INFEASIBLE;
        }
        long afterNext = latestArrival[position];
        if (afterNext == INFEASIBLE) {
            return INFEASIBLE;
        }
        long previousDeparture = position == 0 ? shift.getStartTime() : departures[position - 1];
        long arrival = previousDeparture + matrix.seconds(from, at);
        long latestStart = visit.latestServiceStart(shift,
                afterNext - matrix.seconds(at, to) - visit.getServiceDuration());
        if (latestStart == INFEASIBLE || arrival > latestStart) {
            return INFEASIBLE; // even without a break the visit or the rest of the route is too late
        }
        int taken = position == 0 ? 0 : breaksTaken[position - 1];
        if (taken == breakCount) {
            // no break left: the slack test is exact, and the start is the earliest feasible one from arrival
            return visit.earliestServiceStart(shift, arrival);
        }
        return timeForward(position, visit);
    }

    private long timeForward(int position, Visit visit) {
        VisitTiming previous = position == 0 ? null : timings[position - 1];
        Location previousLocation = position == 0 ? null : visits[position - 1].getLocation();
        VisitTiming t = RouteClock.timeVisitAfter(shift, previous, previousLocation, visit);
        if (!keepsRules(shift, visit, t)) {
            return INFEASIBLE;
        }
        long start = t.start();
        previous = t;
        previousLocation = visit.getLocation();
        for (int j = position; j < size; j++) {
            if (previous.departure() + matrix.seconds(previousLocation.index(), locations[j]) > latestArrival[j]) {
                return INFEASIBLE;
            }
            VisitTiming tj = RouteClock.timeVisitAfter(shift, previous, previousLocation, visits[j]);
            if (!keepsRules(shift, visits[j], tj)) {
                return INFEASIBLE;
            }
            if (tj.departure() == departures[j] && tj.breaksTaken() == breaksTaken[j]) {
                return start; // the rest of the route is timed as now, and it keeps every rule
            }
            previous = tj;
            previousLocation = visits[j].getLocation();
        }
        RouteEnd end = RouteClock.returnLegAfter(shift, previous, previousLocation);
        if (!end.reachable() || end.breakLateSeconds() > 0 || end.end() > shift.getLatestEnd()) {
            return INFEASIBLE;
        }
        return start;
    }
}
