/**
 * Booking-window search: for a new visit at an address, which windows on which days fit into the current
 * routes without breaking a hard rule, with the added travel and a grade for each, or a reason in plain words.
 * Built on per-route slack (earliest and latest start times along each route), not on solver runs;
 * see {@link org.fieldplan.engine.slots.WindowSearch}.
 */
@NullMarked
package org.fieldplan.engine.slots;

import org.jspecify.annotations.NullMarked;
