package org.fieldplan.engine.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;
import ai.timefold.solver.core.api.domain.variable.PreviousElementShadowVariable;
import ai.timefold.solver.core.api.domain.variable.CascadingUpdateShadowVariable;
import org.jspecify.annotations.Nullable;

/**
 * A planned stop: a service request's work at one location. The solver places it in a shift's route
 * ({@link Shift#getVisits()}); where it lands and when is shadow state, recomputed after every change.
 * All times are seconds since the plan's origin.
 */
@PlanningEntity
public class Visit {

    /** Priority of an ordinary visit; the unassigned penalty is the priority. */
    public static final int DEFAULT_PRIORITY = 1;
    /** "No deadline" (used by benchmarks); real service requests always have one. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    @PlanningId
    private String id;
    private String label;
    private Location location;
    /** {@code location.index()}, read without a second object on the timing's hot path (issue 12). */
    private int locationIndex;
    private long serviceDuration;
    private List<TimeWindow> timeWindows;
    private Set<Skill> requiredSkills;
    private Set<Zone> zones;
    private int priority;
    private long deadline;
    private @Nullable Technician preferredTechnician;
    private int demand;
    private boolean pinned;
    private @Nullable PublishedPlacement published;
    private @Nullable VisitGroup group;
    /**
     * The last timing {@link #updateTiming()} computed and for which technician (Timefold's undo may put an older
     * timing back, so the technician counts only while the timing is that same object).
     */
    private @Nullable VisitTiming lastComputed;
    private @Nullable Technician lastComputedFor;

    @InverseRelationShadowVariable(sourceVariableName = "visits")
    private @Nullable Shift shift;
    @PreviousElementShadowVariable(sourceVariableName = "visits")
    private @Nullable Visit previousVisit;
    @CascadingUpdateShadowVariable(targetMethodName = "updateTiming")
    private @Nullable VisitTiming timing;

    /** For Timefold's cloner only. */
    @SuppressWarnings("NullAway.Init")
    protected Visit() {
    }

    /**
     * @param timeWindows windows for the service start, sorted by start and not overlapping; empty = any time
     * @param zones       the zones the visit's location lies in; empty = no zone restriction
     * @param priority    >= 1; the medium penalty when the visit stays unassigned
     * @param deadline    the service must end by then ({@link #NO_DEADLINE} for none)
     */
    public Visit(String id, String label, Location location, long serviceDuration, List<TimeWindow> timeWindows,
            Set<Skill> requiredSkills, Set<Zone> zones, int priority, long deadline,
            @Nullable Technician preferredTechnician, int demand) {
        if (id.isBlank()) {
            throw new IllegalArgumentException("A visit id is blank (label '" + label + "').");
        }
        if (serviceDuration < 0) {
            throw new IllegalArgumentException("The visit (" + id + ") has a negative service duration ("
                    + serviceDuration + " s).");
        }
        if (priority < 1) {
            throw new IllegalArgumentException("The visit (" + id + ") has priority " + priority
                    + "; priorities start at 1 (ordinary) and grow with importance.");
        }
        if (demand < 0) {
            throw new IllegalArgumentException("The visit (" + id + ") has a negative demand (" + demand + ").");
        }
        for (int i = 1; i < timeWindows.size(); i++) {
            if (timeWindows.get(i).start() <= timeWindows.get(i - 1).end()) {
                throw new IllegalArgumentException("The time windows of visit (" + id + ") overlap or are not sorted: "
                        + timeWindows.get(i - 1) + " then " + timeWindows.get(i) + "; sort them by start and merge overlaps.");
            }
        }
        this.id = id;
        this.label = label;
        this.location = location;
        this.locationIndex = location.index();
        this.serviceDuration = serviceDuration;
        this.timeWindows = List.copyOf(timeWindows);
        this.requiredSkills = Set.copyOf(requiredSkills);
        this.zones = Set.copyOf(zones);
        this.priority = priority;
        this.deadline = deadline;
        this.preferredTechnician = preferredTechnician;
        this.demand = demand;
    }

    /** A visit with no window, skill, zone, deadline, preference or demand (tests, benchmarks). */
    public static Visit simple(String id, Location location, long serviceDuration) {
        return new Visit(id, id, location, serviceDuration, List.of(), Set.of(), Set.of(), DEFAULT_PRIORITY,
                NO_DEADLINE, null, 0);
    }

    // ---- shadow variable ------------------------------------------------------------------------

