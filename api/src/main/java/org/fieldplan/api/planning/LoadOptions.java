package org.fieldplan.api.planning;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.travel.GeoPoint;

/**
 * Extras for {@link PlanningProblems#load(PlanScope, LoadOptions)}.
 *
 * @param extraVisits visits that are not service requests but take room in a route (held booking windows): placed
 *                    into their shift at their position (after its pinned stops, at most at its end); never stored
 * @param spareSlots  matrix places left free after the real points (see {@link LoadedPlan#spare()}), for callers that
 *                    write one more address's travel into them
 * @param routedOnly  only the requests already on the scope's routes (what a booking-window search needs), plus
 * @param alsoRequests these requests, when plannable
 */
public record LoadOptions(List<ExtraVisit> extraVisits, int spareSlots, boolean routedOnly, Set<Long> alsoRequests) {

    public static final LoadOptions NONE = new LoadOptions(List.of(), 0, false, Set.of());

    public LoadOptions {
        extraVisits = List.copyOf(extraVisits);
        alsoRequests = Set.copyOf(alsoRequests);
        if (spareSlots < 0) {
            throw new IllegalArgumentException("spareSlots " + spareSlots + " is negative");
        }
    }

    /**
     * A visit that occupies a route without being a request.
     *
     * @param id          engine id; must not start with "r" (request visits do)
     * @param shift       the technician's day it sits in
     * @param position    where in that route
     */
    public record ExtraVisit(String id, String label, GeoPoint point, long durationSeconds, Set<Skill> skills,
            Instant windowStart, Instant windowEnd, LoadedPlan.ShiftKey shift, int position) {

        public ExtraVisit {
            if (id.startsWith("r")) {
                throw new IllegalArgumentException("extra visit id " + id + " starts with 'r', reserved for requests");
            }
            skills = Set.copyOf(skills);
        }
    }
}
