package org.fieldplan.engine.edit;

import java.util.ArrayList;
import java.util.List;

import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;

/**
 * Insert, remove and move one visit in the routes of a plan, keeping each route's pinned prefix where it is
 * (nothing goes before a pinned visit; a pinned visit is neither removed nor moved), and re-timing every route
 * it changes by {@link RouteClock}. The visit's shift, previous visit and timing (the solver's shadow values)
 * are set as the solver would set them, so the domain predicates ({@link RouteRules}) read the new routes.
 * <p>
 * Positions count from 0 over the whole route; a position inside the pinned prefix is moved to just after it, a
 * position past the end to the end. The methods return the position actually used.
 */
public final class RouteEditor {

    private RouteEditor() {
    }

    /** A refused edit: the visit is pinned, or already in a route when it should not be, or not in one. */
    public static final class EditRefused extends IllegalStateException {
        public EditRefused(String message) {
            super(message);
        }
    }

    /** Inserts the unassigned {@code visit} into {@code shift} at {@code position}; re-times the route. */
    public static int insert(Shift shift, Visit visit, int position) {
        if (visit.getShift() != null || shift.getVisits().contains(visit)) {
            throw new EditRefused("Visit " + visit.getId() + " is already in the route of shift "
                    + (visit.getShift() == null ? shift.getId() : visit.getShift().getId()) + "; move it instead.");
        }
        int pins = shift.getPinnedVisitCount();
        List<Visit> route = new ArrayList<>(shift.getVisits());
        int at = Math.max(pins, Math.min(position, route.size()));
        route.add(at, visit);
        shift.setVisits(route);
        shift.pinVisits(pins);
        retime(shift);
        return at;
    }

    /** Takes {@code visit} out of its route (refused when it is pinned); re-times that route. */
    public static void remove(Visit visit) {
        Shift shift = visit.getShift();
        if (shift == null) {
            throw new EditRefused("Visit " + visit.getId() + " is in no route; there is nothing to remove.");
        }
        if (visit.isPinned()) {
            throw new EditRefused("Visit " + visit.getId() + " is pinned in shift " + shift.getId() + "; unpin it first.");
        }
        detach(shift, visit);
        retime(shift);
    }

    /**
     * Moves {@code visit} (in a route or not) to {@code target} at {@code position}; refused when it is pinned.
     * Re-times both routes. Within one route, the position counts in the route without the visit.
     */
    public static int move(Visit visit, Shift target, int position) {
        if (visit.isPinned()) {
            Shift from = visit.getShift();
            throw new EditRefused("Visit " + visit.getId() + " is pinned" + (from == null ? "" : " in shift " + from.getId())
                    + "; unpin it first.");
        }
        Shift source = visit.getShift();
        if (source != null) {
            detach(source, visit);
            if (source != target) {
                retime(source);
            }
        }
        return insert(target, visit, position);
    }

    /**
     * The cheapest position for the unassigned {@code visit} in {@code shift} at which the route breaks no hard rule
     * (the least added travel; ties: the earliest position), or -1 when there is none. The route is left unchanged.
     */
    public static int bestPosition(Shift shift, Visit visit) {
        int best = -1;
        long bestTravel = Long.MAX_VALUE;
        for (int p = shift.getPinnedVisitCount(); p <= shift.getVisits().size(); p++) {
            insert(shift, visit, p);
            boolean ok = RouteRules.isFeasible(shift);
            long travel = shift.travelSeconds();
            detach(shift, visit);
            if (ok && travel < bestTravel) {
                best = p;
                bestTravel = travel;
            }
        }
        retime(shift);
        return best;
    }

    /**
     * Times the route of {@code shift} from scratch by {@link RouteClock}: each visit's shift, previous visit and
     * timing, as the solver's shadow variables would have them.
     */
    public static void retime(Shift shift) {
        VisitTiming previous = null;
        Visit previousVisit = null;
        for (Visit v : shift.getVisits()) {
            v.setShift(shift);
            v.setPreviousVisit(previousVisit);
            VisitTiming t = RouteClock.timeVisitAfter(shift, previous, previousVisit == null ? null : previousVisit.getLocation(), v);
            v.setTiming(t);
            previous = t;
            previousVisit = v;
        }
    }

    private static void detach(Shift shift, Visit visit) {
        int pins = shift.getPinnedVisitCount();
        List<Visit> route = new ArrayList<>(shift.getVisits());
        int index = route.indexOf(visit);
        if (index < 0) {
            throw new EditRefused("Visit " + visit.getId() + " is not in the route of shift " + shift.getId() + ".");
        }
        route.remove(index);
        shift.setVisits(route);
        shift.pinVisits(index < pins ? pins - 1 : pins);
        unassign(visit);
    }

    private static void unassign(Visit visit) {
        visit.setShift(null);
        visit.setPreviousVisit(null);
        visit.setTiming(null);
    }
}
