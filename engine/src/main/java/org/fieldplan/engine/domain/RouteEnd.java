package org.fieldplan.engine.domain;

/**
 * How a route ends: the return leg from the last visit to the shift's end location.
 *
 * @param end           arrival at the end location, in seconds since the plan's origin
 *                      (the shift's start time for an empty route)
 * @param breakSeconds  breaks taken after the last visit
 * @param travelSeconds travel of the return leg (0 when unreachable or empty)
 * @param travelMetres  distance of the return leg
 * @param reachable     false when the matrix holds no route home
 * @param breakLateSeconds how far breaks taken after the last visit end after their latest end (0 normally)
 */
public record RouteEnd(long end, long breakSeconds, int travelSeconds, int travelMetres, boolean reachable,
        long breakLateSeconds) {
}
