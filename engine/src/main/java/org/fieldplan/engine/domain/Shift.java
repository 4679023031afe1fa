package org.fieldplan.engine.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPinToIndex;
import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;
import org.fieldplan.engine.travel.TravelMatrix;
import org.jspecify.annotations.Nullable;

/**
 * A technician's working day: where and when it starts, how late it may end, which zone is served
 * when, breaks, capacity, and (the planning variable) the ordered visits of its route.
 * <p>
 * Pinning: the first {@link #getPinnedVisitCount()} visits of the route are pinned; the solver never
 * moves, removes or reorders them and never inserts before them. So pins form a PREFIX of the route
 * (the visits already done, started or locked by the dispatcher); a visit pinned in the middle of a
 * route is not expressible. Use {@link #pinVisits(int)}.
 */
@PlanningEntity
public class Shift {

    /** Capacity value meaning "no capacity limit". */
    public static final int NO_CAPACITY = -1;

    @PlanningId
    private String id;
    private Technician technician;
    private LocalDate day;
    private Location startLocation;
    private Location endLocation;
    private long startTime;
    private long latestEnd;
    private long nominalEnd;
    private List<ZoneSegment> zoneSegments;
    private List<ShiftBreak> breaks;
    private int capacity;
    private @Nullable TravelMatrix travelMatrix;

    @PlanningListVariable(allowsUnassignedValues = true)
    private List<Visit> visits = new ArrayList<>();
    @PlanningPinToIndex
    private int pinnedVisitCount;

    // memo of routeEnd(): immutable values, safe to share between solution clones
    private @Nullable RouteEnd cachedRouteEnd;
    private @Nullable VisitTiming cachedForTiming;
    private int cachedForLocation = -1;

    /** For Timefold's cloner only. */
    @SuppressWarnings("NullAway.Init")
    protected Shift() {
    }

