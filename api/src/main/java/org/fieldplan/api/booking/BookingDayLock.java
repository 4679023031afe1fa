package org.fieldplan.api.booking;

import java.time.LocalDate;
import org.fieldplan.api.planning.route.DayLock;
import org.springframework.stereotype.Component;

/**
 * The per-day lock of holds and bookings: a transaction-scoped advisory lock per day, which includes every zone of
 * that day (a technician may work in several zones on one day, so a lock per zone alone would let two bookings in
 * different zones both take that technician's last free time).
 */
@Component
class BookingDayLock {

    private final DayLock lock;

    BookingDayLock(DayLock lock) {
        this.lock = lock;
    }

    /** Waits for the day's lock; held until the current transaction ends. The very lock every route writer takes. */
    void lock(LocalDate day) {
        lock.lock(day);
    }
}
