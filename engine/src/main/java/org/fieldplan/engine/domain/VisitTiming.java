package org.fieldplan.engine.domain;

/**
 * When a visit happens in its route, in seconds since the plan's origin. Computed by {@link RouteClock}.
 *
 * @param arrival        when the technician arrives at the visit's location
 * @param ready          when they are free to start there (after arrival and any break taken on arrival)
 * @param start          when the service starts (ready, or later when waiting for a window or zone segment)
 * @param departure      when the service ends and they leave ({@code start + serviceDuration})
 * @param breaksTaken    how many of the shift's breaks are taken up to and including this stop
 * @param breakSeconds   break time taken on the leg into this visit (before travelling or on arrival)
 * @param travelSeconds  travel from the previous stop (or the shift's start); 0 when unreachable
 * @param travelMetres   distance from the previous stop; 0 when unreachable
 * @param reachable      false when the matrix holds no route from the previous stop
 * @param breakLateSeconds how far breaks taken on this leg end after their latest end (0 normally)
 * @param lateSeconds    seconds the service starts after the last window that closed before it (0 when in a window)
 * @param afterDeadlineSeconds seconds the service ends after the visit's deadline (0 when on time)
 * @param outsideZoneSeconds the zone-schedule penalty: 0 when the service lies inside a segment of one of the
 *                       visit's zones (or zones do not apply), else the seconds outside the best segment, at least 1
 * @param missingSkills  how many required skills the shift's technician lacks
 * <p>
 * The last four are the visit's own hard checks, computed once with the times (issue 12): the constraint filters
 * read them as fields instead of looping over windows, zone segments and skills at every score calculation.
 * <p>
 * It holds nothing about the route before the previous stop (no running totals): when a change upstream leaves
 * a visit's times as they were (the technician waits for the window either way), the visit's timing is equal
 * to the old one and Timefold stops recomputing the rest of the route there. Route totals are summed by
 * {@link RouteTotals#of(java.util.List)} when a constraint asks.
 */
public record VisitTiming(long arrival, long ready, long start, long departure, int breaksTaken, long breakSeconds,
        int travelSeconds, int travelMetres, boolean reachable, long breakLateSeconds, long lateSeconds,
        long afterDeadlineSeconds, long outsideZoneSeconds, int missingSkills) {

    /** Field by field, without the generic record machinery: Timefold compares every recomputed value. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof VisitTiming t && arrival == t.arrival && ready == t.ready && start == t.start
                && departure == t.departure && breaksTaken == t.breaksTaken && breakSeconds == t.breakSeconds
                && travelSeconds == t.travelSeconds && travelMetres == t.travelMetres && reachable == t.reachable
                && breakLateSeconds == t.breakLateSeconds && lateSeconds == t.lateSeconds
                && afterDeadlineSeconds == t.afterDeadlineSeconds && outsideZoneSeconds == t.outsideZoneSeconds
                && missingSkills == t.missingSkills;
    }

    @Override
    public int hashCode() {
        long h = arrival * 31 + start;
        h = h * 31 + departure;
        h = h * 31 + travelSeconds;
        return Long.hashCode(h);
    }

    /** Whether one of the visit's own hard checks fails (window, deadline, zone schedule, skills). */
    public boolean breaksVisitRule() {
        return (lateSeconds | afterDeadlineSeconds | outsideZoneSeconds | missingSkills) != 0;
    }

    /** Idle time at the visit between being ready and starting the service. */
    public long waitingSeconds() {
        return start - ready;
    }
}
