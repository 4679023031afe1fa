/**
 * The route editor of the service: the one writer of {@code route} and {@code route_stop}
 * ({@link org.fieldplan.api.planning.route.RouteWriter}) and the per-day lock every route writer takes
 * ({@link org.fieldplan.api.planning.route.DayLock}, the same lock bookings take). Changes to a route's stops are
 * made on the engine's plan with {@link org.fieldplan.engine.edit.RouteEditor} and stored here whole, with the
 * route's version checked against the one the caller read.
 */
@NullMarked
package org.fieldplan.api.planning.route;

import org.jspecify.annotations.NullMarked;
