package org.fieldplan.engine.slots;

import java.util.List;
import java.util.Set;

import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.jspecify.annotations.Nullable;

/**
 * The visit a customer wants to book: where (an index into the plan's travel matrix: the caller extends the
 * matrix with the new address), how long, which skills, which zones the address lies in, the deadline and
 * demand. Times in seconds since the plan's origin.
 *
 * @param label           shown in explanations, e.g. the address
 * @param location        the new address; its index must be inside the plan's travel matrix
 * @param serviceDuration seconds on site (> 0)
 * @param requiredSkills  skills the technician needs
 * @param zones           zones the address lies in (empty: no zone restriction)
 * @param deadline        the service must end by then ({@link Visit#NO_DEADLINE} for none)
 * @param demand          capacity units the visit uses (>= 0)
 * @param serviceCode     the service type's code, to pick per-service windows; null when not needed
 */
public record NewVisit(String label, Location location, long serviceDuration, Set<Skill> requiredSkills,
        Set<Zone> zones, long deadline, int demand, @Nullable String serviceCode) {

    /** The id the booked visit carries while the search times it. */
    public static final String SEARCH_ID = "booking-window-search";

    public NewVisit {
        if (serviceDuration <= 0) {
            throw new IllegalArgumentException("The new visit (" + label + ") has service duration " + serviceDuration
                    + " s; give a positive number of seconds (the service type's duration).");
        }
        if (demand < 0) {
            throw new IllegalArgumentException("The new visit (" + label + ") has demand " + demand
                    + "; give 0 or more capacity units.");
        }
        requiredSkills = Set.copyOf(requiredSkills);
        zones = Set.copyOf(zones);
    }

    public boolean hasDeadline() {
        return deadline != Visit.NO_DEADLINE;
    }

    /** The planning visit for one window: its service must start inside {@code [windowStart, windowEnd]}. */
    Visit toVisit(long windowStart, long windowEnd) {
        return toVisit(SEARCH_ID, windowStart, windowEnd);
    }

    /**
     * The visit to store once the window is booked, with its id: the service must start inside
     * {@code [windowStart, windowEnd]} (seconds since the plan's origin, e.g. {@link WindowAnswer#start()} and
     * {@link WindowAnswer#end()}); insert it into the route at {@link Insertion#position()} so later searches count it.
     */
    public Visit toVisit(String id, long windowStart, long windowEnd) {
        return new Visit(id, label, location, serviceDuration, List.of(new TimeWindow(windowStart, windowEnd)),
                requiredSkills, zones, Visit.DEFAULT_PRIORITY, deadline, null, demand);
    }
}
