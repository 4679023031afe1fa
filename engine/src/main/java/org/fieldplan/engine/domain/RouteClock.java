package org.fieldplan.engine.domain;

import java.util.List;

import org.fieldplan.engine.travel.TravelMatrix;
import org.jspecify.annotations.Nullable;

/**
 * The timing rules of a route, as pure functions (used by the shadow variables, the explainer and the
 * booking search alike).
 * <ul>
 * <li>The technician leaves the previous stop (or the shift's start location at its start time), travels,
 * and starts the service at the earliest moment that is inside one of the visit's time windows and, when
 * the shift has zone segments and the visit lies in zones, keeps the whole service inside a segment of one
 * of those zones. When no such moment exists the start falls back to the first window still open (and the
 * zone constraint reports it); when every window has closed the service starts on arrival (and the
 * lateness constraint reports it).</li>
 * <li>Breaks are taken in order of their earliest start. A pending break is taken while waiting at a visit
 * when it fits in the wait; otherwise it is postponed as long as it can still be taken after the visit's
 * service; otherwise it is taken on arrival at the visit (or, when that would end it too late, before
 * travelling). After the last visit, a break whose earliest start comes before the return home is taken
 * before driving home. An empty route takes no break and ends at the shift's start.</li>
 * <li>An unreachable leg ({@link TravelMatrix#UNREACHABLE}) counts as 0 s of travel in the times and is
 * reported as a hard violation.</li>
 * </ul>
 */
public final class RouteClock {

    private RouteClock() {
    }

    /**
     * The timing of {@code visit} in {@code shift}, after the stop whose timing is {@code previous}
     * ({@code null} for the first visit: the route starts at the shift's start location and time).
     */
    public static VisitTiming timeVisit(Shift shift, @Nullable Visit previousVisit, Visit visit) {
        return timeVisit(shift, previousVisit, visit, -1);
    }

    /**
     * {@link #timeVisit(Shift, Visit, Visit)} with the number of required skills the shift's technician lacks when the
     * caller knows it ({@code -1}: count them).
     */
    static VisitTiming timeVisit(Shift shift, @Nullable Visit previousVisit, Visit visit, int knownMissingSkills) {
        if (previousVisit == null) {
            return timeVisitAfter(shift, null, -1, visit, knownMissingSkills);
        }
        VisitTiming previous = previousVisit.getTiming();
        if (previous == null) {
            throw new IllegalStateException("The visit (" + previousVisit.getId()
                    + ") before visit (" + visit.getId() + ") in shift (" + shift.getId() + ") has no timing yet.");
        }
        return timeVisitAfter(shift, previous, previousVisit.getLocationIndex(), visit, knownMissingSkills);
    }

    /**
     * The timing of {@code visit} after a stop at {@code previousLocation} with timing {@code previous}
     * (both {@code null} for the first stop of the route). Pure: used to simulate insertions.
     */
    public static VisitTiming timeVisitAfter(Shift shift, @Nullable VisitTiming previous,
            @Nullable Location previousLocation, Visit visit) {
        return previous == null || previousLocation == null ? timeVisitAfter(shift, null, -1, visit, -1)
                : timeVisitAfter(shift, previous, previousLocation.index(), visit, -1);
    }