    /**
     * Recomputes {@link #getTiming()} from the previous visit's (public for Timefold; not for callers). Timefold
     * calls it along the route from the first changed position and stops at the first visit whose timing comes
     * out equal to what it was: a cascading update, a plain walk down the list, which costs less per visit than
     * a declarative supplier's dependency graph.
     */
    public void updateTiming() {
        Shift s = shift;
        if (s == null || (previousVisit != null && previousVisit.getTiming() == null)) {
            timing = null;
            return;
        }
        VisitTiming old = timing;
        Technician technician = s.getTechnician();
        // the skills the technician lacks depend on the technician alone: a timing recomputed in the same route (most
        // of them, down the route after a change) keeps the count instead of looking the skills up again (issue 12)
        VisitTiming computed = RouteClock.timeVisit(s, previousVisit, this,
                old != null && old == lastComputed && lastComputedFor == technician ? old.missingSkills() : -1);
        timing = computed;
        lastComputed = computed;
        lastComputedFor = technician;
    }

    // ---- timing rules ---------------------------------------------------------------------------

    /**
     * The earliest service start at or after {@code ready} in {@code shift}: inside a time window and, where
     * zone segments apply ({@link #isZoneRestrictedIn(Shift)}), with the whole service inside a segment of one of
     * this visit's zones. Falls back to the first window still open, then to {@code ready}.
     */
    public long earliestServiceStart(Shift shift, long ready) {
        if (isZoneRestrictedIn(shift)) {
            long best = earliestStartInZoneSegment(shift, ready);
            if (best != Long.MAX_VALUE) {
                return best;
            }
        }
        return earliestWindowStart(ready);
    }

    /**
     * The earliest service start at or after {@code ready} that lies in a time window and keeps the whole service
     * inside a zone segment of {@code shift} for one of this visit's zones; {@link Long#MAX_VALUE} when there is none.
     * A start found here is one {@link #zonePenaltySeconds(Shift, long)} gives 0 for, so {@link RouteClock} skips that
     * second pass over the segments (issue 12).
     */
    long earliestStartInZoneSegment(Shift shift, long ready) {
        long best = Long.MAX_VALUE;
        for (ZoneSegment segment : shift.getZoneSegments()) {
            if (!zones.contains(segment.zone())) {
                continue;
            }
            long lo = Math.max(ready, segment.start());
            long hi = segment.end() - serviceDuration;
            if (timeWindows.isEmpty()) {
                if (lo <= hi) {
                    best = Math.min(best, lo);
                }
            } else {
                for (TimeWindow window : timeWindows) {
                    long wlo = Math.max(lo, window.start());
                    long whi = Math.min(hi, window.end());
                    if (wlo <= whi) {
                        best = Math.min(best, wlo);
                        break;
                    }
                }
            }
        }
        return best;
    }

    /** The earliest start at or after {@code ready} in a time window still open, else {@code ready} (no zones). */
    long earliestWindowStart(long ready) {
        for (TimeWindow window : timeWindows) {
            if (window.end() >= ready) {
                return Math.max(ready, window.start());
            }
        }
        return ready;
    }

    /**
     * The latest service start at or before {@code notAfter} in {@code shift} that breaks none of this visit's own
     * rules: inside a time window, inside a zone segment of one of its zones (where zone segments apply) and
     * ending by the deadline; {@link Long#MIN_VALUE} when there is none. The mirror of
     * {@link #earliestServiceStart(Shift, long)}: the feasible starts form the same set, read from the other end
     * (used by the booking search for latest start times backward along a route).
     */
    public long latestServiceStart(Shift shift, long notAfter) {
        long cap = notAfter;
        if (deadline != NO_DEADLINE) {
            cap = Math.min(cap, deadline - serviceDuration);
        }
        if (isZoneRestrictedIn(shift)) {
            long best = Long.MIN_VALUE;
            for (ZoneSegment segment : shift.getZoneSegments()) {
                if (!zones.contains(segment.zone())) {
                    continue;
                }
                long lo = segment.start();
                long hi = Math.min(cap, segment.end() - serviceDuration);
                if (timeWindows.isEmpty()) {
                    if (lo <= hi) {
                        best = Math.max(best, hi);
                    }
                } else {
                    for (TimeWindow window : timeWindows) {
                        long wlo = Math.max(lo, window.start());
                        long whi = Math.min(hi, window.end());
                        if (wlo <= whi) {
                            best = Math.max(best, whi);
                        }
                    }
                }
            }
            return best;
        }
        if (timeWindows.isEmpty()) {
            return cap;
        }
        for (int i = timeWindows.size() - 1; i >= 0; i--) {
            TimeWindow window = timeWindows.get(i);
            if (window.start() <= cap) {
                return Math.min(cap, window.end());
            }
        }
        return Long.MIN_VALUE;
    }