    /**
     * @param startTime  when the technician leaves the start location (seconds since the plan's origin)
     * @param nominalEnd when the shift is meant to end; later is overtime (soft)
     * @param latestEnd  when the route must be back at the end location at the latest (hard)
     * @param zoneSegments which zone is served when; empty = every zone at any time
     * @param capacity   sum of demands the route may carry, or {@link #NO_CAPACITY}
     */
    public Shift(String id, Technician technician, LocalDate day, Location startLocation, Location endLocation,
            long startTime, long nominalEnd, long latestEnd, List<ZoneSegment> zoneSegments, List<ShiftBreak> breaks,
            int capacity) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("A shift id is blank (technician " + technician.id() + ", day " + day + ").");
        }
        if (nominalEnd < startTime) {
            throw new IllegalArgumentException("The shift (" + id + ") of technician (" + technician.id()
                    + ") ends nominally (" + nominalEnd + " s) before it starts (" + startTime
                    + " s). Maybe it crosses midnight and needs the next day's seconds?");
        }
        if (latestEnd < nominalEnd) {
            throw new IllegalArgumentException("The shift (" + id + ") has a latest end (" + latestEnd
                    + " s) before its nominal end (" + nominalEnd + " s); the latest end includes overtime.");
        }
        if (capacity < NO_CAPACITY) {
            throw new IllegalArgumentException("The shift (" + id + ") has capacity " + capacity
                    + "; use a value >= 0, or " + NO_CAPACITY + " for no limit.");
        }
        this.id = id;
        this.technician = technician;
        this.day = day;
        this.startLocation = startLocation;
        this.endLocation = endLocation;
        this.startTime = startTime;
        this.nominalEnd = nominalEnd;
        this.latestEnd = latestEnd;
        this.zoneSegments = List.copyOf(zoneSegments);
        List<ShiftBreak> sorted = new ArrayList<>(breaks);
        sorted.sort(Comparator.comparingLong(ShiftBreak::earliestStart));
        this.breaks = List.copyOf(sorted);
        this.capacity = capacity;
    }

    // ---- route facts derived from the list ------------------------------------------------------

    /** The return leg and the route's end (arrival at the end location). */
    public RouteEnd routeEnd() {
        if (visits.isEmpty()) {
            return RouteClock.returnLeg(this, null);
        }
        Visit last = visits.get(visits.size() - 1);
        VisitTiming lastTiming = last.getTiming();
        RouteEnd cached = cachedRouteEnd;
        // the return leg depends only on the last stop's timing and place (the shift's facts never change)
        if (cached != null && lastTiming != null && lastTiming == cachedForTiming
                && last.getLocation().index() == cachedForLocation) {
            return cached;
        }
        RouteEnd end = RouteClock.returnLeg(this, last);
        cachedRouteEnd = end;
        cachedForTiming = lastTiming;
        cachedForLocation = last.getLocation().index();
        return end;
    }

    /**
     * Whether the route breaks one of its own hard rules: back after the latest end, over capacity, a leg with no
     * route, a break that does not fit. One pass over the route for all four, so the four constraints share one gate
     * (issue 12) instead of each summing the route on every change.
     */
    public boolean breaksRouteRule() {
        if (visits.isEmpty()) {
            return false;
        }
        RouteEnd end = routeEnd();
        if (end.end() > latestEnd || !end.reachable() || end.breakLateSeconds() > 0) {
            return true;
        }
        RouteTotals totals = requireTotals();
        return totals.unreachableLegs() > 0 || totals.breakLateSeconds() > 0
                || (hasCapacityLimit() && totals.demand() > capacity);
    }

    /** Arrival back at the end location; the start time for an empty route. */
    public long getEndTime() {
        return routeEnd().end();
    }

    public long secondsAfterLatestEnd() {
        return Math.max(0, getEndTime() - latestEnd);
    }

    public long overtimeSeconds() {
        return Math.max(0, getEndTime() - nominalEnd);
    }

    public int totalDemand() {
        RouteTotals totals = lastTotals();
        if (totals != null) {
            return (int) totals.demand();
        }
        int sum = 0;
        for (Visit visit : visits) {
            sum += visit.getDemand();
        }
        return sum;
    }

    /** The totals of the route's visits, or null for an empty route or before the times are known. */
    private @Nullable RouteTotals lastTotals() {
        if (visits.isEmpty()) {
            return null;
        }
        return RouteTotals.of(visits);
    }

    private RouteTotals requireTotals() {
        RouteTotals totals = lastTotals();
        if (totals == null) {
            throw new IllegalStateException("The route of shift (" + id + ") has no times yet; score or solve the plan"
                    + " first (PlanSolver.score).");
        }
        return totals;
    }

    public boolean hasCapacityLimit() {
        return capacity != NO_CAPACITY;
    }

    /** Demand beyond the capacity; 0 when within or unlimited. */
    public int capacityExcess() {
        return hasCapacityLimit() ? Math.max(0, totalDemand() - capacity) : 0;
    }

    /** Travel seconds of every leg, including the return to the end location. */
    public long travelSeconds() {
        if (visits.isEmpty()) {
            return 0;
        }
        return requireTotals().travelSeconds() + routeEnd().travelSeconds();
    }

    /** Travel metres of every leg, including the return to the end location. */
    public long travelMetres() {
        if (visits.isEmpty()) {
            return 0;
        }
        return requireTotals().travelMetres() + routeEnd().travelMetres();
    }

    /** Work for fairness: service plus travel seconds. */
    public long workSeconds() {
        if (visits.isEmpty()) {
            return 0;
        }
        RouteEnd end = routeEnd();
        RouteTotals totals = requireTotals();
        return totals.travelSeconds() + end.travelSeconds() + totals.serviceSeconds();
    }

    public boolean isReturnUnreachable() {
        return !visits.isEmpty() && !routeEnd().reachable();
    }

    /** Seconds by which breaks end after their latest end, over the whole route (0 when all fit). */
    public long breakLateSeconds() {
        if (visits.isEmpty()) {
            return 0;
        }
        return requireTotals().breakLateSeconds() + routeEnd().breakLateSeconds();
    }

    /** Legs of the route (including the return) that have no route in the travel matrix. */
    public int unreachableLegCount() {
        if (visits.isEmpty()) {
            return 0;
        }
        return requireTotals().unreachableLegs() + (routeEnd().reachable() ? 0 : 1);
    }

    /**
     * How unevenly work is spread over shifts (of one day): the sum over the shifts of the absolute
     * difference between the shift's {@link #workSeconds()} and the mean, in whole minutes (rounded down).
     * Computed in integers: {@code sum_i |n * w_i - W| / n / 60} with {@code W} the total work.
     */
    public static long workloadDeviationMinutes(java.util.Collection<Shift> shifts) {
        List<Long> work = new ArrayList<>(shifts.size());
        for (Shift shift : shifts) {
            work.add(shift.workSeconds());
        }
        return deviationMinutes(work);
    }

    /** {@link #workloadDeviationMinutes} from the shifts' work seconds. */
    public static long deviationMinutes(List<Long> workSeconds) {
        int n = workSeconds.size();
        if (n < 2) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += workSeconds.get(i);
        }
        long scaledDeviation = 0;
        for (int i = 0; i < n; i++) {
            scaledDeviation += Math.abs(n * workSeconds.get(i) - total);
        }
        return scaledDeviation / n / 60;
    }

    /** Whether the shift has a zone segment for {@code zone}. */
    public boolean serves(Zone zone) {
        for (ZoneSegment segment : zoneSegments) {
            if (segment.zone().equals(zone)) {
                return true;
            }
        }
        return false;
    }

    // ---- copies ---------------------------------------------------------------------------------

    /**
     * A copy of this shift's facts with an empty route, for another technician record and other location indexes
     * (the same person and places in a sub-problem with its own matrix).
     */
    public Shift copyWith(Technician newTechnician, Location newStart, Location newEnd) {
        return new Shift(id, newTechnician, day, newStart, newEnd, startTime, nominalEnd, latestEnd, zoneSegments, breaks,
                capacity);
    }

    // ---- pinning --------------------------------------------------------------------------------

    /**
     * Pins the first {@code count} visits of the current route: they stay exactly where they are.
     */
    public void pinVisits(int count) {
        if (count < 0 || count > visits.size()) {
            throw new IllegalArgumentException("Cannot pin " + count + " visits of shift (" + id + "), which has "
                    + visits.size() + " visits; pins form a prefix of the route, 0.." + visits.size() + ".");
        }
        for (int i = 0; i < visits.size(); i++) {
            visits.get(i).setPinned(i < count);
        }
        this.pinnedVisitCount = count;
    }

    public int getPinnedVisitCount() {
        return pinnedVisitCount;
    }

    // ---- accessors ------------------------------------------------------------------------------

    public String getId() {
        return id;
    }

    public Technician getTechnician() {
        return technician;
    }

    public LocalDate getDay() {
        return day;
    }

    public Location getStartLocation() {
        return startLocation;
    }

    public Location getEndLocation() {
        return endLocation;
    }

    public long getStartTime() {
        return startTime;
    }

    public long getLatestEnd() {
        return latestEnd;
    }

    public long getNominalEnd() {
        return nominalEnd;
    }

    public List<ZoneSegment> getZoneSegments() {
        return zoneSegments;
    }

    public List<ShiftBreak> getBreaks() {
        return breaks;
    }

    public int getCapacity() {
        return capacity;
    }

    /** The plan's travel matrix, attached when the shift joins a {@link FieldPlan}. */
    public TravelMatrix getTravelMatrix() {
        TravelMatrix m = travelMatrix;
        if (m == null) {
            throw new IllegalStateException("The shift (" + id + ") has no travel matrix; create the FieldPlan"
                    + " (which attaches it) or call attachTravelMatrix first.");
        }
        return m;
    }

    public void attachTravelMatrix(TravelMatrix travelMatrix) {
        this.travelMatrix = travelMatrix;
    }

    public List<Visit> getVisits() {
        return visits;
    }

    public void setVisits(List<Visit> visits) {
        this.visits = visits;
    }

    /** A field-by-field copy for {@link FieldPlanCloner}, with {@code visits} (already mapped to the clones). */
    Shift copyForClone(List<Visit> clonedVisits) {
        Shift c = new Shift();
        c.id = id;
        c.technician = technician;
        c.day = day;
        c.startLocation = startLocation;
        c.endLocation = endLocation;
        c.startTime = startTime;
        c.latestEnd = latestEnd;
        c.nominalEnd = nominalEnd;
        c.zoneSegments = zoneSegments;
        c.breaks = breaks;
        c.capacity = capacity;
        c.travelMatrix = travelMatrix;
        c.visits = clonedVisits;
        c.pinnedVisitCount = pinnedVisitCount;
        c.cachedRouteEnd = cachedRouteEnd;
        c.cachedForTiming = cachedForTiming;
        c.cachedForLocation = cachedForLocation;
        return c;
    }

    @Override
    public String toString() {
        return id;
    }
}
