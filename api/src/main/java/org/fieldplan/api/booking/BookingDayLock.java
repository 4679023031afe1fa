package org.fieldplan.api.booking;

import java.time.LocalDate;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The per-day lock of holds and bookings: a transaction-scoped advisory lock per day, which includes every zone of
 * that day (a technician may work in several zones on one day, so a lock per zone alone would let two bookings in
 * different zones both take that technician's last free time).
 */
@Component
class BookingDayLock {

    static final int LOCK_SPACE = 0x0B00C1; // advisory lock namespace of bookings

    private final DSLContext db;

    BookingDayLock(DSLContext db) {
        this.db = db;
    }

    /** Waits for the day's lock; held until the current transaction ends. */
    void lock(LocalDate day) {
        db.fetch("SELECT pg_advisory_xact_lock(?, ?)", LOCK_SPACE, (int) day.toEpochDay());
    }
}