    /** Zone segments apply when the visit lies in zones and the shift has zone segments. */
    public boolean isZoneRestrictedIn(Shift shift) {
        return !zones.isEmpty() && !shift.getZoneSegments().isEmpty();
    }

    // ---- predicates the constraints and the explainer share ---------------------------------------

    public boolean isAssigned() {
        return shift != null;
    }

    /** Required skills the assigned technician lacks (empty when unassigned). */
    public Set<Skill> missingSkills() {
        Shift s = shift;
        if (s == null || requiredSkills.isEmpty()) {
            return Set.of();
        }
        Set<Skill> missing = new HashSet<>(requiredSkills);
        missing.removeAll(s.getTechnician().skills());
        return missing;
    }

    /** How many required skills the assigned technician lacks (0 when unassigned), without allocating. */
    public int missingSkillCount() {
        Shift s = shift;
        return s == null ? 0 : missingSkillCountIn(s);
    }

    /** How many required skills the technician of {@code shift} lacks (for the timing and simulated placements). */
    public int missingSkillCountIn(Shift shift) {
        if (requiredSkills.isEmpty()) {
            return 0;
        }
        Set<Skill> has = shift.getTechnician().skills();
        int missing = 0;
        for (Skill skill : requiredSkills) {
            if (!has.contains(skill)) {
                missing++;
            }
        }
        return missing;
    }

    public boolean isMissingSkill() {
        Shift s = shift;
        return s != null && isMissingSkillIn(s);
    }

