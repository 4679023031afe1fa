/**
 * Booking on the public site: the free windows for an address and a service (the engine's booking-window search
 * over the current routes, prepared once per version of the plan data), held windows, and race-safe, idempotent
 * bookings that re-check the window inside the transaction that stores them. See docs/booking.md.
 */
@NullMarked
package org.fieldplan.api.booking;

import org.jspecify.annotations.NullMarked;
