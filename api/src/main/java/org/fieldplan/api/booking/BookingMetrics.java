package org.fieldplan.api.booking;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Booking as an operator watches it (Prometheus names): {@code fieldplan_booking_window_query_seconds} and
 * {@code fieldplan_booking_book_seconds} (timers with a histogram, so that a p99 can be computed over any set of
 * instances), {@code fieldplan_booking_holds_live} (holds not run out and not booked, read from the database at each
 * scrape: the same on every instance).
 */
@Component
class BookingMetrics {

    final Timer windowQueries;
    final Timer bookings;

    BookingMetrics(MeterRegistry registry, BookingHolds holds) {
        this.windowQueries = Timer.builder("fieldplan.booking.window.query").description("answering a window query")
                .publishPercentileHistogram().register(registry);
        this.bookings = Timer.builder("fieldplan.booking.book").description("a booking, from the request to the answer")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("fieldplan.booking.holds.live", holds, BookingHolds::live)
                .description("holds that have not run out and are not booked").register(registry);
    }
}