    /**
     * {@link #timeVisitAfter(Shift, VisitTiming, Location, Visit)} with the previous stop's matrix index (-1: none) and
     * the missing skills when known (-1: count them).
     */
    private static VisitTiming timeVisitAfter(Shift shift, @Nullable VisitTiming previous, int previousIndex,
            Visit visit, int knownMissingSkills) {
        TravelMatrix matrix = shift.getTravelMatrix();
        long departure;
        int fromIndex;
        int breaksTaken;
        if (previous == null) {
            departure = shift.getStartTime();
            fromIndex = shift.getStartLocation().index();
            breaksTaken = 0;
        } else {
            departure = previous.departure();
            fromIndex = previousIndex;
            breaksTaken = previous.breaksTaken();
        }
        int cell = matrix.cell(fromIndex, visit.getLocationIndex());
        int legSeconds = matrix.secondsAt(cell);
        boolean reachable = legSeconds != TravelMatrix.UNREACHABLE;
        int travel = reachable ? legSeconds : 0;
        int metres = reachable ? matrix.metresAt(cell) : 0;

        List<ShiftBreak> breaks = shift.getBreaks();
        long arrival = departure + travel;
        long ready = arrival;
        long breakSeconds = 0;
        long breakLate = 0;
        // the service start for the current 'ready' (computed once per value: with zone segments it loops over
        // segments and windows, and a visit with a break still pending would otherwise compute it twice)
        long startFor = Long.MIN_VALUE;
        long start = 0;
        // whether that start keeps the service inside a zone segment of one of the visit's zones (or zones do not
        // apply): then the zone penalty is 0 without a second pass over the segments
        boolean zoneFit = true;
        boolean zoned = visit.isZoneRestrictedIn(shift);
        while (breaksTaken < breaks.size()) {
            ShiftBreak pending = breaks.get(breaksTaken);
            if (ready != startFor) {
                start = zoned ? visit.earliestStartInZoneSegment(shift, ready) : Long.MAX_VALUE;
                zoneFit = start != Long.MAX_VALUE || !zoned;
                if (start == Long.MAX_VALUE) {
                    start = visit.earliestWindowStart(ready);
                }
                startFor = ready;
            }
            long end = start + visit.getServiceDuration();
            long onArrival = Math.max(ready, pending.earliestStart());
            if (onArrival + pending.duration() <= start) {
                // fits in the wait before the service
                ready = onArrival + pending.duration();
            } else if (Math.max(end, pending.earliestStart()) + pending.duration() <= pending.latestEnd()) {
                break; // can still be taken after this visit
            } else if (onArrival + pending.duration() <= pending.latestEnd()) {
                ready = onArrival + pending.duration();
            } else {
                long beforeTravel = Math.max(departure, pending.earliestStart());
                if (beforeTravel + pending.duration() <= pending.latestEnd() && beforeTravel <= arrival) {
                    departure = beforeTravel + pending.duration();
                    arrival = departure + travel;
                    ready = Math.max(ready, arrival);
                } else {
                    ready = onArrival + pending.duration(); // late break: as soon as possible
                    breakLate += ready - pending.latestEnd();
                }
            }
            breakSeconds += pending.duration();
            breaksTaken++;
        }
        if (ready != startFor) {
            start = zoned ? visit.earliestStartInZoneSegment(shift, ready) : Long.MAX_VALUE;
            zoneFit = start != Long.MAX_VALUE || !zoned;
            if (start == Long.MAX_VALUE) {
                start = visit.earliestWindowStart(ready);
            }
        }
        return new VisitTiming(arrival, ready, start, start + visit.getServiceDuration(), breaksTaken, breakSeconds,
                travel, metres, reachable, breakLate, visit.secondsLateForWindow(start), visit.secondsAfterDeadline(start),
                zoneFit ? 0 : visit.zonePenaltySeconds(shift, start), knownMissingSkills >= 0 ? knownMissingSkills : visit.missingSkillCountIn(shift));
    }

    /** The return leg of {@code shift} after its last visit ({@code null} for an empty route). */
    public static RouteEnd returnLeg(Shift shift, @Nullable Visit lastVisit) {
        if (lastVisit == null) {
            return new RouteEnd(shift.getStartTime(), 0, 0, 0, true, 0);
        }
        VisitTiming last = lastVisit.getTiming();
        if (last == null) {
            throw new IllegalStateException("The last visit (" + lastVisit.getId() + ") of shift (" + shift.getId()
                    + ") has no timing yet.");
        }
        return returnLegAfter(shift, last, lastVisit.getLocation());
    }

    /** The return leg after a last stop at {@code lastLocation} with timing {@code last}. Pure. */
    public static RouteEnd returnLegAfter(Shift shift, VisitTiming last, Location lastLocation) {
        TravelMatrix matrix = shift.getTravelMatrix();
        int fromIndex = lastLocation.index();
        int toIndex = shift.getEndLocation().index();
        boolean reachable = matrix.reachable(fromIndex, toIndex);
        int travel = reachable ? matrix.seconds(fromIndex, toIndex) : 0;
        int metres = reachable ? matrix.metres(fromIndex, toIndex) : 0;
        long departure = last.departure();
        long breakSeconds = 0;
        long breakLate = 0;
        List<ShiftBreak> breaks = shift.getBreaks();
        for (int i = last.breaksTaken(); i < breaks.size(); i++) {
            ShiftBreak pending = breaks.get(i);
            if (pending.earliestStart() < departure + travel) {
                departure = Math.max(departure, pending.earliestStart()) + pending.duration();
                breakSeconds += pending.duration();
                breakLate += Math.max(0, departure - pending.latestEnd());
            }
        }
        return new RouteEnd(departure + travel, breakSeconds, travel, metres, reachable, breakLate);
    }
}
