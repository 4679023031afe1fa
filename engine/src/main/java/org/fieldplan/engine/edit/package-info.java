/**
 * Editing one plan by hand, the way the board, the desk, bookings and publishing do: insert a visit into a
 * shift's route, remove it, move it to another shift or position, always after the pinned prefix, then re-time
 * the changed routes with {@link org.fieldplan.engine.domain.RouteClock} (no solver involved) and say in words
 * which hard rule a route breaks ({@link org.fieldplan.engine.edit.RouteRules}), from the same domain predicates
 * the constraints use. Plain Java: no framework, no I/O.
 */
@NullMarked
package org.fieldplan.engine.edit;

import org.jspecify.annotations.NullMarked;