    /** Whether the technician of {@code shift} lacks one of the required skills (for simulated placements). */
    public boolean isMissingSkillIn(Shift shift) {
        if (requiredSkills.isEmpty()) {
            return false;
        }
        Set<Skill> has = shift.getTechnician().skills();
        for (Skill skill : requiredSkills) {
            if (!has.contains(skill)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the service is assigned but not inside a zone segment (of its shift) for one of its zones (read from
     * the timing, which computed it with the times).
     */
    public boolean isOutsideZoneSchedule() {
        VisitTiming t = timing;
        return shift != null && t != null && t.outsideZoneSeconds() > 0;
    }

    /**
     * The zone-schedule penalty of a service starting at {@code start} in {@code shift}, in one pass over the segments:
     * 0 when zones do not apply or a segment of one of its zones covers the whole service, else the seconds outside the
     * best-fitting such segment (the whole service when the shift serves none of its zones), at least 1.
     */
    public long zonePenaltySeconds(Shift shift, long start) {
        if (!isZoneRestrictedIn(shift)) {
            return 0;
        }
        long end = start + serviceDuration;
        long best = -1;
        for (ZoneSegment segment : shift.getZoneSegments()) {
            if (zones.contains(segment.zone())) {
                if (segment.covers(start, end)) {
                    return 0;
                }
                long outside = segment.secondsOutside(start, end);
                if (best < 0 || outside < best) {
                    best = outside;
                }
            }
        }
        return Math.max(1, best < 0 ? serviceDuration : best);
    }

    /** Whether a service starting at {@code start} in {@code shift} is outside every segment of its zones. */
    public boolean isOutsideZoneSchedule(Shift shift, long start) {
        if (!isZoneRestrictedIn(shift)) {
            return false;
        }
        long end = start + serviceDuration;
        for (ZoneSegment segment : shift.getZoneSegments()) {
            if (zones.contains(segment.zone()) && segment.covers(start, end)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Seconds of the service outside the best-fitting zone segment of its zones (the whole service duration
     * when the shift serves none of its zones); 0 when inside one, unassigned or unrestricted.
     */
    public long secondsOutsideZoneSchedule() {
        Shift s = shift;
        VisitTiming t = timing;
        return s == null || t == null ? 0 : secondsOutsideZoneSchedule(s, t.start());
    }

    /** {@link #secondsOutsideZoneSchedule()} for a service starting at {@code start} in {@code shift}. */
    public long secondsOutsideZoneSchedule(Shift shift, long start) {
        if (!isZoneRestrictedIn(shift)) {
            return 0;
        }
        long end = start + serviceDuration;
        long best = -1;
        for (ZoneSegment segment : shift.getZoneSegments()) {
            if (zones.contains(segment.zone())) {
                long outside = segment.secondsOutside(start, end);
                if (best < 0 || outside < best) {
                    best = outside;
                }
            }
        }
        return best < 0 ? serviceDuration : best;
    }

    /** Seconds the service starts after the end of the last window that closed before it; 0 when in a window. */
    public long secondsLateForWindow() {
        VisitTiming t = timing;
        return t == null ? 0 : t.lateSeconds();
    }

    /** {@link #secondsLateForWindow()} for a service starting at {@code start}. */
    public long secondsLateForWindow(long start) {
        if (timeWindows.isEmpty()) {
            return 0;
        }
        long lastClosedEnd = Long.MIN_VALUE;
        for (TimeWindow window : timeWindows) {
            if (window.contains(start)) {
                return 0;
            }
            if (window.end() < start) {
                lastClosedEnd = window.end();
            }
        }
        return lastClosedEnd == Long.MIN_VALUE ? 0 : start - lastClosedEnd;
    }

    /** Seconds the service ends after the deadline; 0 when on time or unassigned. */
    public long secondsAfterDeadline() {
        VisitTiming t = timing;
        return t == null ? 0 : t.afterDeadlineSeconds();
    }

    /** {@link #secondsAfterDeadline()} for a service starting at {@code start}. */
    public long secondsAfterDeadline(long start) {
        if (deadline == NO_DEADLINE) {
            return 0;
        }
        return Math.max(0, start + serviceDuration - deadline);
    }

    /** Whether the leg into this visit has no route in the matrix. */
    public boolean isUnreachableFromPrevious() {
        VisitTiming t = timing;
        return t != null && !t.reachable();
    }

    /** Whether a preferred technician is set and the visit is assigned to someone else. */
    public boolean isPreferredTechnicianNotUsed() {
        Shift s = shift;
        return s != null && preferredTechnician != null && !preferredTechnician.equals(s.getTechnician());
    }

    public long travelSecondsFromPrevious() {
        VisitTiming t = timing;
        return t == null ? 0 : t.travelSeconds();
    }

    public long waitingSeconds() {
        VisitTiming t = timing;
        return t == null ? 0 : t.waitingSeconds();
    }

    // ---- minimal change against a published plan ----------------------------------------------

    /** Whether the visit was published to a technician and now is in another technician's route. */
    public boolean isMovedFromPublishedTechnician() {
        Shift s = shift;
        PublishedPlacement p = published;
        return s != null && p != null && !p.technicianId().equals(s.getTechnician().id());
    }

    /** Seconds the planned start lies outside the start promised to the customer (0 when inside, unplanned or unpublished). */
    public long secondsOutsidePromise() {
        VisitTiming t = timing;
        PublishedPlacement p = published;
        return t == null || p == null || shift == null ? 0 : p.secondsOutsidePromise(t.start());
    }

    /** Whether the customer of this published visit needs a new time (the start left the promised window). */
    public boolean hasNewTime() {
        return secondsOutsidePromise() > 0;
    }

    /**
     * How much this visit differs from its published placement, in seconds:
     * {@link PublishedPlacement#REASSIGNMENT_SECONDS} when it moved to another technician plus the seconds its start
     * lies outside the promised window. 0 when unpublished or unassigned (leaving a visit out is the medium penalty's
     * business).
     */
    public long publishedChangeSeconds() {
        return (isMovedFromPublishedTechnician() ? PublishedPlacement.REASSIGNMENT_SECONDS : 0) + secondsOutsidePromise();
    }

    /** The published placement (a fact), or null when the visit was never published. */
    public @Nullable PublishedPlacement getPublished() {
        return published;
    }

    /** Records the published placement; a fact: set it while assembling the problem, not while solving. */
    public void setPublished(@Nullable PublishedPlacement published) {
        this.published = published;
    }

    // ---- visit groups (several technicians at once) ---------------------------------------------

    /**
     * Makes this visit a member of {@code group}: its start window becomes the group's start alone, so the member waits
     * there until the others start with it. A fact: call it while assembling the problem. Returns this visit.
     */
    public Visit inGroup(VisitGroup group) {
        this.group = group;
        this.timeWindows = List.of(new TimeWindow(group.start(), group.start()));
        return this;
    }

    /**
     * Makes a copy of a member a lone visit (it keeps the group's start as its window): for a sub-problem that holds
     * only some members of a group, the others being planned elsewhere. A fact: call it while assembling the problem.
     */
    public void leaveGroup() {
        this.group = null;
    }

    /** The group this visit is a member of, or null for an ordinary visit. */
    public @Nullable VisitGroup getGroup() {
        return group;
    }

    /** The technician of the assigned shift, or null when unassigned. */
    public @Nullable Technician getTechnician() {
        Shift s = shift;
        return s == null ? null : s.getTechnician();
    }

    // ---- copies ---------------------------------------------------------------------------------

    /**
     * A copy of this visit's facts (not its place in a route, not its pin) at another location index and with other
     * start windows: for sub-problems with their own matrix (partitioning) and for replanning from a moment on.
     */
    public Visit copyWith(Location newLocation, List<TimeWindow> newWindows) {
        return copyWith(newLocation, newWindows, preferredTechnician);
    }

    /** {@link #copyWith(Location, List)} with the preferred technician's record of the copy's problem. */
    public Visit copyWith(Location newLocation, List<TimeWindow> newWindows, @Nullable Technician newPreferred) {
        Visit copy = new Visit(id, label, newLocation, serviceDuration, newWindows, requiredSkills, zones, priority,
                deadline, newPreferred, demand);
        copy.published = published;
        copy.group = group;
        return copy;
    }

    // ---- accessors ------------------------------------------------------------------------------

    public String getId() {
        return id;
    }

    public String getLabel() {
        return label;
    }

    public Location getLocation() {
        return location;
    }

    /** The location's index into the travel matrix. */
    public int getLocationIndex() {
        return locationIndex;
    }

    public long getServiceDuration() {
        return serviceDuration;
    }

    public List<TimeWindow> getTimeWindows() {
        return timeWindows;
    }

    public Set<Skill> getRequiredSkills() {
        return requiredSkills;
    }

    public Set<Zone> getZones() {
        return zones;
    }

    public int getPriority() {
        return priority;
    }

    public long getDeadline() {
        return deadline;
    }

    public boolean hasDeadline() {
        return deadline != NO_DEADLINE;
    }

    public @Nullable Technician getPreferredTechnician() {
        return preferredTechnician;
    }

    public int getDemand() {
        return demand;
    }

    /** Whether the visit is pinned at its current place (set by {@link Shift#pinVisits(int)}). */
    public boolean isPinned() {
        return pinned;
    }

    void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    public @Nullable Shift getShift() {
        return shift;
    }

    public void setShift(@Nullable Shift shift) {
        this.shift = shift;
    }

    public @Nullable Visit getPreviousVisit() {
        return previousVisit;
    }

    public void setPreviousVisit(@Nullable Visit previousVisit) {
        this.previousVisit = previousVisit;
    }

    public @Nullable VisitTiming getTiming() {
        return timing;
    }

    public void setTiming(@Nullable VisitTiming timing) {
        this.timing = timing;
    }

    /** Arrival in seconds since the origin, or -1 when unassigned. */
    public long getArrivalTime() {
        return timing == null ? -1 : timing.arrival();
    }

    /** Service start in seconds since the origin, or -1 when unassigned. */
    public long getStartTime() {
        return timing == null ? -1 : timing.start();
    }

    /** Service end (departure) in seconds since the origin, or -1 when unassigned. */
    public long getDepartureTime() {
        return timing == null ? -1 : timing.departure();
    }

    /**
     * A field-by-field copy for {@link FieldPlanCloner}; {@code shift} and {@code previousVisit} still point at
     * the original's entities and are remapped by the cloner.
     */
    Visit copyForClone() {
        Visit c = new Visit();
        c.id = id;
        c.label = label;
        c.location = location;
        c.locationIndex = locationIndex;
        c.serviceDuration = serviceDuration;
        c.timeWindows = timeWindows;
        c.requiredSkills = requiredSkills;
        c.zones = zones;
        c.priority = priority;
        c.deadline = deadline;
        c.preferredTechnician = preferredTechnician;
        c.demand = demand;
        c.pinned = pinned;
        c.published = published;
        c.group = group;
        c.lastComputed = lastComputed;
        c.lastComputedFor = lastComputedFor;
        c.shift = shift;
        c.previousVisit = previousVisit;
        c.timing = timing;
        return c;
    }

    @Override
    public String toString() {
        return id;
    }
}
