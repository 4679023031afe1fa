/**
 * Load on the running service's public booking API: window queries from many concurrent clients
 * ({@code ./fieldplan bench windows}) and bookings racing for the same few windows ({@code ./fieldplan bench
 * booking-race}), on a generated Malta company in its own database schema.
 */
@NullMarked
package org.fieldplan.bench.booking;

import org.jspecify.annotations.NullMarked;
