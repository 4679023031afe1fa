package org.fieldplan.engine.slots;

/**
 * Where and when a new visit fits into a route: the cheapest feasible insertion found for a window.
 *
 * @param shiftId            the shift whose route takes the visit
 * @param technicianId       its technician
 * @param position           index in the route the visit takes (0 = first; the visits from there on move back one)
 * @param serviceStart       when the service would start, in seconds since the plan's origin (as timed with the
 *                           route's current visits; the solver may move it later within the window)
 * @param addedTravelSeconds route travel after minus before (the empty route's travel counts as 0)
 * @param addedTravelMetres  the same in metres
 * @param routeWorkSeconds   the route's work (travel + service) after the insertion
 */
public record Insertion(String shiftId, String technicianId, int position, long serviceStart, int addedTravelSeconds,
        int addedTravelMetres, long routeWorkSeconds) {
}
