/**
 * The plan inside the service: assembling the engine's problem from the database ({@link
 * org.fieldplan.api.planning.PlanningProblems}: shifts from schedules, visits from service requests, the current
 * routes as the starting point, road travel times) and storing routes ({@link org.fieldplan.api.planning.RouteStore}).
 * Planning jobs, booking and route sheets build on these.
 */
@NullMarked
package org.fieldplan.api.planning;

import org.jspecify.annotations.NullMarked;
